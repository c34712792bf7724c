package io.omicsmonitor.bench;

import io.omicsmonitor.common.lake.LakeSchema;
import io.omicsmonitor.common.lake.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Writes a large lab's lake in the documented layout, one object per event as the recorders write them:
 * {@code OUT/omics-monitor-lake-bucket/lake/<table>/year=2026/month=11/day=DD/<id>.json}, rows with exactly
 * {@link LakeSchema}'s columns. Usage: {@code GenerateLake OUT TASK_STATUS_OBJECTS [SEED]}.
 *
 * <p>The lab's shape (issue 11): runs of 100 tasks, five status events per task (PENDING, STARTING, RUNNING,
 * STOPPING and a terminal one) and five per run; runs spread over the 30 days of November 2026; 90 % of runs
 * complete, 7 % fail, 3 % are cancelled. So {@code TASK_STATUS_OBJECTS = 5,000,000} is a month of 10,000 runs and
 * 1,000,000 tasks. Beside the event tables it writes {@code run_analysis}, one object per run (the run row and a row
 * per task), so joins have a second table.
 */
public final class GenerateLake {

    static final int TASKS_PER_RUN = 100;
    static final String[] STEPS = {"PENDING", "STARTING", "RUNNING", "STOPPING"};
    static final String ACCOUNT = "123456789012";
    static final String REGION = "us-west-2";
    static final String[] WORKFLOWS = {"germline-wgs", "somatic-tn", "rnaseq", "methylseq", "scrnaseq"};
    static final String[] INSTANCES = {"omics.c.large", "omics.m.xlarge", "omics.m.2xlarge", "omics.r.4xlarge"};

