package io.omicsmonitor.status;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import java.time.Instant;

/**
 * A row of the {@code workflow_status_events} table: a workflow that FAILED, became INACTIVE or was DELETED (a
 * workflow's history; its ACTIVE state is in {@code workflows}, written by workflow-records).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowStatusRecord(
        String eventId,
        Instant eventTime,
        String account,
        String region,
        String workflowId,
        String workflowArn,
        String workflowUuid,
        String versionName,
        String ownerAccount,
        String status,
        String omicsVersion,
        boolean replay) {

    static WorkflowStatusRecord of(EventEnvelope<WorkflowStatusChange> event) {
        WorkflowStatusChange d = event.detail();
        return new WorkflowStatusRecord(event.id(), event.time(),
                event.account() != null ? event.account() : d.arn().account(),
                event.region() != null ? event.region() : d.arn().region(),
                d.workflowId(), d.arn().text(), d.workflowUuid(), d.versionName(),
                d.ownerAccount() == null || d.ownerAccount().isEmpty() ? null : d.ownerAccount(),
                d.status().name(), d.omicsVersion(), event.replay());
    }
}
