package io.omicsmonitor.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.RunRecord;
import io.omicsmonitor.manifest.logs.RunAttribution;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import java.time.Instant;
import java.util.Map;

/**
 * A row of the {@code runs} table: a finished run's manifest record, every field of it, typed. Its presence means the
 * run's {@code tasks} object is complete (it is written last).
 *
 * @param workflowId      the id in the workflow ARN, to join the {@code workflows} table
 * @param workflowName    from the run status event (the manifest does not carry it); null on older events
 * @param storageType     STATIC or DYNAMIC; runs from before DYNAMIC storage existed, whose records lack it, were STATIC
 * @param runningSeconds  stopTime - startTime, when both are known
 * @param tags            from GetRun, as the five columns before it ({@link RunAttribution}): sorted by key, empty for an
 *                        untagged run, null when GetRun no longer knows the run
 * @param queuedSeconds   creation to the first task's start ({@link Manifest#queuedSeconds()}); null for a run that
 *                        never started
 * @param cacheHits       how many of its tasks the run cache served ({@link Manifest#cacheHits()})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunRow(
        String runId,
        String runArn,
        String runUuid,
        String runName,
        String account,
        String region,
        String workflowArn,
        String workflowId,
        String workflowName,
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
        Instant creationTime,
        Instant startTime,
        Instant stopTime,
        Double runningSeconds,
        RunMetricsRow metrics,
        String workflowVersionName,
        String runGroupId,
        Integer priority,
        String cacheId,
        String cacheBehavior,
        Map<String, String> tags,
        Double queuedSeconds,
        Integer cacheHits) {

    static RunRow of(Manifest manifest, RunStatusChange event, RunAttribution attribution) {
        RunRecord run = manifest.run();
        Instant start = ManifestTimes.parse(run.startTime());
        Instant stop = ManifestTimes.parse(run.stopTime());
        return new RunRow(run.runId(), run.arn(), run.uuid(), run.name(), event.arn().account(), event.arn().region(),
                run.workflow(), lastSegment(run.workflow()), event.workflowName(), run.workflowType(), run.engine(),
                run.main(), run.digest(), run.status(), run.statusMessage(), run.failureReason(), run.roleArn(),
                run.startedBy(), run.outputUri(), run.parameters(), run.parameterTemplate(), run.resourceDigests(),
                run.effectiveStorageType(), run.storageCapacity(), ManifestTimes.parse(run.creationTime()), start, stop,
                seconds(start, stop), RunMetricsRow.of(run.metrics()), attribution.workflowVersionName(),
                attribution.runGroupId(), attribution.priority(), attribution.cacheId(), attribution.cacheBehavior(),
                attribution.tags(), manifest.queuedSeconds(), manifest.cacheHits());
    }

    /**
     * The row of a run that ended without starting (GetRun has no startTime): HealthOmics writes no manifest for it, so
     * the row holds what GetRun says. No start time, no metrics; the manifest-only fields (workflow ARN, engine, main,
     * digest, parameter template, resource digests) and the parameters are empty.
     */
    static RunRow neverStarted(GetRunResponse run, RunStatusChange event) {
        RunAttribution attribution = RunAttribution.of(run);
        return new RunRow(run.id(), run.arn(), run.uuid(), run.name(), event.arn().account(), event.arn().region(),
                null, run.workflowId(), event.workflowName(), run.workflowTypeAsString(), null, null, null,
                run.statusAsString(), run.statusMessage(), run.failureReason(), run.roleArn(), run.startedBy(),
                run.outputUri(), null, null, null, run.storageTypeAsString() != null ? run.storageTypeAsString() : "STATIC",
                run.storageCapacity(), run.creationTime(), null, run.stopTime(), null, null,
                attribution.workflowVersionName(), attribution.runGroupId(), attribution.priority(),
                attribution.cacheId(), attribution.cacheBehavior(), attribution.tags(), null, 0);
    }

    /** Seconds between two instants, to the millisecond the manifest records; null unless both are known. */
    static Double seconds(Instant start, Instant stop) {
        return ManifestTimes.secondsBetween(start, stop);
    }

    private static String lastSegment(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }
}
