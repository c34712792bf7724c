package io.omicsmonitor.budgets;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The one SQL statement that sums each budget's month-to-date estimated spend from the lake's {@code run_analysis}
 * run rows (their {@code total_estimated_usd}: the whole run, tasks and storage). It runs as written on Athena (engine
 * v3, Trino) and on the CLI's local DuckDB views; athena-sql's tests run it on both.
 *
 * <p>A run counts in the month its row is filed under: the run's creation date (UTC), the lake's partition, as in the
 * "Cost per workflow per month" named query. The days before yesterday are read from {@code run_analysis_compacted}
 * and yesterday and today from the raw objects (docs/lake.md, Compaction), both limited to the month's partitions, so
 * a query reads one month of the lake at most. The compacted table keeps the tags as JSON text (Glue's Iceberg columns
 * take no maps), parsed back here; the raw table has them as {@code map<string,string>}.
 *
 * <p>A tag is read with {@code try(tags[key])}: Trino's subscript fails on a run without that key, and its
 * {@code element_at(tags, key)} (null instead) returns a one-element list in DuckDB 2.0, where a subscript returns the
 * value; {@code try} makes Trino's failure a null, and both engines answer the same.
 *
 * <p>One row per budget, in the budgets' order: {@value #BUDGET}, {@value #RUNS}, {@value #SPEND_USD} (0 with no runs).
 */
public final class BudgetQuery {

    public static final String BUDGET = "budget";
    public static final String RUNS = "runs";
    public static final String SPEND_USD = "spend_usd";

    private BudgetQuery() {
    }

    /** The statement for the month of {@code today} (UTC), up to and including {@code today}. */
    public static String sql(List<Budget> budgets, LocalDate today) {
        if (budgets.isEmpty()) {
            throw new IllegalArgumentException("no budgets to query");
        }
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < budgets.size(); i++) {
            Budget b = budgets.get(i);
            rows.add("(" + i + ", " + literal(b.name()) + ", " + literal(b.tagKey()) + ", " + literal(b.tagValue())
                    + ", " + literal(b.workflowId()) + ")");
        }
        String month = "year = '" + String.format("%04d", today.getYear()) + "' AND month = '"
                + String.format("%02d", today.getMonthValue()) + "'";
        String tail = "DATE '" + today + "' - INTERVAL '1' DAY";
        return """
                WITH budgets (position, budget, tag_key, tag_value, workflow_id) AS (
                  VALUES %s),
                month_runs AS (
                  SELECT run_id, workflow_id, CAST(json_parse(tags) AS map(varchar, varchar)) AS tags, total_estimated_usd
                  FROM run_analysis_compacted
                  WHERE type = 'run' AND %s
                    AND CAST(concat(year, '-', month, '-', day) AS date) < %s
                  UNION ALL
                  SELECT run_id, workflow_id, tags, total_estimated_usd
                  FROM run_analysis
                  WHERE type = 'run' AND %s
                    AND CAST(concat(year, '-', month, '-', day) AS date) >= %s)
                SELECT b.budget AS %s, count(r.run_id) AS %s, coalesce(sum(r.total_estimated_usd), 0) AS %s
                FROM budgets b
                LEFT JOIN month_runs r
                  ON (b.workflow_id IS NOT NULL AND r.workflow_id = b.workflow_id)
                  OR (b.tag_key IS NOT NULL AND try(r.tags[b.tag_key]) = b.tag_value)
                GROUP BY b.position, b.budget
                ORDER BY b.position
                """.formatted(String.join(",\n    ", rows), month, tail, month, tail, BUDGET, RUNS, SPEND_USD);
    }

    /** A SQL string literal (the parser admits no quote in a budget; doubled anyway), or a typed NULL. */
    private static String literal(String text) {
        return text == null ? "CAST(NULL AS varchar)" : "'" + text.replace("'", "''") + "'";
    }
}
