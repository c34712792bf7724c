package io.omicsmonitor.cli.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the runs a report shows from a local lake folder, through the same DuckDB views {@code query} uses:
 * {@code run_analysis} (the run row and the task rows the run-analyzer writes), {@code tasks} (each task's status and
 * creation time, from the manifest-processor) and {@code runs} (the run's name, workflow and engine). Rows come back as JSON
 * ({@code to_json}), so the report reads exactly the lake's column names whatever types DuckDB inferred.
 */
final class LakeReader implements AutoCloseable {

    private final LakeDatabase db;

    LakeReader(Path lake) {
        this.db = LakeDatabase.open(lake, Optional.empty());
        if (!db.tables().containsKey("run_analysis")) {
            db.close();
            throw new UserError("the lake at " + lake + " has no run_analysis table (tables found: "
                    + (db.tables().isEmpty() ? "none" : String.join(", ", db.tables().keySet()))
                    + "): the run-analyzer writes it when a run finishes; pass the lake folder with --lake DIR");
        }
    }

    /** The run, or a clear error when the lake does not have its analysis. */
    RunView run(String runId) {
        List<RunView> runs = views(List.of(runId));
        if (runs.isEmpty()) {
            throw new UserError("run " + runId + " is not in the lake's run_analysis table: it is written when the run "
                    + "finishes and its manifest is analyzed; check the run id, or backfill it (omics-monitor backfill "
                    + "--run-ids " + runId + ")");
        }
        return runs.get(0);
    }

    /** Every analyzed run that started at or after {@code since}, oldest first. */
    List<RunView> runsSince(Instant since) {
        List<String> ids = new ArrayList<>();
        for (JsonNode run : rows("run_analysis", "type = 'run'")) {
            Instant start = time(run, "start_time");
            if (start != null && !start.isBefore(since)) {
                ids.add(run.path("run_id").asText());
            }
        }
        List<RunView> runs = views(ids.stream().distinct().toList());
        runs.sort(Comparator.comparing(RunView::start, Comparator.nullsLast(Comparator.naturalOrder())));
        return runs;
    }

    /**
     * The analyzed runs among {@code runIds}: one query per table for all of them, not per run (a month's report
     * has thousands of runs, and each query scans the table).
     */
    private List<RunView> views(List<String> runIds) {
        if (runIds.isEmpty()) {
            return new ArrayList<>();
        }
        String where = "run_id IN (" + String.join(", ", runIds.stream().map(LakeReader::literal).toList()) + ")";
        Map<String, List<JsonNode>> analysis = byRun(rows("run_analysis", where));
        Map<String, List<JsonNode>> tasks = db.tables().containsKey("tasks") ? byRun(rows("tasks", where)) : Map.of();
        Map<String, List<JsonNode>> runInfo = db.tables().containsKey("runs") ? byRun(rows("runs", where)) : Map.of();
        List<RunView> views = new ArrayList<>();
        for (String runId : runIds) {
            List<JsonNode> rows = analysis.getOrDefault(runId, List.of());
            if (rows.stream().anyMatch(r -> "run".equals(r.path("type").asText()))) {
                views.add(view(runId, rows, tasks.getOrDefault(runId, List.of()),
                        runInfo.getOrDefault(runId, List.of()).stream().findFirst().orElse(null)));
            }
        }
        return views;
    }

    private static Map<String, List<JsonNode>> byRun(List<JsonNode> rows) {
        Map<String, List<JsonNode>> byRun = new HashMap<>();
        for (JsonNode row : rows) {
            byRun.computeIfAbsent(row.path("run_id").asText(), k -> new ArrayList<>()).add(row);
        }
        return byRun;
    }

    private RunView view(String runId, List<JsonNode> analysis, List<JsonNode> taskRows, JsonNode runInfo) {
        Map<String, JsonNode> taskByArn = new HashMap<>();
        for (JsonNode task : taskRows) {
            taskByArn.put(task.path("task_arn").asText(), task);
        }
        JsonNode run = analysis.stream().filter(r -> "run".equals(r.path("type").asText())).findFirst().orElseThrow();
        List<TaskView> tasks = new ArrayList<>();
        for (JsonNode r : analysis) {
            if (!"task".equals(r.path("type").asText())) {
                continue;
            }
            JsonNode task = taskByArn.get(text(r, "arn"));
            Instant start = time(r, "start_time");
            tasks.add(new TaskView(text(r, "arn"), text(r, "name"), task == null ? null : text(task, "status"),
                    start, time(r, "stop_time"), queuedSeconds(r, task, start), cached(r, task),
                    number(r, "cpus_reserved"), number(r, "cpus_maximum"), number(r, "cpus_average"),
                    number(r, "memory_reserved_gib"), number(r, "memory_maximum_gib"), number(r, "memory_average_gib"),
                    text(r, "omics_instance_type_reserved"), text(r, "omics_instance_type_minimum"),
                    number(r, "recommended_cpus"), number(r, "recommended_memory_gib"),
                    number(r, "estimated_usd"), number(r, "minimum_usd")));
        }
        tasks.sort(Comparator.comparing(TaskView::start, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(t -> String.valueOf(t.name())));
        List<String> missing = new ArrayList<>();
        run.path("missing_prices").forEach(p -> missing.add(p.asText()));
        String name = runInfo != null && text(runInfo, "run_name") != null ? text(runInfo, "run_name") : text(run, "name");
        String workflow = runInfo == null ? null : Optional.ofNullable(text(runInfo, "workflow_name"))
                .orElse(text(runInfo, "workflow_id"));
        return new RunView(runId, name, text(run, "status"), workflow, runInfo == null ? null : text(runInfo, "engine"),
                time(run, "start_time"), time(run, "stop_time"), number(run, "total_estimated_usd"),
                number(run, "total_minimum_usd"), number(run, "potential_saving_usd"), number(run, "estimated_usd"),
                missing, tasks);
    }

    /**
     * The task's queue time: the lake's {@code queued_seconds} (run_analysis, then tasks) where a writer stored it,
     * else its creation time (tasks) to its start. Lakes written before that column existed have only the times.
     */
    static Double queuedSeconds(JsonNode analysis, JsonNode task, Instant start) {
        Double stored = number(analysis, "queued_seconds");
        if (stored == null && task != null) {
            stored = number(task, "queued_seconds");
        }
        if (stored != null) {
            return stored;
        }
        Instant created = task == null ? null : time(task, "creation_time");
        if (created == null || start == null || start.isBefore(created)) {
            return null;
        }
        return Duration.between(created, start).toMillis() / 1000.0;
    }

    /** Served from the call cache: the lake's {@code cached} (run_analysis, then tasks); false when absent. */
    static boolean cached(JsonNode analysis, JsonNode task) {
        JsonNode v = analysis.get("cached");
        if ((v == null || v.isNull()) && task != null) {
            v = task.get("cached");
        }
        return v != null && (v.asBoolean(false) || "true".equalsIgnoreCase(v.asText()));
    }

    private List<JsonNode> rows(String table, String where) {
        List<JsonNode> rows = new ArrayList<>();
        for (List<Object> row : db.query("SELECT to_json(t)::VARCHAR FROM " + table + " t WHERE " + where).rows()) {
            try {
                rows.add(Json.MAPPER.readTree(String.valueOf(row.get(0))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static Double number(JsonNode row, String field) {
        JsonNode v = row.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.doubleValue();
        }
        try {
            return Double.parseDouble(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A time column, whether DuckDB kept the lake's ISO text or read it as a timestamp ({@code 2026-11-20 11:42:18}). */
    static Instant time(JsonNode row, String field) {
        String text = text(row, field);
        if (text == null) {
            return null;
        }
        String iso = text.trim().replace(' ', 'T');
        if (iso.matches(".*[+-]\\d\\d$")) {
            iso = iso + ":00";
        } else if (!iso.endsWith("Z") && !iso.matches(".*[+-]\\d\\d:\\d\\d$")) {
            iso = iso + "Z";
        }
        try {
            return java.time.OffsetDateTime.parse(iso).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
