package io.omicsmonitor.manifest;

/**
 * A task record of a run manifest. Times are the manifest's text as written (see {@link ManifestTimes} to read them);
 * call-cached tasks have no times and may have empty metrics ({@link #callCached()}).
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

    /**
     * Whether HealthOmics served the task from the run cache rather than running it: such a record has none of
     * creationTime, startTime and stopTime (healthomics.md §2). The manifest has no cache flag (GetRunTask's and
     * ListRunTasks' {@code cacheHit} are not in it), and upstream's analyzer infers it from missing times too. A task
     * that was created but never started (its run cancelled first) has a creationTime: it is not cached.
     */
    public boolean callCached() {
        return creationTime == null && startTime == null && stopTime == null;
    }

    /** Seconds from creation to start (waiting for an instance), null unless both times are known. */
    public Double queuedSeconds() {
        return ManifestTimes.secondsBetween(ManifestTimes.parse(creationTime), ManifestTimes.parse(startTime));
    }
}
