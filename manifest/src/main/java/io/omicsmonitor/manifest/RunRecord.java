package io.omicsmonitor.manifest;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The run record of a run manifest. Nested objects a user defined (parameters, the parameter template, resource
 * digests) stay JSON trees, as written.
 *
 * @param storageType STATIC or DYNAMIC as written; null on runs older than dynamic storage (which were STATIC)
 * @param metrics     null when the record has no {@code metrics} key
 */
public record RunRecord(
        String arn,
        String runId,
        String uuid,
        String name,
        String workflow,
        String workflowType,
        String engine,
        String main,
        String digest,
        String status,
        String statusMessage,
        String failureReason,
        String roleArn,
        String startedBy,
        String outputUri,
        JsonNode parameters,
        JsonNode parameterTemplate,
        JsonNode resourceDigests,
        String storageType,
        Number storageCapacity,
        String creationTime,
        String startTime,
        String stopTime,
        Metrics metrics) {

    /** The storage type the analyzer prices: runs from before DYNAMIC storage existed were STATIC. */
    public String effectiveStorageType() {
        return storageType == null ? "STATIC" : storageType;
    }
}
