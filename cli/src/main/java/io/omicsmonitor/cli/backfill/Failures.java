package io.omicsmonitor.cli.backfill;

import io.omicsmonitor.cli.AwsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Which failures stop a backfill (every further call would meet them too), and what to tell the user about them. */
final class Failures {

    private Failures() {
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
        return e instanceof Fatal || AwsFailures.noCredentials(e) || AwsFailures.refused(e);
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
        return AwsFailures.reason("the call", e) + "; check the credentials and that they allow omics:ListRuns, omics:GetRun, "
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
