package io.omicsmonitor.cli.query;

import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.common.lake.LakeSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The lake's tables in an in-memory DuckDB: one view per table over its NDJSON objects in a local folder (the S3
 * server's folder: {@code <lake>/<bucket>/<prefix><table>/year=YYYY/month=MM/day=DD/<id>.json}), with the partition
 * folders as {@code year}, {@code month}, {@code day} string columns, as Athena sees them, and each table's columns as
 * common's {@link LakeSchema} declares them. Only {@code .json} objects are read: the analyzer's CSVs beside them are
 * not rows.
 */
public final class LakeDatabase implements AutoCloseable {

    /** The lake's tables, in the order they are listed. */
    public static final List<String> TABLES = LakeSchema.tables().stream().map(LakeSchema.Table::name).toList();

    /**
     * Athena (Trino) functions the template's named queries use that DuckDB lacks, as macros with Athena's meaning,
     * so the same SQL runs in both. Only added where DuckDB has no function of that name.
     */
    static final Map<String, String> ATHENA_FUNCTIONS = Map.of(
            "from_iso8601_timestamp", "from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)",
            "from_iso8601_date", "from_iso8601_date(text) AS CAST(text AS DATE)",
            "array_join", "array_join(list, separator) AS array_to_string(list, separator)",
            "json_extract_scalar", "json_extract_scalar(json, path) AS json_extract_string(json, path)");

    private final Connection connection;
    private final Map<String, List<Path>> tables;

    private LakeDatabase(Connection connection, Map<String, List<Path>> tables) {
        this.connection = connection;
        this.tables = tables;
    }

    /**
     * Opens a database over the tables found under {@code lake}.
     *
     * @param schema also make the views reachable as {@code <schema>.<table>} (the Glue database's name), if given
     */
    public static LakeDatabase open(Path lake, Optional<String> schema) {
        if (!Files.isDirectory(lake)) {
            throw new UserError("no lake folder at " + lake + ": run ./omics-monitor demo first (it fills "
                    + ".omics-monitor/lake), or pass --lake DIR");
        }
        Map<String, List<Path>> tables = find(lake);
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            LakeDatabase db = new LakeDatabase(connection, tables);
            db.createViews(schema);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** The tables that have objects, with the folders they were found in. */
    public Map<String, List<Path>> tables() {
        return tables;
    }

    /** Runs one statement and returns every row, values as JDBC returns them. */
    public ResultTable query(String sql) {
        try (Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return new ResultTable(List.of("Count"), List.of(), List.of(List.of(statement.getUpdateCount())));
            }
            try (ResultSet rows = statement.getResultSet()) {
                return ResultTable.of(rows);
            }
        } catch (SQLException e) {
            throw new UserError(e.getMessage().strip() + hint(e.getMessage()));
        }
    }

    private String hint(String message) {
        if (message != null && message.contains("Table with name")) {
            return "\nthe lake's tables here: " + (tables.isEmpty() ? "(none: the folder has no table objects)"
                    : String.join(", ", tables.keySet()));
        }
        return "";
    }

    private void createViews(Optional<String> schema) throws SQLException {
        try (Statement s = connection.createStatement()) {
            // results print the same on every machine; TIMESTAMPTZ values show in UTC like the lake's text
            s.execute("SET TimeZone = 'UTC'");
            for (Map.Entry<String, List<Path>> table : tables.entrySet()) {
                s.execute("CREATE VIEW " + table.getKey() + " AS " + select(LakeSchema.table(table.getKey()),
                        table.getValue()));
            }
            for (Map.Entry<String, String> macro : ATHENA_FUNCTIONS.entrySet()) {
                try (ResultSet exists = s.executeQuery("SELECT count(*) FROM duckdb_functions() WHERE function_name = '"
                        + macro.getKey() + "'")) {
                    exists.next();
                    if (exists.getLong(1) == 0) {
                        s.execute("CREATE MACRO " + macro.getValue());
                    }
                }
            }
            if (schema.isPresent() && !schema.get().equals("main")) {
                String name = '"' + schema.get().replace("\"", "\"\"") + '"';
                s.execute("CREATE SCHEMA " + name);
                for (String table : tables.keySet()) {
                    s.execute("CREATE VIEW " + name + "." + table + " AS SELECT * FROM main." + table);
                }
            }
        }
    }

    /**
     * The table's rows: every object read with the documented columns and types, never inferred. Inferring means
     * sampling every object's schema and merging them by name, which ran DuckDB out of memory at 1,000 objects.
     * Keys an object has beyond the declared columns are not read; declared columns it lacks are null.
     */
    static String select(LakeSchema.Table table, List<Path> folders) {
        List<String> names = new ArrayList<>();
        for (LakeSchema.Column column : table.columns()) {
            names.add(column.name());
        }
        names.addAll(LakeSchema.PARTITIONS);
        return "SELECT " + String.join(", ", names) + " FROM read_json(" + globs(folders)
                + ", format = 'newline_delimited', columns = " + DuckDbTypes.columns(table)
                + ", hive_partitioning = true, hive_types_autocast = false)";
    }

    private static String globs(List<Path> folders) {
        List<String> globs = new ArrayList<>();
        for (Path folder : folders) {
            globs.add("'" + folder.toAbsolutePath().toString().replace("'", "''") + "/**/*.json'");
        }
        return "[" + String.join(", ", globs) + "]";
    }

    /**
     * Table folders under {@code lake}: a folder named like a table that holds {@code year=} partitions, at any depth
     * up to bucket/prefix/table. Several (two buckets, two prefixes) are read as one table.
     */
    static Map<String, List<Path>> find(Path lake) {
        Map<String, List<Path>> found = new TreeMap<>((a, b) -> TABLES.indexOf(a) - TABLES.indexOf(b));
        try (Stream<Path> paths = Files.walk(lake, 5)) {
            paths.filter(Files::isDirectory)
                    .filter(p -> TABLES.contains(p.getFileName().toString()))
                    .filter(LakeDatabase::hasPartitions)
                    .sorted()
                    .forEach(p -> found.computeIfAbsent(p.getFileName().toString(), k -> new ArrayList<>()).add(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LinkedHashMap<>(found);
    }

    private static boolean hasPartitions(Path folder) {
        try (Stream<Path> children = Files.list(folder)) {
            return children.anyMatch(c -> c.getFileName().toString().startsWith("year="));
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
