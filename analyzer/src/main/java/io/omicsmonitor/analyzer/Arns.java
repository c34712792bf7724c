package io.omicsmonitor.analyzer;

/** The parts of a HealthOmics ARN ({@code arn:aws:omics:<region>:<account>:<type>/<id>}) the analyzer needs. */
final class Arns {

    private Arns() {
    }

    /**
     * The region: the fourth field when split on {@code :} and {@code /}, as upstream reads it. What
     * {@code arn.split("[:/]")[3]} gives, an error where that is missing or empty, found without a regex (whose
     * compilation and first match cost a short process more than the rest of this class).
     */
    static String region(String arn) {
        int start = 0;
        for (int field = 0; field < 3 && start >= 0; field++) {
            start = nextSeparator(arn, start);
            start = start < 0 ? -1 : start + 1;
        }
        int end = start < 0 ? -1 : nextSeparator(arn, start);
        if (end < 0) {
            end = arn.length();
        }
        if (start < 0 || end == start) {
            throw new IllegalArgumentException("'" + arn + "' is not an ARN with a region");
        }
        return arn.substring(start, end);
    }

    private static int nextSeparator(String arn, int from) {
        for (int i = from; i < arn.length(); i++) {
            if (isSeparator(arn.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The resource segment before the id ({@code run} or {@code task}): the second-last field, as upstream reads it.
     * What {@code arn.split("[:/]")[length - 2]} gives (trailing empty fields dropped, null for fewer than two
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
