package io.omicsmonitor.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects one run's records as they stream in; exactly one run record makes a complete manifest. */
final class ManifestBuilder {

    private RunRecord run;
    private final List<TaskRecord> tasks = new ArrayList<>();

    /** True when a run record other than {@code record} was read before it: the caller names where in the error. */
    boolean isAnotherRun(RunRecord record) {
        return run != null && !run.arn().equals(record.arn());
    }

    void run(RunRecord record) {
        if (isAnotherRun(record)) {
            throw new InvalidManifestException("a second run record (" + record.arn() + ") in the manifest of "
                    + run.arn());
        }
        run = record;
    }

    RunRecord run() {
        return run;
    }

    void task(TaskRecord record) {
        tasks.add(record);
    }

    /** Appends the task records another builder collected (the next part of the same manifest). */
    void tasks(ManifestBuilder next) {
        tasks.addAll(next.tasks);
    }

    /** The run record's id, null before it is read. */
    String runId() {
        return run == null ? null : run.runId();
    }

    boolean hasRun() {
        return run != null;
    }

    int taskCount() {
        return tasks.size();
    }

    Manifest build(String source) {
        if (run == null) {
            throw new IncompleteManifestException(source + ": no run record (yet) among " + tasks.size()
                    + " task records; HealthOmics writes it when the run ends");
        }
        return new Manifest(run, tasks);
    }
}
