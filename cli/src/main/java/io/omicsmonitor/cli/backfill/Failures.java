package io.omicsmonitor.cli.backfill;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Short, exact failure reasons: the call, the service's error code and its message. */
final class Failures {

    private Failures() {
    }

    static String reason(String call, Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return call + " failed: " + (code == null ? "HTTP " + aws.statusCode() : code)
                    + (message == null ? "" : ": " + message)
                    + (aws.numAttempts() != null && aws.numAttempts() > 1 ? " (after " + aws.numAttempts() + " attempts)" : "");
        }
        return call + " failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * Failures that every further call would meet too: no credentials, credentials refused, no permission. A backfill
     * stops at the first of these instead of failing every item with the same reason.
     */
    static boolean isFatal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (isFatalItself(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isFatalItself(Throwable e) {
        if (e instanceof Fatal) {
            return true;
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return true;
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            return aws.statusCode() == 403 || code.equals("UnrecognizedClientException")
                    || code.equals("ExpiredTokenException") || code.equals("InvalidSignatureException")
                    || code.equals("AccessDeniedException");
        }
        return false;
    }

    /** What to tell the user about a fatal failure. */
    static String advice(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Fatal) {
                return t.getMessage();
            }
            if (t instanceof AwsServiceException || t instanceof SdkClientException) {
                e = t;
                break;
            }
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return "no AWS credentials found: run 'aws configure' or 'aws sso login', or set AWS_PROFILE "
                    + "(or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
        }
        return reason("the call", e) + "; check the credentials and that they allow omics:ListRuns, omics:GetRun, "
                + "omics:ListWorkflows, omics:ListWorkflowVersions, omics:GetWorkflow and events:PutEvents (the stack's "
                + "backfill role, the stack output BackfillRoleArn, has them all and is the only role besides the "
                + "run-analyzer's that may put events on the stack's bus)";
    }

    /** A failure that every further call would meet too, with what to do about it. */
    static final class Fatal extends RuntimeException {
        Fatal(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** An item that could not be replayed; the message is the reason. */
    static final class ItemFailed extends RuntimeException {
        ItemFailed(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
