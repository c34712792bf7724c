package io.omicsmonitor.analyzer;

import java.util.regex.Pattern;

/** The parts of a HealthOmics ARN ({@code arn:aws:omics:<region>:<account>:<type>/<id>}) the analyzer needs. */
final class Arns {

    private static final Pattern SEPARATORS = Pattern.compile("[:/]");

    private Arns() {
    }

    /** The region: the fourth field when split on {@code :} and {@code /}, as upstream reads it. */
    static String region(String arn) {
        String[] parts = SEPARATORS.split(arn);
        if (parts.length < 4 || parts[3].isEmpty()) {
            throw new IllegalArgumentException("'" + arn + "' is not an ARN with a region");
        }
        return parts[3];
    }

    /** The resource segment before the id ({@code run} or {@code task}): the second-last field, as upstream reads it. */
    static String resourceType(String arn) {
        String[] parts = SEPARATORS.split(arn);
        return parts.length < 2 ? null : parts[parts.length - 2];
    }
}
