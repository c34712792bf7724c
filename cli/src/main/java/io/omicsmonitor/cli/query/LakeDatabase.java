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
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
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
            "json_extract_scalar", "json_extract_scalar(json, path) AS json_extract_string(json, path)",
            // JSON text into DuckDB's JSON, whence CAST(... AS map(varchar, varchar)) as in Athena: how the budgets'
            // query reads the compacted tables' tags (a map here already: its JSON, and back, is the same map)
            "json_parse", "json_parse(text) AS CAST(text AS JSON)");

    /** The schema of the views each table is made of (its objects, its compacted copies): out of SHOW TABLES' way. */
    private static final String PARTS = "lake_parts";

    /** The suffix of the names Athena's SQL gives the compacted tables ({@code run_status_events_compacted}). */
    public static final String COMPACTED = "_compacted";

    private final Connection connection;
    private final Map<String, List<Path>> tables;
    private final Map<String, List<Path>> compacted;
    /** Where the tables a query reads are joined into a file per partition ({@link PartitionFiles}); made on first use. */
    private Path joinedFolder;
    private final Set<String> joined = new HashSet<>();

    private LakeDatabase(Connection connection, Map<String, List<Path>> tables, Map<String, List<Path>> compacted) {
        this.connection = connection;
        this.tables = tables;
        this.compacted = compacted;
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
        Map<String, List<Path>> objects = find(lake, LakeDatabase::hasPartitions);
        Map<String, List<Path>> compacted = find(lake, IcebergFiles::isTable);
        Map<String, List<Path>> tables = new LinkedHashMap<>();
        for (String table : TABLES) {
            if (objects.containsKey(table) || compacted.containsKey(table)) {
                tables.put(table, objects.getOrDefault(table, List.of()));
            }
        }
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            LakeDatabase db = new LakeDatabase(connection, tables, compacted);
            db.createViews(schema);
            return db;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
        }
    }

    /** The tables that have objects or a compacted copy, with the folders their objects were found in. */
    public Map<String, List<Path>> tables() {
        return tables;
    }

    /** Runs one statement and returns every row, values as JDBC returns them. */
    public ResultTable query(String sql) {
        joinTablesNamedIn(sql);
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
            s.execute("CREATE SCHEMA " + PARTS);
            for (Map.Entry<String, List<Path>> entry : tables.entrySet()) {
                LakeSchema.Table table = LakeSchema.table(entry.getKey());
                List<String> parts = new ArrayList<>();
                if (!entry.getValue().isEmpty()) {
                    s.execute("CREATE VIEW " + objectsView(table) + " AS " + unread(table));
                    parts.add("SELECT * FROM " + objectsView(table));
                }
                List<Path> icebergFolders = compacted.getOrDefault(table.name(), List.of());
                for (int i = 0; i < icebergFolders.size(); i++) {
                    String view = PARTS + "." + table.name() + COMPACTED + "_" + i;
                    s.execute("CREATE VIEW " + view + " AS " + IcebergViews.select(table,
                            IcebergFiles.read(icebergFolders.get(i))));
                    // a row's object, while it is still there, is as new as its compacted copy or newer
                    parts.add("SELECT * FROM " + view + " c" + (parts.isEmpty() ? ""
                            : " WHERE NOT EXISTS (SELECT 1 FROM (" + String.join(" UNION ALL ", parts) + ") r WHERE "
                                    + keyMatch(table) + ")"));
                }
                s.execute("CREATE VIEW " + table.name() + " AS " + String.join(" UNION ALL ", parts));
                // Athena's named queries read <table>_compacted plus the objects not compacted yet; here every table
                // is already whole (objects and compacted copies merged), so the compacted name is the whole table
                // and the tail those queries add finds nothing that is not in it.
                s.execute("CREATE VIEW " + table.name() + COMPACTED + " AS SELECT * FROM " + table.name());
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
                    s.execute("CREATE VIEW " + name + "." + table + COMPACTED + " AS SELECT * FROM main." + table);
                }
            }
        }
    }

    /**
     * A stand-in for a table's objects until a statement names the table: the declared columns, and an error if read.
     * DuckDB lists a glob's files when a view over it is created (1.4 s per 100,000 objects), so no view is made over
     * the objects in place; they are read once joined ({@link #joinTablesNamedIn}).
     */
    private static String unread(LakeSchema.Table table) {
        List<String> columns = new ArrayList<>();
        for (LakeSchema.Column column : table.columns()) {
            columns.add("CAST(NULL AS " + DuckDbTypes.type(column) + ") AS " + column.name());
        }
        for (String partition : LakeSchema.PARTITIONS) {
            columns.add("CAST(NULL AS VARCHAR) AS " + partition);
        }
        // (a constant WHERE false would be optimised away with the error, leaving an empty table instead)
        return "SELECT " + String.join(", ", columns) + " FROM range(1) WHERE error('the objects of table "
                + table.name() + " were not read: a statement reads only the tables it names') IS NOT NULL";
    }

    /**
     * Points each table the statement names at its objects joined into a file per partition ({@link PartitionFiles}),
     * the first time a statement names it. A name that appears anywhere in the text counts (in a string or a comment
     * too), which can only cost a join.
     */
    private void joinTablesNamedIn(String sql) {
        for (Map.Entry<String, List<Path>> table : tables.entrySet()) {
            String name = table.getKey();
            if (table.getValue().isEmpty() || joined.contains(name)
                    || !Pattern.compile("(?i)(?<![a-z0-9_])" + name + "(" + COMPACTED + ")?(?![a-z0-9_])")
                    .matcher(sql).find()) {
                continue;
            }
            try {
                if (joinedFolder == null) {
                    joinedFolder = Files.createTempDirectory("omics-monitor-lake-");
                }
                Path target = joinedFolder.resolve(name);
                PartitionFiles.join(table.getValue(), target);
                try (Statement s = connection.createStatement()) {
                    s.execute("CREATE OR REPLACE VIEW " + objectsView(LakeSchema.table(name)) + " AS "
                            + select(LakeSchema.table(name), List.of(target), PartitionFiles.JOINED));
                }
                joined.add(name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read table " + name + ": " + e.getMessage(), e);
            }
        }
    }

    private static String objectsView(LakeSchema.Table table) {
        return PARTS + "." + table.name() + "_objects";
    }

    /** {@code c}'s row has the same key as {@code r}'s (key columns may be null: equal when both are). */
    private static String keyMatch(LakeSchema.Table table) {
        List<String> terms = new ArrayList<>();
        for (String column : table.key()) {
            terms.add("r." + column + " IS NOT DISTINCT FROM c." + column);
        }
        return String.join(" AND ", terms);
    }

    /**
     * The table's rows: every object read with the documented columns and types, never inferred. Inferring means
     * sampling every object's schema and merging them by name, which ran DuckDB out of memory at 1,000 objects.
     * Keys an object has beyond the declared columns are not read; declared columns it lacks are null.
     */
    static String select(LakeSchema.Table table, List<Path> folders, String fileGlob) {
        List<String> names = new ArrayList<>();
        for (LakeSchema.Column column : table.columns()) {
            names.add(column.name());
        }
        names.addAll(LakeSchema.PARTITIONS);
        return "SELECT " + String.join(", ", names) + " FROM read_json(" + globs(folders, fileGlob)
                + ", format = 'newline_delimited', columns = " + DuckDbTypes.columns(table)
                + ", hive_partitioning = true, hive_types_autocast = false)";
    }

    private static String globs(List<Path> folders, String fileGlob) {
        List<String> globs = new ArrayList<>();
        for (Path folder : folders) {
            globs.add("'" + folder.toAbsolutePath().toString().replace("'", "''") + "/**/" + fileGlob + "'");
        }
        return "[" + String.join(", ", globs) + "]";
    }

    /**
     * Table folders under {@code lake} that pass {@code isTable}: a folder named like a table (or like its compacted
     * copy, {@code <table>_compacted}), at any depth up to bucket/prefix/table. Several (two buckets, two prefixes)
     * are read as one table.
     */
    static Map<String, List<Path>> find(Path lake, Predicate<Path> isTable) {
        Map<String, List<Path>> found = new TreeMap<>((a, b) -> TABLES.indexOf(a) - TABLES.indexOf(b));
        try (Stream<Path> paths = Files.walk(lake, 5)) {
            paths.filter(Files::isDirectory)
                    .filter(p -> TABLES.contains(tableName(p)))
                    .filter(isTable)
                    .sorted()
                    .forEach(p -> found.computeIfAbsent(tableName(p), k -> new ArrayList<>()).add(p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LinkedHashMap<>(found);
    }

    private static String tableName(Path folder) {
        String name = folder.getFileName() == null ? "" : folder.getFileName().toString();
        return name.endsWith(COMPACTED) ? name.substring(0, name.length() - COMPACTED.length()) : name;
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
        } finally {
            deleteJoinedFiles();
        }
    }

    private void deleteJoinedFiles() {
        if (joinedFolder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(joinedFolder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the joined lake files in " + joinedFolder, e);
        }
    }
}
