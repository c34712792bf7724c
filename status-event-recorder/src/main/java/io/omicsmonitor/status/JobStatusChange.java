package io.omicsmonitor.status;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.Fields;
import java.util.Map;

/**
 * The detail of a read set import or export job's, or a reference import job's, status change: {@code omicsVersion,
 * id} (the job), {@code sequenceStoreId} or {@code referenceStoreId}, {@code status}, {@code statusMessage}, as
 * EventBridge's schema for {@code aws.omics} lists them.
 *
 * @param kind  "read set import job", "read set export job" or "reference import job"
 * @param store "sequence store <id>" or "reference store <id>"
 */
record JobStatusChange(String kind, String jobId, String store, String storeId, String status, String statusMessage) {

    /** Each handled detail-type: what the job is, and the detail field naming its store. */
    static final Map<String, String[]> TYPES = Map.of(
            DetailTypes.READ_SET_IMPORT_JOB_STATUS_CHANGE, new String[] {"read set import job", "sequenceStoreId", "sequence store"},
            DetailTypes.READ_SET_EXPORT_JOB_STATUS_CHANGE, new String[] {"read set export job", "sequenceStoreId", "sequence store"},
            DetailTypes.REFERENCE_IMPORT_JOB_STATUS_CHANGE, new String[] {"reference import job", "referenceStoreId", "reference store"});

    static JobStatusChange from(EventEnvelope<JsonNode> event) {
        String[] type = TYPES.get(event.detailType());
        Fields f = new Fields(event.id(), "detail", event.detail());
        String storeId = f.requiredText(type[1]);
        return new JobStatusChange(type[0], f.requiredText("id"), type[2] + " " + storeId, storeId,
                f.requiredText("status"), f.optionalText("statusMessage").orElse(null));
    }
}
