package io.omicsmonitor.manifest;

import java.time.Instant;
import java.util.List;

/** One run's manifest: its run record and its task records, in manifest order. */
public record Manifest(RunRecord run, List<TaskRecord> tasks) {

    public Manifest {
        tasks = List.copyOf(tasks);
    }

    /** How many tasks HealthOmics served from the run cache ({@link TaskRecord#callCached()}). */
    public int cacheHits() {
        int hits = 0;
        for (TaskRecord task : tasks) {
            if (task.callCached()) {
                hits++;
            }
        }
        return hits;
    }

    /**
     * Seconds from the run's creation to its first task's start: the run's wait for HealthOmics to provision it and
     * for the engine to start work. Null when the run record has no creationTime or no task started (every task
     * call-cached, or cancelled before any started).
     */
    public Double queuedSeconds() {
        Instant first = null;
        for (TaskRecord task : tasks) {
            Instant start = ManifestTimes.parse(task.startTime());
            if (start != null && (first == null || start.isBefore(first))) {
                first = start;
            }
        }
        return ManifestTimes.secondsBetween(ManifestTimes.parse(run.creationTime()), first);
    }
}
