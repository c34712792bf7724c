package io.omicsmonitor.athenasql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.ReportQuery;
import io.omicsmonitor.reports.ReportSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The scheduled reports' SQL ({@link ReportSql}, issue 14) on Trino, the engine under Athena engine v3, over a lake
 * compacted on 16 November 2026 (lookback 200 days) with the raw tail after it; then every statement on the raw tables
 * alone and on DuckDB (the local {@code report}) over the same folder, with the same answers. A lake of its own.
 *
 * <p>Each analyzed run costs the sample run's total (2.166921568875 USD, saving 0.051405543) times its scale:
 * <pre>
 * run      created           workflow            status     tags                      scale
 * 7400001  2026-11-09        germline-wgs-gatk4  COMPLETED  project alpha, CC-1       1   this week (compacted)
 * 7400002  2026-11-12        nf-core-rnaseq      COMPLETED  project beta              2   this week (compacted)
 * 7400003  2026-11-15 09:00  somatic-mutect2     FAILED     {}                        3   this week (raw tail)
 * 7400004  2026-11-03        germline-wgs-gatk4  COMPLETED  project alpha, CC-1       4   the week before
 * 7400005  2026-10-20        germline-wgs-gatk4  COMPLETED  project alpha             5   October
 * 7400006  2026-06-10        nf-core-rnaseq      COMPLETED  project beta              1   June
 * 7400007  2026-04-30        nf-core-rnaseq      COMPLETED  project beta              1   April: before the trend
 * 7400008  2026-11-16        nf-core-rnaseq      COMPLETED  {}                        1   today: in no report
 * 7400009  2026-10-31        somatic-mutect2     FAILED     {}                        2   October, its last day
 * </pre>
 * Status events on 15 November: 7400003 (a task failed: out of memory), 7400010 (still RUNNING at midnight),
 * 7400011 (FAILED, no failed task recorded).
 */
