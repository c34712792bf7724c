package io.omicsmonitor.manifest.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.log.LogContext;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.RunRecord;
import java.time.Instant;
import java.util.Set;

/** What the functions that read manifests share about their events: which they act on, and where the records go. */
public final class TerminalRunEvents {

    private static final Set<String> HANDLED = Set.of(DetailTypes.RUN_STATUS_CHANGE);

    private TerminalRunEvents() {
    }

    /**
     * The event's run status change, with the run id and status in the log context; fails unless the event is a
     * {@code Run Status Change}. Whether the status is terminal (a manifest exists) is the caller's to check.
     */
    public static EventEnvelope<RunStatusChange> read(EventEnvelope<JsonNode> event) {
        EventReader.requireDetailType(event, HANDLED);
        RunStatusChange run = RunStatusChange.from(event);
        LogContext.add("runId", run.runId());
        LogContext.add("status", run.status());
        return event.withDetail(run);
    }

    /**
     * The instant a run's lake records are filed under: the run's creation time (UTC), so every record of one run
     * lands in one partition whenever it is written; the event's time for a run record without one.
     */
    public static Instant partitionTime(RunRecord run, EventEnvelope<?> event) {
        Instant created = ManifestTimes.parse(run.creationTime());
        return created != null ? created : event.time();
    }
}
