package io.omicsmonitor.bench;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.RunRecord;
import io.omicsmonitor.manifest.TaskRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the lake of one large run, for {@code omics-monitor report} (bench/run.sh report): a manifest from
 * analyzer's {@link ManifestGenerator}, analyzed by the run analyzer with the bundled prices, and the rows the stack
 * writes for it, with exactly {@code LakeSchema}'s columns ({@link GenerateLake#row}): {@code runs} (the run),
 * {@code tasks} (each task's status and times) and {@code run_analysis} (the run row and a row per task).
 * ManifestGenerator's tasks all complete; here one in a hundred is recorded FAILED, as a large run with retried
 * tasks has. Call-cached tasks (no times) get {@code cached = true} and tasks their {@code queued_seconds} where the
 * schema has those columns. Usage: {@code GenerateRunLake OUT TASKS [SEED]}; writes the run id to {@code OUT/run-id}.
 */
public final class GenerateRunLake {

    private GenerateRunLake() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path lake = out.resolve("omics-monitor-lake-bucket/lake");
        int taskCount = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        long started = System.nanoTime();
        StringWriter ndjson = new StringWriter();
        new ManifestGenerator(seed).write(taskCount, ManifestGenerator.Format.NDJSON, ndjson);
        Manifest manifest = ManifestParser.read(new ByteArrayInputStream(ndjson.toString().getBytes(StandardCharsets.UTF_8)),
                "generated manifest");
        RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, 0.0);
        RunRecord run = manifest.run();
        String runId = run.arn().substring(run.arn().lastIndexOf('/') + 1);
        ZonedDateTime day = ManifestTimes.parse(run.startTime()).atZone(ZoneOffset.UTC);
        String partition = String.format("year=%d/month=%02d/day=%02d", day.getYear(), day.getMonthValue(), day.getDayOfMonth());

        Map<String, String> status = new HashMap<>();
        StringBuilder tasks = new StringBuilder();
        int index = 0;
        for (TaskRecord t : manifest.tasks()) {
            String taskStatus = index++ % 100 == 37 ? "FAILED" : t.status();
            status.put(t.arn(), taskStatus);
            Instant created = time(t.creationTime());
            Instant start = time(t.startTime());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("run_id", runId);
            row.put("run_arn", run.arn());
            row.put("task_id", t.arn().substring(t.arn().lastIndexOf('/') + 1));
            row.put("task_arn", t.arn());
            row.put("task_uuid", t.uuid());
            row.put("name", t.name());
            row.put("instance_type", t.instanceType());
            row.put("cpus", t.cpus());
            row.put("memory_gib", t.memory());
            row.put("gpus", t.gpus());
            row.put("status", taskStatus);
            row.put("creation_time", iso(created));
            row.put("start_time", iso(start));
            row.put("stop_time", iso(time(t.stopTime())));
            row.put("cached", start == null);
            row.put("queued_seconds", created == null || start == null ? null : Duration.between(created, start).toMillis() / 1000.0);
            tasks.append(GenerateLake.row(Tables.TASKS, row));
        }
        write(lake, Tables.TASKS, partition, runId, tasks.toString());

        StringBuilder rows = new StringBuilder();
        Map<String, Object> runRow = analysisRow(runId, run.status(), analysis.run());
        runRow.put("total_estimated_usd", analysis.totalEstimatedUSD());
        runRow.put("total_minimum_usd", analysis.totalMinimumUSD());
        runRow.put("potential_saving_usd", analysis.potentialSavingUSD());
        runRow.put("headroom", analysis.headroom());
        runRow.put("price_region", analysis.region());
        rows.append(GenerateLake.row(Tables.RUN_ANALYSIS, runRow));
        for (ResourceRow task : analysis.tasks()) {
            Map<String, Object> row = analysisRow(runId, status.get(task.arn()), task);
            row.put("cached", task.startTime() == null);
            rows.append(GenerateLake.row(Tables.RUN_ANALYSIS, row));
        }
        write(lake, Tables.RUN_ANALYSIS, partition, runId, rows.toString());

        Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("run_id", runId);
        runs.put("run_arn", run.arn());
        runs.put("run_name", run.name());
        runs.put("workflow_id", run.workflow().substring(run.workflow().lastIndexOf('/') + 1));
        runs.put("workflow_name", "NEXTFLOW".equals(run.engine()) ? "sarek" : "germline");
        runs.put("engine", run.engine());
        runs.put("status", run.status());
        runs.put("creation_time", iso(time(run.creationTime())));
        runs.put("start_time", iso(time(run.startTime())));
        runs.put("stop_time", iso(time(run.stopTime())));
        write(lake, Tables.RUNS, partition, runId, GenerateLake.row(Tables.RUNS, runs));
        Files.writeString(out.resolve("run-id"), runId + "\n");
        System.out.printf("wrote run %s (%s, %d tasks) under %s in %.1f s%n", runId, run.engine(), taskCount, lake,
                (System.nanoTime() - started) / 1e9);
    }

    /** The run_analysis columns of one analyzer row, as the run-analyzer writes them (times as ISO-8601 UTC). */
    private static Map<String, Object> analysisRow(String runId, String status, ResourceRow r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("run_id", runId);
        row.put("type", r.type());
        row.put("uuid", r.uuid());
        row.put("arn", r.arn());
        row.put("name", r.name());
        row.put("status", status);
        row.put("start_time", iso(time(r.startTime())));
        row.put("stop_time", iso(time(r.stopTime())));
        row.put("running_seconds", r.runningSeconds());
        row.put("cpus_requested", r.cpusRequested());
        row.put("gpus_requested", r.gpusRequested());
        row.put("memory_requested_gib", r.memoryRequestedGiB());
        row.put("omics_instance_type_reserved", r.omicsInstanceTypeReserved());
        row.put("omics_instance_type_minimum", r.omicsInstanceTypeMinimum());
        row.put("recommended_cpus", r.recommendedCpus());
        row.put("recommended_memory_gib", r.recommendedMemoryGiB());
        row.put("estimated_usd", r.estimatedUSD());
        row.put("minimum_usd", r.minimumUSD());
        row.put("cpu_utilization_ratio", r.cpuUtilizationRatio());
        row.put("memory_utilization_ratio", r.memoryUtilizationRatio());
        row.put("storage_utilization_ratio", r.storageUtilizationRatio());
        row.put("cpus_reserved", r.cpusReserved());
        row.put("cpus_maximum", r.cpusMaximum());
        row.put("cpus_average", r.cpusAverage());
        row.put("gpus_reserved", r.gpusReserved());
        row.put("memory_reserved_gib", r.memoryReservedGiB());
        row.put("memory_maximum_gib", r.memoryMaximumGiB());
        row.put("memory_average_gib", r.memoryAverageGiB());
        row.put("storage_reserved_gib", r.storageReservedGiB());
        row.put("storage_maximum_gib", r.storageMaximumGiB());
        row.put("storage_average_gib", r.storageAverageGiB());
        return row;
    }

    private static Instant time(String text) {
        return text == null ? null : ManifestTimes.parse(text);
    }

    private static String iso(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void write(Path lake, String table, String partition, String id, String text) throws IOException {
        Path file = lake.resolve(table).resolve(partition).resolve(id + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
