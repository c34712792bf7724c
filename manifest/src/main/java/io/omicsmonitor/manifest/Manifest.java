package io.omicsmonitor.manifest;

import java.util.List;

/** One run's manifest: its run record and its task records, in manifest order. */
public record Manifest(RunRecord run, List<TaskRecord> tasks) {

    public Manifest {
        tasks = List.copyOf(tasks);
    }
}
