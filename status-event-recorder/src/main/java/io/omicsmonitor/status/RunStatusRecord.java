package io.omicsmonitor.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatusChange;
import java.time.Instant;

/** A row of the {@code run_status_events} table: one run status change, as EventBridge delivered it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunStatusRecord(
        String eventId,
        Instant eventTime,
        String account,
        String region,
        String runId,
        String runArn,
        String runUuid,
        String runName,
        String status,
        String workflowId,
        String workflowName,
        String runOutputUri,
        String omicsVersion,
        boolean replay) {

    static RunStatusRecord of(EventEnvelope<RunStatusChange> event) {
        RunStatusChange d = event.detail();
        return new RunStatusRecord(event.id(), event.time(), account(event), region(event), d.runId(), d.arn().text(),
                d.uuid(), d.runName(), d.status().name(), d.workflowId(), d.workflowName(), d.runOutputUri(),
                d.omicsVersion(), event.replay());
    }

    private static String account(EventEnvelope<RunStatusChange> event) {
        return event.account() != null ? event.account() : event.detail().arn().account();
    }

    private static String region(EventEnvelope<RunStatusChange> event) {
        return event.region() != null ? event.region() : event.detail().arn().region();
    }
}
