package io.omicsmonitor.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a reader of each report gets from its queries' answers (here the answers ReportSqlTest checks on Trino and
 * DuckDB): the summary lines, the page's text, the CSVs.
 */
class ReportTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 16);
    static final Instant MADE = Instant.parse("2026-11-16T06:00:05Z");
    static final Operations OPERATIONS = Operations.measured(
            List.of(new Operations.Figure("status-event-recorder", "omics-monitor-StatusEventRecorderFunction-1A", 0),
                    new Operations.Figure("run-analyzer", "omics-monitor-RunAnalyzerFunction-2B", 3)),
            List.of(new Operations.Figure("status-event-recorder", "omics-monitor-StatusEventRecorderDeadLetterQueue-3C", 0),
                    new Operations.Figure("run-analyzer", "omics-monitor-RunAnalyzerDeadLetterQueue-4D", 2)));

    static Report report(Period period, LocalDate today, Map<String, List<List<String>>> answers,
            Map<String, List<String>> columns) {
        List<ReportTable> tables = new ArrayList<>();
        for (ReportQuery q : ReportSql.queries(period, today, List.of("project", "cost-center"))) {
            tables.add(new ReportTable(q, columns.get(q.name()), answers.get(q.name())));
        }
        return new Report(period, today, tables, OPERATIONS, MADE);
    }

    static Report daily() {
        return report(Period.DAILY, TODAY, Map.of(
                "runs-by-status", List.of(List.of("FAILED", "2"), List.of("RUNNING", "1")),
                "failures", List.of(
                        List.of("7400003", "sample-7400003", "somatic-mutect2", "2026-11-15T11:00:00Z",
                                "740000302: OUT_OF_MEMORY: task <exceeded> 64 GiB, \"twice\""),
                        List.of("7400011", "sample-7400011", "nf-core-rnaseq", "2026-11-15T15:00:00Z",
                                "(no failed task recorded)"))),
                Map.of("runs-by-status", List.of("status", "runs"),
                        "failures", List.of("run_id", "run_name", "workflow", "failed_at", "reason")));
    }

    @Test
    void dailySummaryNamesEachFailureAndItsReason() {
        Report r = daily();
        assertEquals("Daily operations report, 2026-11-15", r.title());
        assertEquals("daily/2026-11-15", r.folder());
        assertEquals(List.of("3 run(s) with activity (FAILED 2, RUNNING 1); 2 failed.",
                "Failed: run 7400003 (sample-7400003): 740000302: OUT_OF_MEMORY: task <exceeded> 64 GiB, \"twice\"",
                "Failed: run 7400011 (sample-7400011): (no failed task recorded)",
                "Functions: 3 error(s) (run-analyzer 3); dead-letter queues: messages waiting (run-analyzer 2)."),
                r.summary());
    }

    @Test
    void theDailyPageShowsEachFunctionsErrorsAndEachDeadLetterQueue() {
        String text = text(daily().files().get("index.html"));
        assertTrue(text.contains("Functions' errors and dead-letter queues on 2026-11-15 function name in AWS errors "
                + "status-event-recorder omics-monitor-StatusEventRecorderFunction-1A 0 "
                + "run-analyzer omics-monitor-RunAnalyzerFunction-2B 3 "
                + "dead-letter queue name in AWS most messages waiting "
                + "status-event-recorder omics-monitor-StatusEventRecorderDeadLetterQueue-3C 0 "
                + "run-analyzer omics-monitor-RunAnalyzerDeadLetterQueue-4D 2 From CloudWatch"), text);
        assertEquals(List.of("index.html", "runs-by-status.csv", "failures.csv"), List.copyOf(daily().files().keySet()),
                "CloudWatch's figures are on the page, not a CSV of the lake's");
    }

    @Test
    void locallyTheDailyPageSaysTheOperationsFiguresAreNotAvailable() {
        Report local = new Report(Period.DAILY, TODAY, daily().tables(), Operations.NOT_AVAILABLE_LOCALLY, MADE);
        String text = text(local.files().get("index.html"));
        assertTrue(text.contains("Functions' errors and dead-letter queues on 2026-11-15 Not available locally "
                + "(CloudWatch metrics of the deployed stack)."), text);
        assertFalse(text.contains("function name in AWS errors"), "no table of figures nobody measured");
        assertEquals("Functions' errors and dead-letter queues: not available locally (CloudWatch metrics of the "
                + "deployed stack).", local.summary().get(local.summary().size() - 1));
    }

    @Test
    void aQuietDayReadsNoErrorsAndEmptyQueues() {
        Operations quiet = Operations.measured(List.of(new Operations.Figure("run-analyzer", "fn", 0)),
                List.of(new Operations.Figure("run-analyzer", "q", 0)));
        assertEquals("Functions: no errors; dead-letter queues: empty.", quiet.summary());
    }

    @Test
    void thePageShowsTheSummaryAndEveryRowEscaped() {
        Map<String, String> files = daily().files();
        assertEquals(List.of("index.html", "runs-by-status.csv", "failures.csv"), List.copyOf(files.keySet()));
        String html = files.get("index.html");
        assertFalse(html.contains("<exceeded>"), "lake text is escaped");
        assertFalse(html.contains("<script") || html.contains("http://") || html.contains("https://")
                || html.contains("src="), "self-contained");
        String text = text(html);
        assertTrue(text.contains("3 run(s) with activity (FAILED 2, RUNNING 1); 2 failed."), text);
        assertTrue(text.contains("Failed runs on 2026-11-15 and why"), text);
        assertTrue(text.contains("7400003 sample-7400003 somatic-mutect2 2026-11-15T11:00:00Z 740000302: "
                + "OUT_OF_MEMORY: task <exceeded> 64 GiB, \"twice\""), text);
        assertTrue(text.contains("run id run name workflow failed at reason"), text);
    }

    @Test
    void csvQuotesWhatNeedsIt() {
        assertEquals("run_id,run_name,workflow,failed_at,reason\r\n"
                + "7400003,sample-7400003,somatic-mutect2,2026-11-15T11:00:00Z,\"740000302: OUT_OF_MEMORY: task "
                + "<exceeded> 64 GiB, \"\"twice\"\"\"\r\n"
                + "7400011,sample-7400011,nf-core-rnaseq,2026-11-15T15:00:00Z,(no failed task recorded)\r\n",
                daily().files().get("failures.csv"));
    }

    @Test
    void weeklySummaryComparesWithTheWeekBefore() {
        List<String> figures = List.of("runs", "estimated_usd", "potential_saving_usd", "previous_week_usd", "change_usd");
        List<String> byWorkflow = new ArrayList<>(List.of("workflow"));
        byWorkflow.addAll(figures);
        List<String> byTag = new ArrayList<>(List.of("tag_key", "tag_value"));
        byTag.addAll(figures);
        Report r = report(Period.WEEKLY, TODAY, Map.of(
                "cost-by-workflow", List.of(List.of("somatic-mutect2", "1", "6.5", "0.15", "0.0", "6.5"),
                        List.of("nf-core-rnaseq", "1", "4.33", "0.1", "0.0", "4.33"),
                        List.of("germline-wgs-gatk4", "1", "2.17", "0.05", "8.67", "-6.5")),
                "cost-by-tag", List.of(List.of("project", "alpha", "1", "2.17", "0.05", "8.67", "-6.5")),
                "right-sizing", List.of(List.of("somatic-mutect2", "Mutect2", "omics.r.8xlarge", "omics.r.4xlarge", "3",
                        "1.25"))),
                Map.of("cost-by-workflow", byWorkflow, "cost-by-tag", byTag, "right-sizing",
                        List.of("workflow", "task", "reserved", "recommended", "tasks", "potential_saving_usd")));
        assertEquals("weekly/2026-11-09", r.folder());
        assertEquals(List.of("3 run(s), estimated $13.00 (the week before $8.67, +$4.33); potential saving $0.30.",
                "Costliest workflow: somatic-mutect2, $6.50.",
                "Top right-sizing opportunity: Mutect2 of somatic-mutect2, omics.r.8xlarge to omics.r.4xlarge, "
                        + "saving $1.25."), r.summary());
        String text = text(r.files().get("index.html"));
        assertTrue(text.contains("workflow runs estimated (USD) potential saving (USD) previous week (USD) change (USD)"),
                text);
        assertTrue(text.contains("germline-wgs-gatk4 1 2.17 0.05 8.67 -6.5"), text);
        assertEquals("tag_key,tag_value,runs,estimated_usd,potential_saving_usd,previous_week_usd,change_usd\r\n"
                + "project,alpha,1,2.17,0.05,8.67,-6.5\r\n", r.files().get("cost-by-tag.csv"));
    }

    @Test
    void monthlySummaryHasTheMonthAgainstTheOneBeforeAndTheTrend() {
        Report r = report(Period.MONTHLY, LocalDate.of(2026, 11, 1), Map.of(
                "trend", List.of(List.of("2026", "06", "1", "0", "2.17", "0.05"),
                        List.of("2026", "10", "2", "1", "15.17", "0.36")),
                "by-workflow", List.of(List.of("germline-wgs-gatk4", "1", "0", "10.83", "0.26"))),
                Map.of("trend", List.of("year", "month", "runs", "failed_runs", "estimated_usd", "potential_saving_usd"),
                        "by-workflow", List.of("workflow", "runs", "failed_runs", "estimated_usd",
                                "potential_saving_usd")));
        assertEquals("monthly/2026-10", r.folder());
        assertEquals("Monthly executive summary, 2026-10", r.title());
        assertEquals(List.of("2026-10: 2 run(s), 1 failed, estimated $15.17 (the month before $0.00, +$15.17); "
                + "potential saving $0.36.", "Last 6 months: estimated $17.34, potential saving $0.41."), r.summary());
        assertTrue(text(r.files().get("index.html")).contains("The last 6 months, to 2026-10 year month runs failed runs"));
    }

    @Test
    void anEmptyAnswerReadsNone() {
        Report r = report(Period.DAILY, TODAY, Map.of("runs-by-status", List.of(), "failures", List.of()),
                Map.of("runs-by-status", List.of("status", "runs"),
                        "failures", List.of("run_id", "run_name", "workflow", "failed_at", "reason")));
        assertEquals("0 run(s) with activity; 0 failed.", r.summary().get(0));
        assertTrue(text(r.files().get("index.html")).contains("Failed runs on 2026-11-15 and why None."));
    }

    /** The page's text as a reader sees it: tags dropped, entities decoded, white space collapsed. */
    static String text(String html) {
        return html.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("<[^>]+>", " ").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }
}
