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

    /**
     * The resource segment before the id ({@code run} or {@code task}): the second-last field, as upstream reads it.
     * What {@code SEPARATORS.split(arn)[length - 2]} gives (trailing empty fields dropped, null for fewer than two
     * fields), found without splitting: this runs once per task.
     */
    static String resourceType(String arn) {
        int end = arn.length();
        while (end > 0 && isSeparator(arn.charAt(end - 1))) {
            end--; // split drops trailing empty fields
        }
        int last = end - 1;
        while (last >= 0 && !isSeparator(arn.charAt(last))) {
            last--;
        }
        if (last < 0) {
            return null; // fewer than two fields
        }
        int first = last - 1;
        while (first >= 0 && !isSeparator(arn.charAt(first))) {
            first--;
        }
        if (last - first - 1 == 4 && arn.startsWith("task", first + 1)) {
            return "task";
        }
        return arn.substring(first + 1, last);
    }

    private static boolean isSeparator(char c) {
        return c == ':' || c == '/';
    }
}
