package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventSources;
import io.omicsmonitor.mapper.Json;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/**
 * Replay events in HealthOmics' own shapes (healthomics.md section 1), marked as replays by their source
 * ({@link EventSources#REPLAY}) and by {@code detail.replayId}, the deterministic id of what they stand for.
 */
final class ReplayEvents {

    static final String OMICS_VERSION = "1.0.0";

    private ReplayEvents() {
    }

    /** A {@code Run Status Change} in the run's current status, from GetRun's answer. */
    static ObjectNode run(ReplayItem item, GetRunResponse run, String workflowName) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("omicsVersion", OMICS_VERSION);
        detail.put("arn", run.arn());
        detail.put("status", run.statusAsString());
        putIfPresent(detail, "uuid", run.uuid());
        detail.put("runId", run.id());
        putIfPresent(detail, "runName", run.name());
        putIfPresent(detail, "runOutputUri", run.runOutputUri());
        putIfPresent(detail, "workflowId", run.workflowId());
        putIfPresent(detail, "workflowName", workflowName);
        detail.put("replayId", item.replayId());
        return envelope(item, DetailTypes.RUN_STATUS_CHANGE, detail);
    }

    /** A {@code Workflow Status Change} for a workflow, or for one of its versions. */
    static ObjectNode workflow(ReplayItem item) {
        ObjectNode detail = Json.MAPPER.createObjectNode();
        detail.put("omicsVersion", OMICS_VERSION);
        detail.put("arn", item.arn());
        detail.put("status", item.status());
        putIfPresent(detail, "workflowVersionName", item.versionName());
        detail.put("replayId", item.replayId());
        return envelope(item, DetailTypes.WORKFLOW_STATUS_CHANGE, detail);
    }

    /** The envelope EventBridge would deliver; the id is the replay id (EventBridge assigns its own on PutEvents). */
    private static ObjectNode envelope(ReplayItem item, String detailType, ObjectNode detail) {
        String[] arn = item.arn().split(":", 6);
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "0");
        event.put("id", item.replayId());
        event.put("detail-type", detailType);
        event.put("source", EventSources.REPLAY);
        event.put("account", arn.length > 4 ? arn[4] : "");
        // EventBridge event times have whole seconds
        event.put("time", item.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        event.put("region", arn.length > 3 ? arn[3] : "");
        event.putArray("resources").add(item.arn());
        event.set("detail", detail);
        return event;
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }
}
