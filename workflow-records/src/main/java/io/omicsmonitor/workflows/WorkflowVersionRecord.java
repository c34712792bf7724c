package io.omicsmonitor.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import java.time.Instant;
import java.util.SortedMap;
import software.amazon.awssdk.services.omics.model.GetWorkflowResponse;
import software.amazon.awssdk.services.omics.model.GetWorkflowVersionResponse;

/**
 * A row of the {@code workflow_versions} table: what GetWorkflowVersion said about one version of a workflow when it
 * became ACTIVE. One row per workflow id and version name; the presigned {@code definition} URL is left out, as in
 * {@link WorkflowRecord}.
 *
 * @param workflowName the workflow's name (GetWorkflowVersion has none), so a version reads without a join
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowVersionRecord(
        String workflowId,
        String versionName,
        String versionArn,
        String versionUuid,
        String workflowName,
        String description,
        String type,
        String ownerAccount,
        String status,
        String statusMessage,
        String engine,
        String main,
        String digest,
        JsonNode parameterTemplate,
        String storageType,
        Integer storageCapacity,
        String accelerators,
        SortedMap<String, String> metadata,
        SortedMap<String, String> tags,
        Instant creationTime,
        String account,
        String region,
        String eventId,
        Instant eventTime,
        boolean replay) {

    static WorkflowVersionRecord of(EventEnvelope<WorkflowStatusChange> event, GetWorkflowResponse workflow,
                                    GetWorkflowVersionResponse v) {
        WorkflowStatusChange d = event.detail();
        return new WorkflowVersionRecord(d.workflowId(), d.versionName(), v.arn(), v.uuid(), workflow.name(),
                v.description(), v.typeAsString(), WorkflowRecord.ownerAccount(d), v.statusAsString(), v.statusMessage(),
                v.engineAsString(), v.main(), v.digest(),
                WorkflowRecord.parameterTemplate(v.hasParameterTemplate(), v.parameterTemplate()),
                v.storageTypeAsString(), v.storageCapacity(), v.acceleratorsAsString(),
                WorkflowRecord.sorted(v.hasMetadata(), v.metadata()), WorkflowRecord.sorted(v.hasTags(), v.tags()),
                v.creationTime(), WorkflowRecord.account(event), WorkflowRecord.region(event),
                event.id(), event.time(), event.replay());
    }

    /** Filed under the version's creation, for the same reason as {@link WorkflowRecord#partitionTime()}. */
    Instant partitionTime() {
        return creationTime != null ? creationTime : eventTime;
    }

    /** The version's record id: {@code <workflowId>_<versionName>}; workflow ids are digits, so the first '_' splits. */
    static String recordId(String workflowId, String versionName) {
        return workflowId + "_" + versionName;
    }
}
