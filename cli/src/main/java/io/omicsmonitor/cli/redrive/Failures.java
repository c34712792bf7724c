package io.omicsmonitor.cli.redrive;

import io.omicsmonitor.cli.AwsFailures;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** The failures every further call would meet too (which stop a redrive), and what to tell the user about them. */
final class Failures {

    private Failures() {
    }

    /** No credentials, credentials refused, no permission, no such queue or function: every message would fail alike. */
    static boolean isFatal(Throwable e) {
        if (AwsFailures.noCredentials(e) || AwsFailures.refused(e)) {
            return true;
        }
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String code = String.valueOf(aws.awsErrorDetails().errorCode());
            return code.equals("ResourceNotFoundException") || code.equals("QueueDoesNotExist")
                    || code.equals("AWS.SimpleQueueService.NonExistentQueue");
        }
        return false;
    }

    /** What to tell the user about a failure that stops the redrive. */
    static String advice(String call, Throwable e, Redrive.Settings settings) {
        if (!isFatal(e)) {
            return AwsFailures.reason(call, e);
        }
        if (AwsFailures.noCredentials(e)) {
            return "no AWS credentials found: run 'aws configure' or 'aws sso login', or pass --profile (or set AWS_PROFILE)";
        }
        String reason = AwsFailures.reason(call, e);
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
