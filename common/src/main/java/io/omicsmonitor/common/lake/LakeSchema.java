package io.omicsmonitor.common.lake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every lake table's columns and types, declared once: what docs/lake.md and docs/run-analysis.md document, what the
 * functions write, and what readers must assume instead of sampling objects (DuckDB runs out of memory inferring the
 * schema of 1,000 objects; Athena's compacted tables need fixed columns). Readers: the CLI's local DuckDB views, the
 * compacted Iceberg tables and the Trino tests that create the raw tables the Glue crawler would.
 *
 * <p>Types are Athena's (Hive DDL) names. Times are ISO-8601 UTC strings, as written; {@link Type#JSON} is a free-form
 * JSON object (parameters) kept as its JSON text, where each engine has its own JSON type; {@link Type#STRING_MAP} is
 * a JSON object of strings read as a map (a run's tags). Every table also has
 * the partition columns {@code year}, {@code month}, {@code day} (strings, from the key), listed in
 * {@link #PARTITIONS}, not in {@link Table#columns()}.
 */
public final class LakeSchema {

    /** The Hive partition columns every table's keys carry, in key order. */
    public static final List<String> PARTITIONS = List.of("year", "month", "day");

    /** A column type, by what the writers put in the JSON. */
    public enum Type {
        STRING("string"),
        BIGINT("bigint"),
        DOUBLE("double"),
        BOOLEAN("boolean"),
        /** A JSON object whose keys are the user's (run parameters, tags): stored as its JSON text. */
        JSON("string"),
        /** A JSON array of strings. */
        STRING_ARRAY("array<string>"),
        /**
         * A JSON object of string values whose keys are the user's and are looked up one by one (a run's tags:
         * {@code element_at(tags, 'project')} in Athena): a map, not JSON text, so no JSON function is needed.
         */
        STRING_MAP("map<string,string>"),
        /** A JSON object with fixed keys: its fields are {@link Column#fields()}. */
        STRUCT("struct");

        private final String athena;

        Type(String athena) {
            this.athena = athena;
        }
    }

    /** A column; {@code fields} are a {@link Type#STRUCT}'s, empty otherwise. */
    public record Column(String name, Type type, List<Column> fields) {

        public Column {
            fields = List.copyOf(fields);
            if ((type == Type.STRUCT) == fields.isEmpty()) {
                throw new IllegalArgumentException(name + ": fields are for struct columns, and a struct needs some");
            }
        }

        /** The type in Athena's DDL, e.g. {@code struct<cpus_reserved:double,...>}. */
        public String athenaType() {
            if (type != Type.STRUCT) {
                return type.athena;
            }
            List<String> parts = new ArrayList<>();
            for (Column field : fields) {
                parts.add(field.name + ":" + field.athenaType());
            }
            return "struct<" + String.join(",", parts) + ">";
        }
    }

    /**
     * A table: its columns in the order the writers write them, and the columns that identify a row (a replay of the
     * same event or run writes the same key), which compaction deduplicates by.
     */
    public record Table(String name, List<Column> columns, List<String> key) {

        public Table {
            columns = List.copyOf(columns);
            key = List.copyOf(key);
        }

        public Optional<Column> column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst();
        }
    }

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        add(Tables.RUN_STATUS_EVENTS, List.of("event_id"),
                s("event_id"), s("event_time"), s("account"), s("region"), s("run_id"), s("run_arn"), s("run_uuid"),
                s("run_name"), s("status"), s("workflow_id"), s("workflow_name"), s("run_output_uri"),
                s("omics_version"), b("replay"));
        add(Tables.TASK_STATUS_EVENTS, List.of("event_id"),
                s("event_id"), s("event_time"), s("account"), s("region"), s("task_id"), s("task_arn"), s("status"),
                s("run_id"), s("run_arn"), s("run_uuid"), s("run_name"), s("workflow_id"), s("workflow_name"),
                s("omics_version"), b("replay"), s("failure_reason"), s("status_message"));
        add(Tables.WORKFLOWS, List.of("workflow_id"), workflowColumns(false));
        add(Tables.WORKFLOW_VERSIONS, List.of("workflow_id", "version_name"), workflowColumns(true));
        add(Tables.RUNS, List.of("run_id"),
                s("run_id"), s("run_arn"), s("run_uuid"), s("run_name"), s("account"), s("region"),
                s("workflow_arn"), s("workflow_id"), s("workflow_name"), s("workflow_type"), s("engine"), s("main"),
                s("digest"), s("status"), s("status_message"), s("failure_reason"), s("role_arn"), s("started_by"),
                s("output_uri"), j("parameters"), j("parameter_template"), j("resource_digests"), s("storage_type"),
                d("storage_capacity"), s("creation_time"), s("start_time"), s("stop_time"), d("running_seconds"),
                struct("metrics", d("storage_reserved_gib"), d("storage_maximum_gib"), d("storage_average_gib"),
                        d("running_seconds")),
                // from GetRun (issue 13): who pays for the run, and how it was run
                s("workflow_version_name"), s("run_group_id"), bigint("priority"), s("cache_id"),
                s("cache_behavior"), map("tags"),
                // issue 15: creation to the first task's start; tasks served from the run cache
                d("queued_seconds"), bigint("cache_hits"));
        add(Tables.TASKS, List.of("run_id", "task_id"),
                s("run_id"), s("run_arn"), s("task_id"), s("task_arn"), s("task_uuid"), s("name"), s("image"),
                s("image_digest"), s("instance_type"), d("cpus"), d("memory_gib"), d("gpus"), s("status"),
                s("status_message"), s("failure_reason"), s("creation_time"), s("start_time"), s("stop_time"),
                d("running_seconds"),
                struct("metrics", d("cpus_reserved"), d("cpus_average"), d("cpus_maximum"), d("gpus_reserved"),
                        d("memory_reserved_gib"), d("memory_average_gib"), d("memory_maximum_gib"),
                        d("running_seconds")),
                // issue 15: served from the run cache (no times, no cost); creation to start
                b("cached"), d("queued_seconds"));
        // The run row has the run's ARN, each task row its task's: with type, they identify a row within the run.
        add(Tables.RUN_ANALYSIS, List.of("run_id", "type", "arn"),
                s("run_id"), s("type"), s("uuid"), s("arn"), s("name"), s("status"), s("start_time"), s("stop_time"),
                d("running_seconds"), d("cpus_requested"), d("gpus_requested"), d("memory_requested_gib"),
                s("omics_instance_type_reserved"), s("omics_instance_type_minimum"), d("recommended_cpus"),
                d("recommended_memory_gib"), d("estimated_usd"), d("minimum_usd"), d("cpu_utilization_ratio"),
                d("memory_utilization_ratio"), d("storage_utilization_ratio"), d("cpus_reserved"), d("cpus_maximum"),
                d("cpus_average"), d("gpus_reserved"), d("memory_reserved_gib"), d("memory_maximum_gib"),
                d("memory_average_gib"), d("storage_reserved_gib"), d("storage_maximum_gib"),
                d("storage_average_gib"), d("total_estimated_usd"), d("total_minimum_usd"),
                d("potential_saving_usd"), d("headroom"), s("price_region"),
                new Column("missing_prices", Type.STRING_ARRAY, List.of()),
                // the run row's attribution (issue 13), so chargeback needs no join; null on task rows
                s("workflow_id"), s("workflow_name"), s("started_by"), map("tags"),
                // issue 15: task rows say whether the run cache served them (then their costs are 0) and how long they
                // queued; the run row its wait for the first task and how many tasks the cache served
                b("cached"), d("queued_seconds"), bigint("cache_hits"),
                // which prices the run row's costs were computed with (issue 15), e.g. "price-list-api discount 0.15"
                s("price_source"));
        add(Tables.WORKFLOW_STATUS_EVENTS, List.of("event_id"),
                s("event_id"), s("event_time"), s("account"), s("region"), s("workflow_id"), s("workflow_arn"),
                s("workflow_uuid"), s("version_name"), s("owner_account"), s("status"), s("omics_version"),
                b("replay"));
        // The detail is kept whole (JSON text): the share and access-policy events' fields are not all documented.
        add(Tables.SECURITY_EVENTS, List.of("event_id"),
                s("event_id"), s("event_time"), s("account"), s("region"), s("detail_type"), s("resource_arn"),
                s("status"), s("status_message"), s("omics_version"), j("detail"), b("replay"));
    }

    private LakeSchema() {
    }

    /** Every table, in the order docs/lake.md lists them. */
    public static List<Table> tables() {
        return List.copyOf(TABLES.values());
    }

    /** The table of that name; an {@link IllegalArgumentException} for a name that is not a lake table. */
    public static Table table(String name) {
        Table table = TABLES.get(name);
        if (table == null) {
            throw new IllegalArgumentException("'" + name + "' is not a lake table; the tables: " + TABLES.keySet());
        }
        return table;
    }

    private static Column[] workflowColumns(boolean version) {
        List<Column> columns = new ArrayList<>();
        columns.add(s("workflow_id"));
        if (version) {
            columns.addAll(List.of(s("version_name"), s("version_arn"), s("version_uuid"), s("workflow_name")));
        } else {
            columns.addAll(List.of(s("workflow_arn"), s("workflow_uuid"), s("name")));
        }
        columns.addAll(List.of(s("description"), s("type"), s("owner_account"), s("status"), s("status_message"),
                s("engine"), s("main"), s("digest"), j("parameter_template"), s("storage_type"),
                bigint("storage_capacity"), s("accelerators"), j("metadata"), j("tags"),
                s("creation_time"), s("account"), s("region"), s("event_id"), s("event_time"), b("replay")));
        return columns.toArray(Column[]::new);
    }

    private static void add(String name, List<String> key, Column... columns) {
        Table table = new Table(name, List.of(columns), key);
        for (String k : key) {
            table.column(k).orElseThrow(() -> new IllegalStateException(name + ": key column " + k + " not declared"));
        }
        TABLES.put(name, table);
    }

    private static Column s(String name) {
        return new Column(name, Type.STRING, List.of());
    }

    // Numbers are doubles unless every writer writes integers: a manifest's cpus or memory may be fractional, and a
    // reader that declared bigint would fail on the first 7.5.
    private static Column d(String name) {
        return new Column(name, Type.DOUBLE, List.of());
    }

    private static Column bigint(String name) {
        return new Column(name, Type.BIGINT, List.of());
    }

    private static Column map(String name) {
        return new Column(name, Type.STRING_MAP, List.of());
    }

    private static Column b(String name) {
        return new Column(name, Type.BOOLEAN, List.of());
    }

    private static Column j(String name) {
        return new Column(name, Type.JSON, List.of());
    }

    private static Column struct(String name, Column... fields) {
        return new Column(name, Type.STRUCT, List.of(fields));
    }
}
