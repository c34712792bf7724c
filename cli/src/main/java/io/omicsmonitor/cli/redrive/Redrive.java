package io.omicsmonitor.cli.redrive;

import io.omicsmonitor.cli.AwsFailures;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * Reads a dead-letter queue and re-sends each original event to the function, one message after another.
 *
 * <p>Nothing is lost if it stops halfway: a message is deleted only after Lambda accepted its event (Invoke with
 * InvocationType Event answered 202), and only with the receipt handle of the receive that event came from. What was
 * not re-sent stays on the queue. The one duplicate a stop can cause is an event accepted by Lambda whose message was
 * not deleted yet (a crash, a failed DeleteMessageBatch): the next redrive sends it again, and the functions are
 * idempotent by event id (the same lake object is overwritten; custom-metrics' marker makes a sequential copy count
 * once; a FAILED run already recorded is not alerted again).
 *
 * <p>Visibility: each batch is received with {@code visibilityTimeout}, long enough for its (at most 10) invocations
 * with their retries; if a batch takes more than half of it, the batch's messages are made invisible for another
 * {@code visibilityTimeout}, so no message can reappear (and be received twice) in the middle of its own redrive.
 * At the end, every message left on the queue, a dry run's included, is made visible again at once
 * (ChangeMessageVisibility 0): it is not received again by this run (a run that meets only messages it has
 * already handled stops), and the queue's alarm and the next redrive see it immediately.
 */
final class Redrive {

    /** @param function the function to invoke, or null for the function each message names */
    record Settings(String queueUrl, String function, boolean dryRun, int max, Duration visibilityTimeout,
                    int waitSeconds) {
    }

    /** The most messages one ReceiveMessage, DeleteMessageBatch or ChangeMessageVisibilityBatch takes. */
    static final int BATCH = 10;

    private final SqsClient sqs;
    private final LambdaClient lambda;
    private final Settings settings;
    private final PrintWriter out;
    private final LongSupplier nanoTime;

    private final Map<String, Boolean> handled = new HashMap<>(); // message id -> re-sent (true) or left (false)
    private final Map<String, String> leftHandles = new LinkedHashMap<>(); // message id -> newest receipt handle

    Redrive(SqsClient sqs, LambdaClient lambda, Settings settings, PrintWriter out, LongSupplier nanoTime) {
        this.sqs = Objects.requireNonNull(sqs);
        this.lambda = settings.dryRun() ? lambda : Objects.requireNonNull(lambda);
        this.settings = settings;
        this.out = out;
        this.nanoTime = nanoTime;
    }

