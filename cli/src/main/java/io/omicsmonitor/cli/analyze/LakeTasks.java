package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.analyzer.RecommendedResources;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.backfill.Dates;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.ManifestTimes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The task rows of a workflow's analyzed runs in a local lake folder, for {@code analyze --lake DIR --write-config}:
 * {@code run_analysis} (each task's name and observed maxima, as the run-analyzer wrote them) joined with
 * {@code runs} (the workflow, engine, main file and start of each run), through the DuckDB views {@code query} uses.
 * The recommendations are made again from the maxima with this command's {@code --headroom}, not read from the rows
 * (which have the function's HEADROOM).
 */
final class LakeTasks {

    private record Task(String name, Double cpusMaximum, Double memoryMaximumGiB, Double gpusReserved) {
    }

    private final List<Task> tasks;
    private final int runs;
    private final String engine;
    private final String main;

    private LakeTasks(List<Task> tasks, int runs, String engine, String main) {
        this.tasks = tasks;
        this.runs = runs;
        this.engine = engine;
        this.main = main;
    }

    static LakeTasks read(Path lake, String workflowId, String since) {
        Instant from = null;
        if (since != null) {
            try {
                from = Dates.start(since);
            } catch (IllegalArgumentException e) {
                throw new UserError("--since " + e.getMessage());
            }
        }
        try (LakeDatabase db = LakeDatabase.open(lake, Optional.empty())) {
            for (String table : List.of("run_analysis", "runs")) {
                if (!db.tables().containsKey(table)) {
                    throw new UserError("the lake at " + lake + " has no " + table + " table (tables found: "
                            + (db.tables().isEmpty() ? "none" : String.join(", ", db.tables().keySet()))
                            + "): --lake needs the run-analyzer's run_analysis and the manifest-processor's runs");
                }
            }
            List<List<Object>> rows = db.query("SELECT a.run_id, a.name, a.cpus_maximum, a.memory_maximum_gib, "
                    + "a.gpus_reserved, r.engine, r.main, r.start_time FROM run_analysis a JOIN runs r "
                    + "ON a.run_id = r.run_id WHERE a.type = 'task' AND r.workflow_id = '"
                    + workflowId.replace("'", "''") + "' ORDER BY a.run_id, a.arn").rows();
            List<Task> tasks = new ArrayList<>();
            Set<String> runIds = new HashSet<>();
            Set<String> engines = new HashSet<>();
            String main = null;
            for (List<Object> row : rows) {
                if (from != null && !startedSince(row.get(7), from, row.get(0))) {
                    continue;
                }
                runIds.add((String) row.get(0));
                if (row.get(5) != null) {
                    String e = ((String) row.get(5)).toUpperCase(Locale.ROOT);
                    engines.add(e.startsWith("WDL") ? "WDL" : e);
                }
                if (main == null) {
                    main = (String) row.get(6);
                }
                tasks.add(new Task((String) row.get(1), number(row.get(2)), number(row.get(3)), number(row.get(4))));
            }
            if (tasks.isEmpty()) {
                throw new UserError("no analyzed task of workflow " + workflowId + " in the lake at " + lake
                        + (since == null ? "" : " from runs started since " + since)
                        + ": check the workflow id (runs.workflow_id) and --since");
            }
            if (engines.size() > 1) {
                throw new UserError("the runs of workflow " + workflowId + " name several engines " + engines
                        + ": pass --engine WDL, NEXTFLOW or CWL");
            }
            return new LakeTasks(tasks, runIds.size(), engines.isEmpty() ? null : engines.iterator().next(), main);
        }
    }

    private static boolean startedSince(Object startTime, Instant from, Object runId) {
        if (startTime == null) {
            return false;
        }
        try {
            return !ManifestTimes.parse(startTime.toString()).isBefore(from);
        } catch (InvalidManifestException e) {
            throw new UserError("run " + runId + " in the lake's runs table has a start_time that is not a time: "
                    + startTime);
        }
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }

    void addTo(RecommendedResources sizes) {
        for (Task t : tasks) {
            sizes.add(t.name(), t.cpusMaximum(), t.memoryMaximumGiB(), t.gpusReserved());
        }
    }

    String engine() {
        return engine;
    }

    String main() {
        return main;
    }

    int runs() {
        return runs;
    }
}