@ExtendWith(TrinoServer.LogOnFailure.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportSqlTest {

    static final TemplateSql T = TemplateSql.PROJECT;
    static final String SCHEMA = "reports";
    static final LocalDate TODAY = LocalDate.of(2026, 11, 16);
    /** The monthly report is made on the 1st: October's. */
    static final LocalDate FIRST_OF_NOVEMBER = LocalDate.of(2026, 11, 1);
    static final List<String> TAG_KEYS = List.of("project", "cost-center");
    static final String OOM = "OUT_OF_MEMORY: task exceeded 64 GiB";

    Connection c;
    Lake lake;
    List<JsonNode> taskRowsThisWeek = new ArrayList<>();

    @BeforeAll
    void lake() throws Exception {
        c = TrinoServer.get().connect(SCHEMA);
        lake = new Lake(c, SCHEMA);
        lake.create();
        Map<String, String> alpha1 = Map.of("project", "alpha", "cost-center", "CC-1");
        analysis("7400001", LocalDate.of(2026, 11, 9), "germline-wgs-gatk4", "COMPLETED", alpha1, 1);
        analysis("7400002", LocalDate.of(2026, 11, 12), "nf-core-rnaseq", "COMPLETED", Map.of("project", "beta"), 2);
        analysis("7400004", LocalDate.of(2026, 11, 3), "germline-wgs-gatk4", "COMPLETED", alpha1, 4);
        analysis("7400005", LocalDate.of(2026, 10, 20), "germline-wgs-gatk4", "COMPLETED", Map.of("project", "alpha"), 5);
        analysis("7400006", LocalDate.of(2026, 6, 10), "nf-core-rnaseq", "COMPLETED", Map.of("project", "beta"), 1);
        analysis("7400007", LocalDate.of(2026, 4, 30), "nf-core-rnaseq", "COMPLETED", Map.of("project", "beta"), 1);
        analysis("7400009", LocalDate.of(2026, 10, 31), "somatic-mutect2", "FAILED", Map.of(), 2);
        lake.crawl();
        Sql.update(c, TemplateSql.on(TODAY, T.compaction("run_analysis", Map.of("AnalysisCompactionLookbackDays", "200"))));
        // the raw tail, after the compaction
        Lake.Run failed = analysis("7400003", TODAY.minusDays(1), "somatic-mutect2", "FAILED", Map.of(), 3);
        analysis("7400008", TODAY, "nf-core-rnaseq", "COMPLETED", Map.of(), 1);
        lake.runEvents(failed);
        Instant oom = failed.created().plusSeconds(3000);
        ObjectNode taskFailed = lake.taskStatus(failed, 2, "FAILED", oom);
        taskFailed.put("failure_reason", OOM);
        lake.put("task_status_events", Lake.day(oom), taskFailed.get("event_id").asText(), List.of(taskFailed));
        Lake.Run running = new Lake.Run("7400010", TODAY.minusDays(1).atTime(22, 0).toInstant(ZoneOffset.UTC), 5,
                "COMPLETED", "germline-wgs-gatk4", 1);
        lake.runStatus(running, "PENDING", running.created());
        lake.runStatus(running, "RUNNING", running.created().plusSeconds(300));
        lake.runStatus(running, "COMPLETED", running.ended());
        lake.runEvents(new Lake.Run("7400011", TODAY.minusDays(1).atTime(14, 0).toInstant(ZoneOffset.UTC), 1,
                "FAILED", "nf-core-rnaseq", 1));
        lake.crawl();
        assertEquals(7, Sql.count(c, "SELECT count(*) FROM run_analysis_compacted WHERE type = 'run'"));
    }

    private Lake.Run analysis(String id, LocalDate created, String workflow, String status, Map<String, String> tags,
            double scale) {
        Lake.Run run = new Lake.Run(id, created.atTime(9, 0).toInstant(ZoneOffset.UTC), 2, status, workflow, 2, null,
                tags);
        List<ObjectNode> rows = lake.analysis(run, scale);
        if (!created.isBefore(LocalDate.of(2026, 11, 9)) && created.isBefore(TODAY)) {
            taskRowsThisWeek.addAll(rows.subList(1, rows.size()));
        }
        return run;
    }

    @AfterAll
    void close() throws Exception {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void dailyRunsByStatusAndEachFailureWithItsReason() throws Exception {
        assertEquals(List.of("FAILED | 2", "RUNNING | 1"), answer(Period.DAILY, TODAY, "runs-by-status"));
        assertEquals(List.of(
                "7400003 | sample-7400003 | somatic-mutect2 | 2026-11-15T11:00:00Z | 740000302: " + OOM,
                "7400011 | sample-7400011 | nf-core-rnaseq | 2026-11-15T15:00:00Z | (no failed task recorded)"),
                answer(Period.DAILY, TODAY, "failures"));
    }

    @Test
    void weeklyCostByWorkflowAgainstTheWeekBefore() throws Exception {
        assertEquals(List.of(
                // workflow | runs | estimated_usd | potential_saving_usd | previous_week_usd | change_usd
                "germline-wgs-gatk4 | 1 | 2.17 | 0.05 | 8.67 | -6.5",   // 1 x, the week before 4 x
                "nf-core-rnaseq | 1 | 4.33 | 0.1 | 0.0 | 4.33",
                "somatic-mutect2 | 1 | 6.5 | 0.15 | 0.0 | 6.5"),        // the raw tail's failed run
                answer(Period.WEEKLY, TODAY, "cost-by-workflow"));
    }

    @Test
    void weeklyCostByTag() throws Exception {
        assertEquals(List.of(
                "cost-center | (untagged) | 2 | 10.83 | 0.26 | 0.0 | 10.83",
                "cost-center | CC-1 | 1 | 2.17 | 0.05 | 8.67 | -6.5",
                "project | (untagged) | 1 | 6.5 | 0.15 | 0.0 | 6.5",
                "project | alpha | 1 | 2.17 | 0.05 | 8.67 | -6.5",
                "project | beta | 1 | 4.33 | 0.1 | 0.0 | 4.33"),
                answer(Period.WEEKLY, TODAY, "cost-by-tag"));
    }

    /** The saving of a task is its estimate less its minimum; grouped by workflow, task and instance types. */
    @Test
    void weeklyTopRightSizingOpportunities() throws Exception {
        List<String> rows = answer(Period.WEEKLY, TODAY, "right-sizing");
        assertTrue(!rows.isEmpty(), "the sample's tasks have savings");
        double total = 0;
        for (JsonNode task : taskRowsThisWeek) {
            total += Math.max(0, task.get("estimated_usd").asDouble() - task.get("minimum_usd").asDouble());
        }
        double reported = rows.stream().mapToDouble(r -> Double.parseDouble(r.substring(r.lastIndexOf(' ') + 1)))
                .sum();
        assertEquals(total, reported, 0.005 * rows.size(), rows.toString());
        assertTrue(rows.stream().allMatch(r -> r.matches("(germline-wgs-gatk4|nf-core-rnaseq|somatic-mutect2) \\| .+")),
                "every opportunity names its workflow (from the run row): " + rows);
    }

    @Test
    void monthlyTrendAndWorkflows() throws Exception {
        assertEquals(List.of(
                // year | month | runs | failed_runs | estimated_usd | potential_saving_usd
                "2026 | 06 | 1 | 0 | 2.17 | 0.05",
                "2026 | 10 | 2 | 1 | 15.17 | 0.36"),                     // 7 x; April is before the trend
                answer(Period.MONTHLY, FIRST_OF_NOVEMBER, "trend"));
        assertEquals(List.of(
                "germline-wgs-gatk4 | 1 | 0 | 10.83 | 0.26",
                "somatic-mutect2 | 1 | 1 | 4.33 | 0.1"),                  // 31 October: the raw tail on 1 November
                answer(Period.MONTHLY, FIRST_OF_NOVEMBER, "by-workflow"));
    }

    /** Every statement: the raw tables alone answer the same, and so does DuckDB over the same folder. */
    @Test
    void everyStatementAnswersAlikeRawOnlyAndOnDuckDb() throws Exception {
        try (LakeDatabase local = LakeDatabase.open(TrinoServer.DATA.resolve(SCHEMA), Optional.empty())) {
            for (Period period : Period.values()) {
                LocalDate today = period == Period.MONTHLY ? FIRST_OF_NOVEMBER : TODAY;
                for (ReportQuery q : ReportSql.queries(period, today, TAG_KEYS)) {
                    List<String> trino = Sql.rows(c, q.sql());
                    assertTrue(!trino.isEmpty(), q.name() + " answers something");
                    assertEquals(trino, Sql.rows(c, Sql.rawOnly(q.sql())), q.name() + ": compacted + tail vs raw");
                    List<String> duckdb = new ArrayList<>();
                    for (List<Object> row : local.query(q.sql()).rows()) {
                        duckdb.add(String.join(" | ", row.stream().map(String::valueOf).toList()));
                    }
                    duckdb.sort(null);
                    assertEquals(trino, duckdb, q.name() + ": Trino vs DuckDB");
                }
            }
        }
    }

    private List<String> answer(Period period, LocalDate today, String name) throws SQLException {
        for (ReportQuery q : ReportSql.queries(period, today, TAG_KEYS)) {
            if (q.name().equals(name)) {
                return Sql.rows(c, q.sql());
            }
        }
        throw new AssertionError(period + " has no query " + name);
    }
}
