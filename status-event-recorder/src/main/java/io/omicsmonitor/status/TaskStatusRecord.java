package io.omicsmonitor.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.TaskStatusChange;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.omics.model.GetRunTaskResponse;

/**
 * A row of the {@code task_status_events} table: one task status change, as EventBridge delivered it. A FAILED task's
 * row also has GetRunTask's {@code failureReason} and {@code statusMessage} (the event carries neither); every other
 * row, and rows written before these columns existed, have them null.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TaskStatusRecord(
        String eventId,
        Instant eventTime,
        String account,
        String region,
        String taskId,
        String taskArn,
        String status,
        String runId,
        String runArn,
        String runUuid,
        String runName,
        String workflowId,
        String workflowName,
        String omicsVersion,
        boolean replay,
        String failureReason,
        String statusMessage) {

    static TaskStatusRecord of(EventEnvelope<TaskStatusChange> event, Optional<GetRunTaskResponse> task) {
        TaskStatusChange d = event.detail();
        return new TaskStatusRecord(event.id(), event.time(),
                event.account() != null ? event.account() : d.arn().account(),
                event.region() != null ? event.region() : d.arn().region(),
                d.taskId(), d.arn().text(), d.status().name(), d.runId(), d.runArn(), d.runUuid(), d.runName(),
                d.workflowId(), d.workflowName(), d.omicsVersion(), event.replay(),
                task.map(GetRunTaskResponse::failureReason).orElse(null),
                task.map(GetRunTaskResponse::statusMessage).orElse(null));
    }
}
