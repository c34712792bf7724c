package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.UserError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A run named on the command line, in any of upstream's forms: its id ({@code 1234567}), its id and uuid
 * ({@code 1234567:<uuid>}, which picks the exact manifest stream) or its ARN
 * ({@code arn:aws:omics:us-west-2:123456789012:run/1234567}, whose region is the one to ask).
 *
 * @param uuid   null unless given
 * @param region the ARN's region, null unless an ARN was given
 */
record RunRef(String id, String uuid, String region) {

    private static final Pattern ID = Pattern.compile("(\\d+)(?::([a-f\\d]{8}(?:-[a-f\\d]{4}){3}-[a-f\\d]{12}))?");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:omics:([a-z0-9-]+):\\d{12}:run/(\\d+)");

    static RunRef parse(String text) {
        Matcher id = ID.matcher(text);
        if (id.matches()) {
            return new RunRef(id.group(1), id.group(2), null);
        }
        Matcher arn = ARN.matcher(text);
        if (arn.matches()) {
            return new RunRef(arn.group(2), null, arn.group(1));
        }
        throw new UserError("'" + text + "' is not a run: give a run id (1234567), an id and its uuid "
                + "(1234567:0a1b2c3d-4e5f-6789-abcd-ef0123456789) or a run ARN "
                + "(arn:aws:omics:us-west-2:123456789012:run/1234567)");
    }
}
