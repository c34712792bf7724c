package io.omicsmonitor.common.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A HealthOmics ARN, {@code arn:aws:omics:us-west-2:123456789012:run/2101313}. Only ARNs of the expected resource
 * type are accepted: an S3 or a task ARN where a run ARN belongs is an error, not a record under a wrong name.
 *
 * @param account empty for resources AWS owns (READY2RUN workflows)
 * @param path    what follows {@code <resourceType>/}
 */
public record OmicsArn(String text, String partition, String region, String account, String resourceType, String path) {

    private static final Pattern ARN = Pattern.compile(
            "arn:(aws|aws-cn|aws-us-gov):omics:([a-z]{2}(?:-[a-z]+)+-\\d):(\\d{12})?:([a-zA-Z]+)/([A-Za-z0-9._/-]{1,200})");

    /** HealthOmics resource ids: runs, tasks and workflows are numbered. */
    public static final Pattern NUMERIC_ID = Pattern.compile("\\d{1,20}");

    public static OmicsArn parse(Fields fields, String name, String value, String expectedType) {
        Matcher m = ARN.matcher(value);
        if (!m.matches()) {
            throw fields.bad(name, "is '" + Fields.shorten(value) + "', expected a HealthOmics " + expectedType
                    + " ARN like arn:aws:omics:us-west-2:123456789012:" + expectedType + "/1234567");
        }
        if (!m.group(4).equals(expectedType)) {
            throw fields.bad(name, "is a HealthOmics " + m.group(4) + " ARN, expected a " + expectedType + " ARN");
        }
        return new OmicsArn(value, m.group(1), m.group(2), m.group(3) == null ? "" : m.group(3), m.group(4), m.group(5));
    }

    /** The resource's numeric id: the ARN's path when it is a number. */
    public String numericId(Fields fields, String name) {
        String id = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (!NUMERIC_ID.matcher(id).matches()) {
            throw fields.bad(name, "is '" + Fields.shorten(text) + "', whose " + resourceType + " id is not a number");
        }
        return id;
    }
}