    Summary run() {
        Summary summary = new Summary(settings.dryRun());
        try {
            while (settings.max() == 0 || summary.receivedCount() < settings.max()) {
                int want = settings.max() == 0 ? BATCH : Math.min(BATCH, settings.max() - summary.receivedCount());
                ReceiveMessageResponse response;
                try {
                    response = sqs.receiveMessage(r -> r.queueUrl(settings.queueUrl())
                            .maxNumberOfMessages(want)
                            .visibilityTimeout((int) settings.visibilityTimeout().toSeconds())
                            .waitTimeSeconds(settings.waitSeconds())
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                                    MessageSystemAttributeName.SENT_TIMESTAMP));
                } catch (SdkException e) {
                    summary.stop(Failures.advice("ReceiveMessage", e, settings));
                    break;
                }
                if (!response.hasMessages() || response.messages().isEmpty()) {
                    break;
                }
                // Only messages this run has handled already: what is on the queue now is what it left there.
                boolean onlyHandled = response.messages().stream().allMatch(m -> handled.containsKey(m.messageId()));
                batch(response.messages(), summary);
                if (summary.stopped() != null || onlyHandled) {
                    break;
                }
            }
        } finally {
            release(summary);
        }
        return summary;
    }

    private void batch(List<Message> messages, Summary summary) {
        long receivedAt = nanoTime.getAsLong();
        List<Message> toDelete = new ArrayList<>();
        Map<String, DeadLetter> resent = new HashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (handled.containsKey(message.messageId())) {
                // SQS (at least once) delivered a message again within this run: never send its event twice. A copy
                // of one re-sent is deleted (with this receive's handle); one left stays left, under its newest handle.
                if (handled.get(message.messageId())) {
                    toDelete.add(message);
                } else {
                    leftHandles.put(message.messageId(), message.receiptHandle());
                }
                continue;
            }
            summary.received();
            DeadLetter letter = DeadLetter.read(message.body(), attributes(message));
            if (summary.stopped() != null) {
                leave(message, letter.eventId(), "not tried: the redrive stopped before its turn", false, summary);
                continue;
            }
            if (!letter.recognized()) {
                out.printf("left           message %s: %s%n", message.messageId(), letter.problem());
                leave(message, null, letter.problem(), true, summary);
                continue;
            }
            String target;
            try {
                target = target(letter);
            } catch (IllegalStateException e) {
                out.printf("left           message %s (event %s): %s%n", message.messageId(), letter.eventId(), e.getMessage());
                leave(message, letter.eventId(), e.getMessage(), true, summary);
                continue;
            }
            if (settings.dryRun()) {
                out.printf("would re-send  %s -> %s; in the queue because %s: %s%n", describe(letter), target,
                        letter.kind().label, letter.cause());
                summary.wouldResend();
                leave(message, letter.eventId(), Summary.DRY_RUN, false, summary);
                continue;
            }
            if (Duration.ofNanos(nanoTime.getAsLong() - receivedAt).compareTo(settings.visibilityTimeout().dividedBy(2)) > 0) {
                keepInvisible(messages.subList(i, messages.size()), toDelete);
                receivedAt = nanoTime.getAsLong();
            }
            String failure = invoke(target, letter, summary);
            if (failure == null) {
                out.printf("re-sent        %s -> %s; it was in the queue because %s: %s%n", describe(letter), target,
                        letter.kind().label, letter.cause());
                summary.resent();
                handled.put(message.messageId(), true);
                resent.put(message.messageId(), letter);
                toDelete.add(message);
            } else {
                out.printf("left           message %s (event %s): %s%n", message.messageId(), letter.eventId(), failure);
                leave(message, letter.eventId(), failure, true, summary);
            }
        }
        delete(toDelete, resent, summary);
    }

    /** The function to invoke for this message, or why it has none. */
    private String target(DeadLetter letter) {
        String named = letter.targetFunction();
        if (settings.function() == null) {
            if (named == null) {
                throw new IllegalStateException("the message names no function (no TARGET_ARN attribute): pass --function");
            }
            return named;
        }
        if (named != null && !FunctionNames.name(named).equals(FunctionNames.name(settings.function()))) {
            throw new IllegalStateException("it was meant for " + named + ", not --function " + settings.function()
                    + ": is this that function's queue?");
        }
        return settings.function();
    }

    /** Null when Lambda accepted the event, else why not. */
    private String invoke(String function, DeadLetter letter, Summary summary) {
        InvokeResponse response;
        try {
            response = lambda.invoke(r -> r.functionName(function)
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArray(letter.payloadBytes())));
        } catch (SdkException e) {
            if (Failures.isFatal(e)) {
                summary.stop(Failures.advice("Invoke", e, settings));
            }
            return AwsFailures.reason("Invoke", e);
        }
        Integer status = response.statusCode();
        if (status == null || status != 202) {
            return "Invoke answered HTTP " + status + ", not 202 (accepted): the event may not have been queued";
        }
        return null;
    }

    private void delete(List<Message> messages, Map<String, DeadLetter> resent, Summary summary) {
        if (messages.isEmpty()) {
            return;
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            entries.add(DeleteMessageBatchRequestEntry.builder().id("m" + i)
                    .receiptHandle(messages.get(i).receiptHandle()).build());
        }
        Map<String, String> failures = new LinkedHashMap<>();
        try {
            DeleteMessageBatchResponse response = sqs.deleteMessageBatch(r -> r.queueUrl(settings.queueUrl()).entries(entries));
            for (BatchResultErrorEntry failed : response.failed()) {
                failures.put(failed.id(), failed.code() + (failed.message() == null ? "" : ": " + failed.message()));
            }
        } catch (SdkException e) {
            for (DeleteMessageBatchRequestEntry entry : entries) {
                failures.put(entry.id(), AwsFailures.reason("DeleteMessageBatch", e));
            }
            if (Failures.isFatal(e)) {
                summary.stop(Failures.advice("DeleteMessageBatch", e, settings));
            }
        }
        for (int i = 0; i < messages.size(); i++) {
            String failure = failures.get("m" + i);
            if (failure == null) {
                leftHandles.remove(messages.get(i).messageId()); // a copy of one whose first delete failed: gone now
            } else {
                Message message = messages.get(i);
                DeadLetter letter = resent.get(message.messageId());
                leave(message, letter == null ? null : letter.eventId(), "re-sent, but not deleted (" + failure
                        + "): a later redrive sends its event again, which the function, idempotent by event id, "
                        + "records once", true, summary);
                handled.put(message.messageId(), true);
            }
        }
    }

    private void leave(Message message, String eventId, String reason, boolean failed, Summary summary) {
        summary.left(message.messageId(), eventId, reason, failed);
        handled.putIfAbsent(message.messageId(), false);
        leftHandles.put(message.messageId(), message.receiptHandle());
    }

    /** Another full visibility timeout for the batch's messages not deleted yet. */
    private void keepInvisible(List<Message> pending, List<Message> toDelete) {
        List<Message> all = new ArrayList<>(toDelete);
        all.addAll(pending);
        changeVisibility(all, (int) settings.visibilityTimeout().toSeconds());
    }

    /** Makes every message left on the queue visible again, so that the alarm and the next redrive see it at once. */
    private void release(Summary summary) {
        List<Message> left = new ArrayList<>();
        leftHandles.forEach((id, handle) -> left.add(Message.builder().messageId(id).receiptHandle(handle).build()));
        if (left.isEmpty()) {
            return;
        }
        String failure = changeVisibility(left, 0);
        if (failure != null) {
            summary.released("they become visible again when their visibility timeout ("
                    + settings.visibilityTimeout().toSeconds() + " s) ends: " + failure);
        }
    }

    /** Null when every message's visibility changed, else the first failure. */
    private String changeVisibility(List<Message> messages, int seconds) {
        String first = null;
        for (int from = 0; from < messages.size(); from += BATCH) {
            List<Message> batch = messages.subList(from, Math.min(messages.size(), from + BATCH));
            List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
                        .receiptHandle(batch.get(i).receiptHandle()).visibilityTimeout(seconds).build());
            }
            try {
                ChangeMessageVisibilityBatchResponse response = sqs.changeMessageVisibilityBatch(r -> r
                        .queueUrl(settings.queueUrl()).entries(entries));
                if (first == null && response.hasFailed() && !response.failed().isEmpty()) {
                    BatchResultErrorEntry failed = response.failed().get(0);
                    first = "ChangeMessageVisibilityBatch failed for " + response.failed().size() + " of them: "
                            + failed.code() + (failed.message() == null ? "" : ": " + failed.message());
                }
            } catch (SdkException e) {
                if (first == null) {
                    first = AwsFailures.reason("ChangeMessageVisibilityBatch", e);
                }
            }
        }
        return first;
    }

    private static Map<String, String> attributes(Message message) {
        Map<String, String> values = new HashMap<>();
        if (message.hasMessageAttributes()) {
            for (Map.Entry<String, MessageAttributeValue> e : message.messageAttributes().entrySet()) {
                if (e.getValue().stringValue() != null) {
                    values.put(e.getKey(), e.getValue().stringValue());
                }
            }
        }
        return values;
    }

    private static String describe(DeadLetter letter) {
        return "event " + letter.eventId() + "  " + letter.detailType() + "  " + letter.source();
    }
}
