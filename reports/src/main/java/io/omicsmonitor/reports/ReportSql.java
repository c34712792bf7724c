package io.omicsmonitor.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The reports' SQL: one set of statements that runs as written on Athena (engine v3, Trino) and on the CLI's local
 * DuckDB views; athena-sql's ReportSqlTest runs every statement on both over the same lake.
 *
 * <p>The conventions are the named queries' (template.yaml, docs/lake.md): a table is read as its compacted days (before
 * yesterday, UTC, of the day the report is made) plus the raw tail (yesterday and today) that the hourly compaction may
 * not have merged yet, each limited to the days the report needs; the compacted table keeps tags as JSON text, parsed
 * back into the raw table's map; a tag is read with {@code try(tags[key])} (Trino fails on a missing key; DuckDB's
 * {@code element_at} returns a list). Dates are written in as literals, so a report is the same whenever it is re-made.
 * A run belongs to the day of its lake partition: its creation date (run_analysis) or the event's date (status events).
 * Money is rounded to cents by the query ({@code round(x, 2)}), so both engines print the same figures.
 */
public final class ReportSql {

    /** How many months the executive summary's trend shows, the reported month included. */
    public static final int TREND_MONTHS = 6;
    /** How many right-sizing opportunities the weekly report lists. */
    public static final int TOP_OPPORTUNITIES = 10;

    private static final String DAY = "CAST(concat(year, '-', month, '-', day) AS date)";
    private static final String WORKFLOW = "coalesce(workflow_name, workflow_id, '(unknown)')";

    private ReportSql() {
    }

    /** The report's statements, for the report made on {@code today}; {@code tagKeys} as CostAllocationTagKeys. */
    public static List<ReportQuery> queries(Period period, LocalDate today, List<String> tagKeys) {
        return switch (period) {
            case DAILY -> daily(today);
            case WEEKLY -> weekly(today, tagKeys);
            case MONTHLY -> monthly(today);
        };
    }

    // ---- daily operations -----------------------------------------------------------------------------------------

    static List<ReportQuery> daily(LocalDate today) {
        LocalDate day = Period.DAILY.first(today);
        // each run with a status event that day, at its latest status of the day
        String runs = "WITH status_events AS (\n" + union("run_status_events", null,
                "run_id, run_name, status, event_time, workflow_id, workflow_name", day, day, today) + "),\n"
                + """
                runs AS (
                  SELECT run_id,
                         arbitrary(run_name)                                            AS run_name,
                         arbitrary(%s)                                                  AS workflow,
                         max_by(status, from_iso8601_timestamp(event_time))             AS status,
                         max_by(event_time, from_iso8601_timestamp(event_time))         AS last_event_time
                  FROM status_events
                  GROUP BY run_id)
                """.formatted(WORKFLOW);
        String byStatus = runs + """
                SELECT status, count(*) AS runs
                FROM runs
                GROUP BY status
                ORDER BY runs DESC, status
                """;
        // a failed run's reason: its first failed task's, from the task events of its last week
        String failures = runs.replace("runs AS (", "task_events AS (\n" + union("task_status_events", null,
                "run_id, task_id, status, event_time, failure_reason, status_message", day.minusDays(7), day, today)
                + "),\nruns AS (") + """
                , task_failures AS (
                  SELECT run_id,
                         min_by(coalesce(task_id, '?') || ': ' || coalesce(failure_reason, status_message, 'no reason given'),
                                from_iso8601_timestamp(event_time))                        AS reason
                  FROM task_events
                  WHERE status = 'FAILED'
                  GROUP BY run_id)
                SELECT r.run_id, r.run_name, r.workflow, r.last_event_time AS failed_at,
                       coalesce(t.reason, '(no failed task recorded)') AS reason
                FROM runs r
                LEFT JOIN task_failures t ON t.run_id = r.run_id
                WHERE r.status = 'FAILED'
                ORDER BY failed_at, r.run_id
                """;
        return List.of(
                new ReportQuery("runs-by-status", "Runs by status on " + day, byStatus),
                new ReportQuery("failures", "Failed runs on " + day + " and why", failures));
    }

    // ---- weekly cost ----------------------------------------------------------------------------------------------

