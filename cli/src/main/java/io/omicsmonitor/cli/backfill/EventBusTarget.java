package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.AwsFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/**
 * Puts replay events on an EventBridge bus, up to 10 per PutEvents call (EventBridge's limit). PutEvents succeeds
 * as a call even when some entries fail: each result entry is checked, and entries that failed for a passing reason
 * (throttling, an internal failure) are sent again, alone, with exponential backoff and full jitter; the SDK's own
 * retries cover a failure of the whole call.
 */
final class EventBusTarget implements ReplayTarget {

    static final int MAX_ENTRIES = 10;
    static final int MAX_ATTEMPTS = 6;
    private static final Set<String> RETRYABLE = Set.of("ThrottlingException", "InternalFailure", "InternalException",
            "ServiceUnavailable", "ServiceUnavailableException");

    private final EventBridgeClient events;
    private final String bus;
    private final Duration baseDelay;
    private final Duration maxDelay;

    EventBusTarget(EventBridgeClient events, String bus, Duration baseDelay, Duration maxDelay) {
        this.events = events;
        this.bus = bus;
        this.baseDelay = baseDelay;
        this.maxDelay = maxDelay;
    }

    @Override
    public int batchSize() {
        return MAX_ENTRIES;
    }

    @Override
    public List<String> send(List<ObjectNode> batch) {
        String[] outcome = new String[batch.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            PutEventsResponse response;
            try {
                response = events.putEvents(b -> b.entries(pending.stream().map(i -> entry(batch.get(i))).toList()));
            } catch (ResourceNotFoundException e) {
                throw new Failures.Fatal("the event bus '" + bus + "' does not exist in this account and region: pass "
                        + "--event-bus with the name of the bus the stack's rules are on", e);
            } catch (RuntimeException e) {
                if (Failures.isFatal(e)) {
                    throw e;
                }
                String reason = AwsFailures.reason("PutEvents", e);
                pending.forEach(i -> outcome[i] = reason);
                break;
            }
            List<PutEventsResultEntry> results = response.entries();
            List<Integer> retry = new ArrayList<>();
            for (int r = 0; r < pending.size(); r++) {
                int i = pending.get(r);
                PutEventsResultEntry result = r < results.size() ? results.get(r) : null;
                if (result == null) {
                    outcome[i] = "PutEvents returned no result for this entry";
                } else if (result.errorCode() == null && result.eventId() != null) {
                    outcome[i] = null;
                } else if (RETRYABLE.contains(result.errorCode()) && attempt < MAX_ATTEMPTS) {
                    retry.add(i);
                } else {
                    outcome[i] = "PutEvents rejected the entry: " + result.errorCode() + ": " + result.errorMessage()
                            + (attempt > 1 ? " (after " + attempt + " attempts)" : "");
                }
            }
            if (!retry.isEmpty()) {
                sleep(attempt);
            }
            pending.clear();
            pending.addAll(retry);
        }
        return Arrays.asList(outcome);
    }

    private PutEventsRequestEntry entry(ObjectNode event) {
        return PutEventsRequestEntry.builder()
                .eventBusName(bus)
                .source(event.get("source").asText())
                .detailType(event.get("detail-type").asText())
                .time(Instant.parse(event.get("time").asText()))
                .resources(event.get("resources").get(0).asText())
                .detail(event.get("detail").toString())
                .build();
    }

    private void sleep(int attempt) {
        long bound = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        try {
            TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(bound + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
