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

    /**
     * SnapStart priming's event for the functions that read manifests: run 1000000 of
     * {@link ManifestLogReader#PRIMING_MANIFEST} has ended; fixed id and time, nothing random or time-bound.
     */
    public static final String PRIMING_EVENT = """
            {"version":"0","id":"snapstart-priming-run","detail-type":"Run Status Change","source":"aws.omics",
             "account":"123456789012","time":"2026-01-01T01:06:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:run/1000000"],
             "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:run/1000000","status":"COMPLETED",
               "uuid":"00000000-0000-0000-0000-000000000000","runId":"1000000","runName":"priming",
               "runOutputUri":"s3://priming/run/1000000","workflowId":"1000000","workflowName":"priming"}}
            """;

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
