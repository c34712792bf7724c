package io.omicsmonitor.athenasql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.lake.LakeSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A raw lake in the documented layout ({@code <table>/year=YYYY/month=MM/day=DD/<id>.json}, NDJSON) under Trino's
 * data folder, with the Hive tables the Glue crawler would make over it (columns from {@link LakeSchema}) and the
 * Iceberg compacted tables as template.yaml defines them. Objects are the sample objects of the real write path
 * (src/test/resources/samples: what the demo's functions wrote), with ids, times and figures changed per run.
 */
final class Lake {

    static final List<String> TABLES = List.of("run_status_events", "task_status_events", "run_analysis");
    private static final ObjectMapper JSON = new ObjectMapper();

    final String schema;
    private final Path root;
    private final Connection connection;

    Lake(Connection connection, String schema) {
        this.connection = connection;
        this.schema = schema;
        this.root = TrinoServer.DATA.resolve(schema);
    }

    /** The raw tables (Hive, OPENX_JSON, partitioned by the year/month/day strings) and the compacted ones. */
    void create() throws SQLException, IOException {
        execute("CREATE SCHEMA hive." + schema);
        for (String table : TABLES) {
            Files.createDirectories(root.resolve("lake").resolve(table));
            LakeSchema.Table t = LakeSchema.table(table);
            List<String> columns = new ArrayList<>();
            for (LakeSchema.Column c : t.columns()) {
                columns.add(c.name() + " " + trinoType(c.athenaType()));
            }
            LakeSchema.PARTITIONS.forEach(p -> columns.add(p + " varchar"));
            // Athena: the crawler's table over s3://bucket/prefix/<table>/ with the OpenX JSON SerDe.
            execute("CREATE TABLE hive." + schema + "." + table + " (" + String.join(", ", columns) + ") WITH ("
                    + "format = 'OPENX_JSON', external_location = 'local:///" + schema + "/lake/" + table + "', "
                    + "partitioned_by = ARRAY['year', 'month', 'day'])");

            TemplateSql.IcebergTable iceberg = TemplateSql.PROJECT.compactedTable(table);
            List<String> icebergColumns = new ArrayList<>();
            for (Map.Entry<String, String> c : iceberg.columns()) {
                icebergColumns.add(c.getKey() + " " + trinoType(c.getValue()));
            }
            // Athena: the Glue table of template.yaml at s3://bucket/prefix/compacted/<table>/; here under the schema.
            execute("CREATE TABLE iceberg." + schema + "." + iceberg.name() + " (" + String.join(", ", icebergColumns)
                    + ") WITH (format = 'PARQUET', partitioning = ARRAY['" + String.join("', '", iceberg.partitions())
                    + "'], location = 'local:///" + schema + "/compacted/" + table + "')");
        }
    }

    /** Athena/Glue types (Hive DDL or Iceberg names) in Trino's spelling. */
    static String trinoType(String type) {
        String t = type.trim();
        if (t.startsWith("array<")) {
            return "array(" + trinoType(t.substring(6, t.length() - 1)) + ")";
        }
        if (t.startsWith("map<")) {
            String[] kv = t.substring(4, t.length() - 1).split(",", 2);
            return "map(" + trinoType(kv[0]) + ", " + trinoType(kv[1]) + ")";
        }
        if (t.startsWith("struct<")) {
            List<String> fields = new ArrayList<>();
            for (String field : t.substring(7, t.length() - 1).split(",")) {
                int colon = field.indexOf(':');
                fields.add(field.substring(0, colon) + " " + trinoType(field.substring(colon + 1)));
            }
            return "row(" + String.join(", ", fields) + ")";
        }
        return switch (t) {
            case "string" -> "varchar";
            case "long", "bigint" -> "bigint";
            case "int" -> "integer";
            case "double", "boolean", "date" -> t;
            default -> throw new IllegalArgumentException("no Trino type for " + type);
        };
    }

    /** Writes one object (NDJSON, one row a line) and registers its partition, as the crawler would. */
    Path put(String table, LocalDate day, String id, List<? extends JsonNode> rows) {
        Path file = partition(table, day).resolve(id + ".json");
        StringBuilder text = new StringBuilder();
        for (JsonNode row : rows) {
            text.append(row).append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    Path partition(String table, LocalDate day) {
        return root.resolve("lake").resolve(table).resolve(String.format("year=%04d/month=%02d/day=%02d",
                day.getYear(), day.getMonthValue(), day.getDayOfMonth()));
    }

    /**
     * Registers new partitions of every raw table: the Glue crawler's job in AWS (daily, CrawlerSchedule). Until it
     * runs, Athena sees neither a new day's raw objects nor their compaction, in raw-only and compacted queries alike.
     */
    void crawl() throws SQLException {
        for (String table : TABLES) {
            execute("CALL hive.system.sync_partition_metadata('" + schema + "', '" + table + "', 'FULL')");
        }
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    // ---- the write path's objects, from the samples ------------------------------------------------------------

    /** A run of the simulated lab: created at {@code created}, ending {@code hours} later with {@code status}. */
    record Run(String id, Instant created, double hours, String status, String workflow, int tasks) {

        String arn() {
            return "arn:aws:omics:us-west-2:123456789012:run/" + id;
        }

        String uuid() {
            return UUID.nameUUIDFromBytes(("run" + id).getBytes(StandardCharsets.UTF_8)).toString();
        }

        Instant ended() {
            return created.plusSeconds((long) (hours * 3600));
        }

        String taskId(int n) {
            return id + String.format("%02d", n);
        }
    }

    private static ObjectNode sample(String table, int line) {
        try (InputStream in = Lake.class.getResourceAsStream("/samples/" + table + ".json")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            return (ObjectNode) JSON.readTree(lines[line]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static LocalDate day(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC);
    }

    /** One Run Status Change as status-event-recorder writes it: one object, named by the event id. */
    ObjectNode runStatus(Run run, String status, Instant at) {
        ObjectNode e = sample("run_status_events", 0);
        String eventId = UUID.nameUUIDFromBytes((run.id() + status + at).getBytes(StandardCharsets.UTF_8)).toString();
        e.put("event_id", eventId).put("event_time", at.toString()).put("run_id", run.id()).put("run_arn", run.arn())
                .put("run_uuid", run.uuid()).put("run_name", "sample-" + run.id()).put("status", status)
                .put("workflow_id", String.valueOf(run.workflow().hashCode() & 0xfffff))
                .put("workflow_name", run.workflow());
        put("run_status_events", day(at), eventId, List.of(e));
        return e;
    }

    /** One Task Status Change. */
    ObjectNode taskStatus(Run run, int task, String status, Instant at) {
        ObjectNode e = sample("task_status_events", 0);
        String eventId = UUID.nameUUIDFromBytes((run.taskId(task) + status + at).getBytes(StandardCharsets.UTF_8))
                .toString();
        e.put("event_id", eventId).put("event_time", at.toString()).put("task_id", run.taskId(task))
                .put("task_arn", "arn:aws:omics:us-west-2:123456789012:task/" + run.taskId(task)).put("status", status)
                .put("run_id", run.id()).put("run_arn", run.arn()).put("run_uuid", run.uuid())
                .put("run_name", "sample-" + run.id()).put("workflow_name", run.workflow());
        put("task_status_events", day(at), eventId, List.of(e));
        return e;
    }

    /** The run's events from creation to its end: PENDING, RUNNING, each task RUNNING and COMPLETED, the end. */
    void runEvents(Run run) {
        runStatus(run, "PENDING", run.created());
        runStatus(run, "RUNNING", run.created().plusSeconds(300));
        for (int t = 1; t <= run.tasks(); t++) {
            taskStatus(run, t, "RUNNING", run.created().plusSeconds(600L * t));
            taskStatus(run, t, "COMPLETED", run.ended().minusSeconds(60L * t));
        }
        runStatus(run, run.status(), run.ended());
    }

    /**
     * The run-analyzer's object for a finished run: the run row, then a row per task; filed under the run's creation
     * date, named by the run id, so a replay rewrites it. {@code scale} changes every cost (a replay with new prices).
     */
    List<ObjectNode> analysis(Run run, double scale) {
        List<ObjectNode> rows = new ArrayList<>();
        ObjectNode runRow = sample("run_analysis", 0);
        runRow.put("run_id", run.id()).put("arn", run.arn()).put("uuid", run.uuid()).put("name", "sample-" + run.id())
                .put("status", run.status()).put("start_time", run.created().plusSeconds(300).toString())
                .put("stop_time", run.ended().toString()).put("running_seconds", run.hours() * 3600 - 300);
        scale(runRow, scale, "total_estimated_usd", "total_minimum_usd", "potential_saving_usd", "estimated_usd",
                "minimum_usd");
        // the run's workflow and tags (issue 13): a project tag on most runs, a cost center on some, none on every fifth
        runRow.put("workflow_id", String.valueOf(run.workflow().hashCode() & 0xfffff)).put("workflow_name", run.workflow());
        int n = Integer.parseInt(run.id()) % 5;
        // (keys in sorted order: Trino's JSON of a map, which the compacted table keeps, sorts them)
        if (n != 0) {
            ObjectNode tags = runRow.putObject("tags");
            if (n == 3) {
                tags.put("cost-center", "cc:7/a");
            }
            tags.put("project", n % 2 == 0 ? "oncology" : "rare-disease");
        }
        ArrayNode missing = runRow.putArray("missing_prices");
        if (Integer.parseInt(run.id()) % 3 == 0) {
            missing.add("omics.m.8xlarge").add("Run Storage");
        }
        rows.add(runRow);
        for (int t = 1; t <= run.tasks(); t++) {
            ObjectNode task = sample("run_analysis", t);
            task.put("run_id", run.id()).put("arn", "arn:aws:omics:us-west-2:123456789012:task/" + run.taskId(t))
                    .put("uuid", UUID.nameUUIDFromBytes(run.taskId(t).getBytes(StandardCharsets.UTF_8)).toString())
                    .put("status", "COMPLETED");
            scale(task, scale * (1 + t / 10.0), "estimated_usd", "minimum_usd");
            rows.add(task);
        }
        put("run_analysis", day(run.created()), run.id(), rows);
        return rows;
    }

    private static void scale(ObjectNode row, double factor, String... fields) {
        for (String f : fields) {
            if (row.hasNonNull(f)) {
                row.put(f, row.get(f).asDouble() * factor);
            }
        }
    }

    /** Deletes a raw object (in AWS: the lifecycle expiry of raw objects; never done to a compacted table). */
    static void delete(Path object) {
        try {
            Files.delete(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