    static List<ReportQuery> weekly(LocalDate today, List<String> tagKeys) {
        if (tagKeys.isEmpty()) {
            throw new IllegalArgumentException("no cost-allocation tag keys to report on");
        }
        LocalDate first = Period.WEEKLY.first(today);
        LocalDate last = Period.WEEKLY.last(today);
        String thisWeek = "run_day >= DATE '" + first + "'";
        String analysis = "WITH analysis AS (\n" + runRows(first.minusDays(7), last, today) + ")\n";
        String figures = """
                       count_if(%1$s)                                                                   AS runs,
                       round(coalesce(sum(CASE WHEN %1$s THEN total_estimated_usd END), 0), 2)          AS estimated_usd,
                       round(coalesce(sum(CASE WHEN %1$s THEN potential_saving_usd END), 0), 2)         AS potential_saving_usd,
                       round(coalesce(sum(CASE WHEN NOT (%1$s) THEN total_estimated_usd END), 0), 2)    AS previous_week_usd,
                       round(coalesce(sum(CASE WHEN %1$s THEN total_estimated_usd ELSE -total_estimated_usd END), 0), 2)
                                                                                                       AS change_usd
                """.formatted(thisWeek);
        String byWorkflow = analysis + "SELECT " + WORKFLOW + " AS workflow,\n" + figures + """
                FROM analysis
                GROUP BY 1
                ORDER BY estimated_usd DESC, workflow
                """;
        List<String> keys = new ArrayList<>();
        for (String key : tagKeys) {
            keys.add("(" + literal(key.trim()) + ")");
        }
        String byTag = analysis + "SELECT k.tag_key, coalesce(try(a.tags[k.tag_key]), '(untagged)') AS tag_value,\n"
                + figures + "FROM analysis a\nCROSS JOIN (VALUES " + String.join(", ", keys) + ") AS k(tag_key)\n"
                + "GROUP BY 1, 2\nORDER BY 1, estimated_usd DESC, 2\n";
        String rightSizing = "WITH runs AS (\n" + runRows(first, last, today) + "),\ntasks AS (\n"
                + union("run_analysis", "task", "run_id, name, omics_instance_type_reserved, "
                + "omics_instance_type_minimum, estimated_usd, minimum_usd", first, last, today) + ")\n"
                + """
                SELECT r.workflow, t.name AS task, t.omics_instance_type_reserved AS reserved,
                       t.omics_instance_type_minimum AS recommended, count(*) AS tasks,
                       round(sum(t.estimated_usd - t.minimum_usd), 2) AS potential_saving_usd
                FROM tasks t
                JOIN (SELECT run_id, %s AS workflow FROM runs) r ON r.run_id = t.run_id
                WHERE t.estimated_usd > t.minimum_usd
                GROUP BY 1, 2, 3, 4
                ORDER BY potential_saving_usd DESC, 1, 2, 3, 4
                LIMIT %d
                """.formatted(WORKFLOW, TOP_OPPORTUNITIES);
        String span = first + " to " + last;
        return List.of(
                new ReportQuery("cost-by-workflow", "Cost by workflow, " + span + ", against the week before",
                        byWorkflow),
                new ReportQuery("cost-by-tag", "Cost by tag, " + span + ", against the week before", byTag),
                new ReportQuery("right-sizing", "Top right-sizing opportunities, " + span, rightSizing));
    }

    // ---- monthly executive ----------------------------------------------------------------------------------------

    static List<ReportQuery> monthly(LocalDate today) {
        LocalDate first = Period.MONTHLY.first(today);
        LocalDate last = Period.MONTHLY.last(today);
        String trend = "WITH analysis AS (\n" + runRows(first.minusMonths(TREND_MONTHS - 1), last, today) + ")\n"
                + """
                SELECT year, month, count(*) AS runs, count_if(status = 'FAILED') AS failed_runs,
                       round(sum(total_estimated_usd), 2) AS estimated_usd,
                       round(sum(potential_saving_usd), 2) AS potential_saving_usd
                FROM analysis
                GROUP BY year, month
                ORDER BY year, month
                """;
        String byWorkflow = "WITH analysis AS (\n" + runRows(first, last, today) + ")\n"
                + "SELECT " + WORKFLOW + " AS workflow,\n" + """
                       count(*) AS runs, count_if(status = 'FAILED') AS failed_runs,
                       round(sum(total_estimated_usd), 2) AS estimated_usd,
                       round(sum(potential_saving_usd), 2) AS potential_saving_usd
                FROM analysis
                GROUP BY 1
                ORDER BY estimated_usd DESC, workflow
                """;
        String month = first.toString().substring(0, 7);
        return List.of(
                new ReportQuery("trend", "The last " + TREND_MONTHS + " months, to " + month, trend),
                new ReportQuery("by-workflow", "Workflows in " + month, byWorkflow));
    }

    // ---- the lake's tables ----------------------------------------------------------------------------------------

    /** run_analysis's run rows of the days {@code first} to {@code last}, with their day as {@code run_day}. */
    private static String runRows(LocalDate first, LocalDate last, LocalDate today) {
        return union("run_analysis", "run", "run_id, status, workflow_id, workflow_name, started_by, tags, "
                + "total_estimated_usd, potential_saving_usd, year, month, " + DAY + " AS run_day", first, last, today);
    }

    /**
     * A table's rows of the days {@code first} to {@code last}: the compacted days, then the raw tail (yesterday and
     * today of {@code today}); of one {@code type} when given (run_analysis). The compacted copy's tags (JSON text)
     * become the raw table's map again.
     */
    private static String union(String table, String type, String columns, LocalDate first, LocalDate last,
            LocalDate today) {
        String days = DAY + " BETWEEN DATE '" + first + "' AND DATE '" + last + "'"
                + (type == null ? "" : " AND type = '" + type + "'");
        String tail = "DATE '" + today + "' - INTERVAL '1' DAY";
        String compactedColumns = columns.replace("tags,", "CAST(json_parse(tags) AS map(varchar, varchar)) AS tags,");
        return "  SELECT " + compactedColumns + " FROM " + table + "_compacted\n  WHERE " + days + " AND " + DAY
                + " < " + tail + "\n  UNION ALL\n  SELECT " + columns + " FROM " + table + "\n  WHERE " + days
                + " AND " + DAY + " >= " + tail;
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
