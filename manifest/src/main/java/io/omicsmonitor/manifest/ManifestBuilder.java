package io.omicsmonitor.manifest;

import java.util.ArrayList;
import java.util.List;

/** Collects one run's records as they stream in; exactly one run record makes a complete manifest. */
final class ManifestBuilder {

    private RunRecord run;
    private final List<TaskRecord> tasks = new ArrayList<>();

    void run(RunRecord record, String where) {
        if (run != null && !run.arn().equals(record.arn())) {
            throw new InvalidManifestException(where + ": a second run record (" + record.arn()
                    + ") in the manifest of " + run.arn());
        }
        run = record;
    }

    void task(TaskRecord record) {
        tasks.add(record);
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
