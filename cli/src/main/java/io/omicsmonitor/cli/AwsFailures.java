package io.omicsmonitor.cli;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * What the commands that make many AWS calls (backfill, redrive) tell a user about a failed one, and which failures
 * every further call would meet too, so that a command stops at the first instead of failing each item alike.
 */
public final class AwsFailures {

    /** Longest reason printed: a service's message can carry a whole policy document. */
    static final int MAX_REASON = 300;

    private AwsFailures() {
    }

    /** One line: the call, the service's error code (or HTTP status) and message, and the attempts it took. */
    public static String reason(String call, Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return call + " failed: " + (code == null ? "HTTP " + aws.statusCode() : code)
                    + (message == null ? "" : ": " + oneLine(message, MAX_REASON))
                    + (aws.numAttempts() != null && aws.numAttempts() > 1 ? " (after " + aws.numAttempts() + " attempts)" : "");
        }
        return call + " failed: " + oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), MAX_REASON);
    }

    /** No credentials were found at all (the SDK's default chain came up empty). */
    public static boolean noCredentials(Throwable e) {
        return e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials");
    }

    /** Credentials refused (unknown, expired, badly signed) or not allowed the call. */
    public static boolean refused(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            return aws.statusCode() == 403 || code.equals("AccessDeniedException") || code.equals("AccessDenied")
                    || code.equals("UnrecognizedClientException") || code.equals("ExpiredTokenException")
                    || code.equals("InvalidSignatureException") || code.equals("InvalidClientTokenId");
        }
        return false;
    }

    /** {@code s} on one line (control characters and runs of white space become one space), cut at {@code max}. */
    public static String oneLine(String s, int max) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max) + "...";
    }
}