    private GenerateLake() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]).resolve("omics-monitor-lake-bucket/lake");
        long taskObjects = Long.parseLong(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        int runs = (int) Math.max(1, (taskObjects + 5L * TASKS_PER_RUN - 1) / (5L * TASKS_PER_RUN));
        long started = System.nanoTime();
        long written = IntStream.range(0, runs).parallel()
                .mapToLong(run -> writeRun(out, run, runs, taskObjects, new SplittableRandom(seed * 1_000_003 + run)))
                .sum();
        System.out.printf("wrote %d objects (%d runs, %d task status objects) under %s in %.1f s%n", written, runs,
                taskObjects, out, (System.nanoTime() - started) / 1e9);
    }

    /** One run's objects; the last run stops at {@code taskObjects} task status objects in all. */
    private static long writeRun(Path lake, int run, int runs, long taskObjects, SplittableRandom random) {
        String runId = String.valueOf(2_000_000 + run);
        String day = String.format("%02d", 1 + (int) ((long) run * 30 / runs));
        String partition = "year=2026/month=11/day=" + day;
        String workflow = WORKFLOWS[run % WORKFLOWS.length];
        String workflowId = String.valueOf(4_700_000 + run % WORKFLOWS.length);
        int draw = random.nextInt(100);
        String terminal = draw < 90 ? "COMPLETED" : draw < 97 ? "FAILED" : "CANCELLED";
        long startMillis = Instant.parse("2026-11-" + day + "T00:00:00Z").toEpochMilli()
                + random.nextLong(20 * 3_600_000L);
        long objects = 0;

        Map<String, Object> runEvent = new LinkedHashMap<>();
        runEvent.put("account", ACCOUNT);
        runEvent.put("region", REGION);
        runEvent.put("run_id", runId);
        runEvent.put("run_arn", "arn:aws:omics:" + REGION + ":" + ACCOUNT + ":run/" + runId);
        runEvent.put("run_uuid", uuid(random));
        runEvent.put("run_name", workflow + "-" + run);
        runEvent.put("workflow_id", workflowId);
        runEvent.put("workflow_name", workflow);
        runEvent.put("omics_version", "1.0.0");
        runEvent.put("replay", false);
        List<String> runStatuses = new ArrayList<>(List.of(STEPS));
        runStatuses.add(terminal);
        long runHours = 1 + random.nextInt(8);
        for (int i = 0; i < runStatuses.size(); i++) {
            String id = uuid(random);
            runEvent.put("event_id", id);
            runEvent.put("event_time", iso(startMillis + i * runHours * 3_600_000L / runStatuses.size()));
            runEvent.put("status", runStatuses.get(i));
            runEvent.put("run_output_uri", "s3://genomics-outputs/" + runId);
            write(lake, Tables.RUN_STATUS_EVENTS, partition, id, row(Tables.RUN_STATUS_EVENTS, runEvent));
            objects++;
        }

        long firstTaskObject = (long) run * TASKS_PER_RUN * 5;
        StringBuilder analysis = new StringBuilder();
        double runCost = 0;
        for (int task = 0; task < TASKS_PER_RUN; task++) {
            String taskId = String.valueOf(50_000_000L + (long) run * TASKS_PER_RUN + task);
            String taskArn = "arn:aws:omics:" + REGION + ":" + ACCOUNT + ":task/" + taskId;
            String taskStatus = terminal.equals("COMPLETED") || task < TASKS_PER_RUN - 1 ? "COMPLETED" : terminal;
            for (int step = 0; step < 5; step++) {
                if (firstTaskObject + task * 5L + step >= taskObjects) {
                    break;
                }
                Map<String, Object> e = new LinkedHashMap<>(runEvent);
                String id = uuid(random);
                e.put("event_id", id);
                e.put("event_time", iso(startMillis + (task * 5L + step) * 60_000L));
                e.put("task_id", taskId);
                e.put("task_arn", taskArn);
                e.put("status", step < 4 ? STEPS[step] : taskStatus);
                write(lake, Tables.TASK_STATUS_EVENTS, partition, id, row(Tables.TASK_STATUS_EVENTS, e));
                objects++;
            }
            String instance = INSTANCES[random.nextInt(INSTANCES.length)];
            double cost = 0.01 + random.nextDouble() * 2;
            runCost += cost;
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("run_id", runId);
            t.put("type", "task");
            t.put("uuid", uuid(random));
            t.put("arn", taskArn);
            t.put("name", "Task" + task % 12 + "-" + task);
            t.put("status", taskStatus);
            t.put("running_seconds", 60.0 + random.nextInt(7200));
            t.put("omics_instance_type_reserved", instance);
            t.put("omics_instance_type_minimum", INSTANCES[0]);
            t.put("estimated_usd", cost);
            t.put("minimum_usd", cost * random.nextDouble());
            t.put("cpu_utilization_ratio", random.nextDouble());
            t.put("memory_utilization_ratio", random.nextDouble());
            analysis.append(row(Tables.RUN_ANALYSIS, t));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run_id", runId);
        r.put("type", "run");
        r.put("uuid", runEvent.get("run_uuid"));
        r.put("arn", runEvent.get("run_arn"));
        r.put("name", runEvent.get("run_name"));
        r.put("status", terminal);
        r.put("start_time", iso(startMillis));
        r.put("stop_time", iso(startMillis + runHours * 3_600_000L));
        r.put("total_estimated_usd", runCost);
        r.put("total_minimum_usd", runCost * 0.7);
        r.put("potential_saving_usd", runCost * 0.3);
        r.put("price_region", REGION);
        write(lake, Tables.RUN_ANALYSIS, partition, runId, row(Tables.RUN_ANALYSIS, r) + analysis);
        return objects + 1;
    }

    /** One NDJSON line with the table's declared columns in order, null for those not given. */
    static String row(String table, Map<String, Object> values) {
        StringBuilder json = new StringBuilder("{");
        for (LakeSchema.Column column : LakeSchema.table(table).columns()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(column.name()).append("\":");
            Object value = values.get(column.name());
            if (value == null) {
                json.append("null");
            } else if (value instanceof String text) {
                json.append('"').append(text).append('"');   // generated text needs no escaping
            } else {
                json.append(value);
            }
        }
        return json.append("}\n").toString();
    }

    private static void write(Path lake, String table, String partition, String id, String text) {
        Path file = lake.resolve(table).resolve(partition).resolve(id + ".json");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String uuid(SplittableRandom random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private static String iso(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
