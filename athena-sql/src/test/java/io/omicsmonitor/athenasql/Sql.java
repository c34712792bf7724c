package io.omicsmonitor.athenasql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Runs SQL and returns rows in a comparable form. */
final class Sql {

    private static final Pattern COMPACTED = Pattern.compile("\\b(run_status_events|task_status_events|run_analysis)_compacted\\b");
    /** How the named queries turn a compacted table's map kept as JSON text back into the raw table's map. */
    private static final Pattern MAP_FROM_JSON_TEXT = Pattern.compile("CAST\\(json_parse\\((\\w+)\\) AS map\\(varchar, varchar\\)\\)");

    private Sql() {
    }

    /** Every row as one text line (values joined by " | "), sorted: results compared as multisets of rows. */
    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? " | " : "").append(r.getObject(i));
                }
                rows.add(row.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Runs an update (MERGE) and returns its row count. */
    static long update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return s.getLargeUpdateCount();
        }
    }

    /**
     * A named query as it read the lake before compaction existed: every {@code <table>_compacted} read as the raw
     * table, so the query's "compacted days + raw tail" union is the whole raw table, and a map the compacted table
     * keeps as JSON text (tags) read as the raw table's map. The answers the compacted query must reproduce.
     */
    static String rawOnly(String namedQuery) {
        return MAP_FROM_JSON_TEXT.matcher(COMPACTED.matcher(namedQuery).replaceAll("$1")).replaceAll("$1");
    }
}
