package io.omicsmonitor.workflows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.omics.model.GetWorkflowResponse;
import software.amazon.awssdk.services.omics.model.WorkflowParameter;

/**
 * A row of the {@code workflows} table: what GetWorkflow said about a workflow when it last became ACTIVE. One row per
 * workflow id; a later event for the same workflow overwrites it.
 *
 * <p>GetWorkflow's {@code definition} is left out on purpose: it is a presigned URL that expires within minutes. The
 * {@code digest} identifies the definition for good. The {@code readme} (free text, possibly long), the container
 * registry map and the source repository details are left out too: no table reader has asked for them yet.
 *
 * @param ownerAccount the account that owns the workflow; null for READY2RUN workflows, which AWS owns
 * @param account      the account the event was delivered in
 * @param eventId      the event that last wrote this row
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WorkflowRecord(
        String workflowId,
        String workflowArn,
        String workflowUuid,
        String name,
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

    static WorkflowRecord of(EventEnvelope<WorkflowStatusChange> event, GetWorkflowResponse w) {
        WorkflowStatusChange d = event.detail();
        return new WorkflowRecord(d.workflowId(),
                w.arn() != null ? w.arn() : d.arn().text(),
                w.uuid() != null ? w.uuid() : d.workflowUuid(),
                w.name(), w.description(), w.typeAsString(), ownerAccount(d), w.statusAsString(), w.statusMessage(),
                w.engineAsString(), w.main(), w.digest(),
                parameterTemplate(w.hasParameterTemplate(), w.parameterTemplate()),
                w.storageTypeAsString(), w.storageCapacity(), w.acceleratorsAsString(),
                sorted(w.hasMetadata(), w.metadata()), sorted(w.hasTags(), w.tags()), w.creationTime(),
                account(event), region(event), event.id(), event.time(), event.replay());
    }

    /**
     * The time the row is filed under: the workflow's creation, which every event about it shares, so each workflow
     * has one object whatever day its events arrive. Only a response without a creation time falls back to the event's.
     */
    Instant partitionTime() {
        return creationTime != null ? creationTime : eventTime;
    }

    /** The template as real JSON, parameters by name: {@code {"ref_fasta": {"description": "...", "optional": false}}}. */
    static JsonNode parameterTemplate(boolean present, Map<String, WorkflowParameter> template) {
        if (!present) {
            return null;
        }
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        new TreeMap<>(template).forEach((name, parameter) -> {
            ObjectNode p = json.putObject(name);
            if (parameter.description() != null) {
                p.put("description", parameter.description());
            }
            if (parameter.optional() != null) {
                p.put("optional", parameter.optional());
            }
        });
        return json;
    }

    /** Sorted, so the same workflow always makes the same bytes; null when the response had no such map. */
    static SortedMap<String, String> sorted(boolean present, Map<String, String> map) {
        return present ? new TreeMap<>(map) : null;
    }

    static String ownerAccount(WorkflowStatusChange d) {
        return d.ownerAccount().isEmpty() ? null : d.ownerAccount();
    }

    static String account(EventEnvelope<WorkflowStatusChange> event) {
        return event.account() != null ? event.account() : ownerAccount(event.detail());
    }

    static String region(EventEnvelope<WorkflowStatusChange> event) {
        return event.region() != null ? event.region() : event.detail().arn().region();
    }
}
