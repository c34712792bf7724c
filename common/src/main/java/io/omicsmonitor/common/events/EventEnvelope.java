package io.omicsmonitor.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An EventBridge event: the envelope fields every function reads, and a typed detail.
 *
 * <p>For a replay ({@link #replay()}), {@code id} is the replay's own, in the replays' name space
 * ({@code replay-<replayId>}, see {@link EventReader#REPLAY_ID_PREFIX}), never the id of a live event.
 */
public record EventEnvelope<T>(
        String id,
        String detailType,
        String source,
        String account,
        Instant time,
        String region,
        List<String> resources,
        T detail) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(detail, "detail");
        resources = List.copyOf(resources);
    }

    /** True when the event was put on the stack's bus by {@code omics-monitor backfill}, not by HealthOmics. */
    public boolean replay() {
        return EventSources.REPLAY.equals(source);
    }

    public <D> EventEnvelope<D> withDetail(D typed) {
        return new EventEnvelope<>(id, detailType, source, account, time, region, resources, typed);
    }
}
