package io.omicsmonitor.manifest;

/**
 * A task record of a run manifest. Times are the manifest's text as written (see {@link ManifestTimes} to read them);
 * call-cached tasks have no times and may have empty metrics.
 *
 * @param metrics null when the record has no {@code metrics} key at all (distinct from an empty object)
 */
public record TaskRecord(
        String arn,
        String taskId,
        String run,
        String uuid,
        String name,
        String image,
        String imageDigest,
        String instanceType,
        Number cpus,
        Number memory,
        Number gpus,
        String status,
        String statusMessage,
        String failureReason,
        String creationTime,
        String startTime,
        String stopTime,
        Metrics metrics) {
}
