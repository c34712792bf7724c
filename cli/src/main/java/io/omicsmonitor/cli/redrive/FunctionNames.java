package io.omicsmonitor.cli.redrive;

/** The function name inside the forms Lambda's Invoke accepts: a name, {@code name:qualifier}, a partial or full ARN. */
final class FunctionNames {

    private FunctionNames() {
    }

    /**
     * {@code my-function}, {@code my-function:live}, {@code 123456789012:function:my-function},
     * {@code arn:aws:lambda:us-west-2:123456789012:function:my-function:live} all give {@code my-function}.
     */
    static String name(String function) {
        String[] parts = function.split(":");
        if (function.startsWith("arn:") && parts.length >= 7) {
            return parts[6];
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return parts[2];
        }
        return parts[0];
    }

    /** The alias or version in {@code function} ({@code live}, {@code 7}, {@code $LATEST}), or null when it has none. */
    static String qualifier(String function) {
        String[] parts = function.split(":");
        if (function.startsWith("arn:")) {
            return parts.length >= 8 ? parts[7] : null;
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return parts.length >= 4 ? parts[3] : null;
        }
        return parts.length >= 2 ? parts[1] : null;
    }
}
