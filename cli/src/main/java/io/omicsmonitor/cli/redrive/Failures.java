package io.omicsmonitor.cli.redrive;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Short, exact failure reasons, and the failures every further call would meet too (which stop a redrive). */
final class Failures {

    private Failures() {
    }

    static String reason(String call, Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = aws.awsErrorDetails().errorCode();
            String message = aws.awsErrorDetails().errorMessage();
            return call + " failed: " + (code == null ? "HTTP " + aws.statusCode() : code)
                    + (message == null ? "" : ": " + DeadLetter.oneLine(message, 200))
                    + (aws.numAttempts() != null && aws.numAttempts() > 1 ? " (after " + aws.numAttempts() + " attempts)" : "");
        }
        return call + " failed: " + DeadLetter.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), 200);
    }

    /** No credentials, credentials refused, no permission, no such queue or function: every message would fail alike. */
    static boolean isFatal(Throwable e) {
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return true;
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            return aws.statusCode() == 403 || code.equals("AccessDeniedException") || code.equals("AccessDenied")
                    || code.equals("UnrecognizedClientException") || code.equals("ExpiredTokenException")
                    || code.equals("InvalidSignatureException") || code.equals("InvalidClientTokenId")
                    || code.equals("ResourceNotFoundException") || code.equals("QueueDoesNotExist")
                    || code.equals("AWS.SimpleQueueService.NonExistentQueue");
        }
        return false;
    }

    /** What to tell the user about a failure that stops the redrive. */
    static String advice(String call, Throwable e, Redrive.Settings settings) {
        if (!isFatal(e)) {
            return reason(call, e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("Unable to load credentials")) {
            return "no AWS credentials found: run 'aws configure' or 'aws sso login', or pass --profile (or set AWS_PROFILE)";
        }
        String reason = reason(call, e);
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            if (code.equals("QueueDoesNotExist") || code.equals("AWS.SimpleQueueService.NonExistentQueue")) {
                return reason + "; check --queue-url (the queue " + settings.queueUrl() + ") and --region";
            }
            if (code.equals("ExpiredTokenException") || code.equals("ExpiredToken")) {
                return reason + "; renew the credentials (aws sso login, or a new session) and run the same command "
                        + "again: what was re-sent is deleted, the rest is on the queue";
            }
            if (code.equals("ResourceNotFoundException") && call.equals("Invoke")) {
                return reason + "; check --function and --region";
            }
        }
        return reason + "; the credentials need sqs:ReceiveMessage, sqs:DeleteMessage, sqs:ChangeMessageVisibility "
                + "on the queue, kms:Decrypt on the stack's key (the queues are encrypted) and lambda:InvokeFunction "
                + "on the function";
    }
}
