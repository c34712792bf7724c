package io.omicsmonitor.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.local.LocalPrices;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.lake.LakeSchema;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end into a temporary folder: the project's sample events through every function of template.yaml
 * on embedded AWS; then the objects on disk, the alert, the metrics, and the printed analysis checked against what
 * the test reads from the lake's files itself.
 */
class DemoTest {

    static final ProjectFiles PROJECT = ProjectFiles.locate();
    static final String BUCKET = "omics-monitor-lake-bucket";

    @TempDir
    static Path work;
    /** The lake folder; the demo writes its reports beside it (work/reports), as .omics-monitor/reports by default. */
    static Path lake;
    static Demo.Result result;
    static String printed;

    @BeforeAll
    static void runTheDemo() {
        lake = work.resolve("lake");
        Log.redirect(new PrintStream(OutputStream.nullOutputStream()));
        StringWriter out = new StringWriter();
        result = new Demo(PROJECT, SamTemplate.read(PROJECT.template()), lake, new PrintWriter(out),
                LocalPrices.of(null, null)).run();
        printed = out.toString();
    }

    @AfterAll
    static void restoreLogs() {
        Log.redirect(System.out);
    }

    @Test
    void everyInvocationSucceedsAndEveryFunctionRuns() {
        assertEquals(0, result.failures(), printed);
        assertEquals(Set.of("status-event-recorder", "workflow-records", "manifest-processor", "run-analyzer",
                "custom-metrics"), Set.copyOf(result.invocations().stream().map(Replay.Invocation::function).toList()));
        assertEquals(List.of("budget-check.json: from omics-monitor, not HealthOmics (the functions make their own)",
                "run-analysis-completed.json: from omics-monitor, not HealthOmics (the functions make their own)",
                "run-completed-legacy.json: run 2101313 has no recorded data in events/recorded/",
                "scheduled-report-daily.json: from omics-monitor, not HealthOmics (the functions make their own)"),
                result.skipped());
    }

    /** The samples of issue 12's events reach the functions the template's rules send them to, and only those. */
    @Test
    void theNewHealthOmicsEventsAreRoutedAsTheRulesSay() {
        Map<String, List<String>> routed = new java.util.TreeMap<>();
        for (Replay.Invocation i : result.invocations()) {
            routed.computeIfAbsent(i.delivery().label(), k -> new ArrayList<>()).add(i.function());
        }
        Map<String, List<String>> expected = new java.util.TreeMap<>(Map.of(
                "task-failed.json", List.of("status-event-recorder", "custom-metrics"),
                "workflow-failed.json", List.of("status-event-recorder"),
                "read-set-import-job-failed.json", List.of("status-event-recorder"),
                "read-set-export-job-failed.json", List.of("status-event-recorder"),
                "reference-import-job-failed.json", List.of("status-event-recorder"),
                "workflow-share-status-change.json", List.of("status-event-recorder"),
                "s3-access-policy-status-change.json", List.of("status-event-recorder")));
        Map<String, List<String>> actual = new java.util.TreeMap<>();
        expected.keySet().forEach(k -> actual.put(k, routed.getOrDefault(k, List.of()).stream().sorted().toList()));
        expected.replaceAll((k, v) -> v.stream().sorted().toList());
        assertEquals(expected, actual);
    }

    @Test
    void theRunAnalyzersEventsAreRelayedToCustomMetrics() {
        List<String> relayed = result.invocations().stream().filter(i -> i.delivery().label().equals("relayed"))
                .map(i -> i.function() + " <- " + i.delivery().summary()).toList();
        assertEquals(List.of("custom-metrics <- Run Analysis Completed COMPLETED run 7382915",
                "custom-metrics <- Run Analysis Completed FAILED run 9103774",
                "custom-metrics <- Run Analysis Completed CANCELLED run 8264019"), relayed);
    }

    @Test
    void landsTheObjectsOfEveryTableOnDisk() throws IOException {
        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("run_status_events", 5L);   // pending, running, completed (7382915), failed, cancelled
        expected.put("task_status_events", 2L);  // task 4402781 COMPLETED, task 4804296 FAILED (with its reason)
        expected.put("workflows", 1L);           // workflow 4716932, recorded twice (with and without a version)
        expected.put("workflow_versions", 1L);   // its version v2.1.0
        expected.put("runs", 3L);                // one per finished run with a manifest
        expected.put("tasks", 3L);
        expected.put("run_analysis", 3L);
        expected.put("workflow_status_events", 1L); // workflow 4716932's version v3.0.0 FAILED
        expected.put("security_events", 2L);        // a workflow share, an S3 access policy
        expected.put("run_analysis_csv", 3L);
        Path prefix = lake.resolve(BUCKET).resolve("lake");
        Map<String, Long> onDisk = new LinkedHashMap<>();
        for (String table : expected.keySet()) {
            try (Stream<Path> files = Files.walk(prefix.resolve(table))) {
                onDisk.put(table, files.filter(Files::isRegularFile).count());
            }
        }
        assertEquals(expected, onDisk);
        Map<String, Long> reported = new LinkedHashMap<>();
        result.landed().forEach((table, landed) -> reported.put(table, landed.objects()));
        assertEquals(expected, reported);

        long tasks = recordedTaskCount();
        assertEquals(tasks, result.landed().get("tasks").rows());
        assertEquals(tasks + 3, result.landed().get("run_analysis").rows());
        assertTrue(printed.contains(String.format("  %-22s %8d %6d%n", "tasks", 3, tasks)), printed);
    }

    /**
     * Readers declare the tables' columns instead of sampling objects (common's LakeSchema): every row every function
     * wrote must have exactly those columns, in that order, and nested objects exactly the declared fields.
     */
    @Test
    void everyRowHasExactlyTheDeclaredColumns() throws IOException {
        Path prefix = lake.resolve(BUCKET).resolve("lake");
        int rows = 0;
        for (LakeSchema.Table table : LakeSchema.tables()) {
            List<String> declared = table.columns().stream().map(LakeSchema.Column::name).toList();
            try (Stream<Path> files = Files.walk(prefix.resolve(table.name()))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        JsonNode row = Json.MAPPER.readTree(line);
                        assertEquals(declared, fieldNames(row), file.toString());
                        for (LakeSchema.Column column : table.columns()) {
                            JsonNode value = row.get(column.name());
                            if (column.type() == LakeSchema.Type.STRUCT && !value.isNull()) {
                                assertEquals(column.fields().stream().map(LakeSchema.Column::name).toList(),
                                        fieldNames(value), file + ": " + column.name());
                            }
                        }
                        rows++;
                    }
                }
            }
        }
        assertEquals(LakeSchema.tables().stream().mapToLong(t -> result.landed().get(t.name()).rows()).sum(), rows);
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * The template's first four Athena named queries on the demo's lake. In Athena they read each table's compacted copy
     * plus the last two days of objects; locally {@code <table>_compacted} is the whole table, so they answer over
     * all of it whatever today's date (the demo's runs are from November 2026).
     */
    @Test
    void theTemplatesNamedQueriesAnswerOnTheDemoLake() {
        assertEquals("""
                workflow            year  month  runs  estimated_usd  potential_saving_usd
                ------------------  ----  -----  ----  -------------  --------------------
                germline-wgs-gatk4  2026  11        1           7.91                  0.84
                nf-core-rnaseq      2026  11        1           4.63                  1.14
                somatic-mutect2     2026  11        1           2.17                  0.05
                (3 rows)
                """, named("Cost per workflow per month"));
        // the two workflows at 0 % with one run each tie under the query's ORDER BY: in either order
        List<String> failures = named("Failure rate by workflow").lines().toList();
        assertEquals(List.of("workflow            finished_runs  failed_runs  failure_rate_pct",
                "------------------  -------------  -----------  ----------------",
                "somatic-mutect2                 1            1             100.0"), failures.subList(0, 3));
        assertEquals(Set.of("nf-core-rnaseq                  1            0               0.0",
                "germline-wgs-gatk4              1            0               0.0"), Set.copyOf(failures.subList(3, 5)));
        assertEquals(List.of("(3 rows)"), failures.subList(5, failures.size()));
        assertEquals("""
                run_id   run_name              workflow            status     started               stopped               hours
                -------  --------------------  ------------------  ---------  --------------------  --------------------  -----
                7382915  NA12878-germline-wgs  germline-wgs-gatk4  COMPLETED  2026-11-20T08:09:31Z  2026-11-20T11:42:18Z   3.55
                (1 row)
                """, named("Slowest runs"));
        List<String> savings = named("Biggest right-sizing savings by task name").lines().toList();
        assertTrue(savings.get(2).startsWith("nf-core-rnaseq      NFCORE_RNASEQ:RNASEQ:ALIGN_STAR:STAR_ALIGN "),
                String.join("\n", savings));
    }

    /**
     * Chargeback on the demo lake (issue 13): the recorded GetRun answers tag the germline and somatic runs
     * cost-center CC-4410 and leave the rnaseq run without one; each run has its project. The figures are the runs'
     * totals the run-analyzer tests computed by hand: germline 7.9135 (saving 0.8396; its call-cached task costs
     * nothing), somatic 2.1669 (0.0514), rnaseq 4.63 (1.14), so CC-4410 = 7.9135 + 2.1669 = 10.08 and its saving 0.89.
     */
    @Test
    void theChargebackNamedQueriesAnswerOnTheDemoLake() {
        assertEquals("""
                tag_key      tag_value            year  month  runs  estimated_usd  potential_saving_usd
                -----------  -------------------  ----  -----  ----  -------------  --------------------
                cost-center  CC-4410              2026  11        2          10.08                  0.89
                cost-center  (untagged)           2026  11        1           4.63                  1.14
                project      germline-validation  2026  11        1           7.91                  0.84
                project      rnaseq-atlas         2026  11        1           4.63                  1.14
                project      somatic-benchmark    2026  11        1           2.17                  0.05
                (5 rows)
                """, named("Cost per tag value per month"));
        assertEquals("""
                started_by                                                         year  month  runs  estimated_usd  potential_saving_usd
                -----------------------------------------------------------------  ----  -----  ----  -------------  --------------------
                arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/scheduler  2026  11        2          10.08                  0.89
                arn:aws:sts::123456789012:assumed-role/GenomicsPipeline/analyst    2026  11        1           4.63                  1.14
                (2 rows)
                """, named("Cost per user per month"));
        // as on 24 November 2026 (the demo's runs were created on the 20th to the 22nd)
        assertEquals("""
                dimension        dimension_value      runs  month_to_date_usd
                ---------------  -------------------  ----  -----------------
                tag:cost-center  CC-4410                 2              10.08
                tag:cost-center  (untagged)              1               4.63
                tag:project      germline-validation     1               7.91
                tag:project      rnaseq-atlas            1               4.63
                tag:project      somatic-benchmark       1               2.17
                workflow         germline-wgs-gatk4      1               7.91
                workflow         nf-core-rnaseq          1               4.63
                workflow         somatic-mutect2         1               2.17
                (8 rows)
                """, named("Month-to-date spend", "--current-date", "2026-11-24"));
        assertEquals("""
                dimension  dimension_value  runs  month_to_date_usd
                ---------  ---------------  ----  -----------------
                (0 rows)
                """, named("Month-to-date spend", "--current-date", "2026-12-01"), "a new month starts at 0");
        // the stack's MonthlyBudgets is empty by default: no budgets, no rows (query --budgets sets them locally)
        assertEquals("""
                budget  monthly_usd  runs  month_to_date_usd  used_percent
                ------  -----------  ----  -----------------  ------------
                (0 rows)
                """, named("Month-to-date spend against budget", "--current-date", "2026-11-24"));
    }

    /** The tags are a map locally too: a key the run lacks is NULL, not an error. */
    @Test
    void theRunsTagsAreAMap() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(), "SELECT run_id, workflow_version_name, "
                + "tags['project'] AS project, tags['cost-center'] AS cost_center FROM runs ORDER BY run_id");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                run_id   workflow_version_name  project              cost_center
                -------  ---------------------  -------------------  -----------
                7382915  v2.1.0                 germline-validation  CC-4410
                8264019  3.14.0                 rnaseq-atlas
                9103774  v1.4.2                 somatic-benchmark    CC-4410
                (3 rows)
                """, run.out());
    }

    private static String named(String name, String... options) {
        List<String> args = new ArrayList<>(List.of("query", "--lake", lake.toString(), "--named", name));
        args.addAll(List.of(options));
        CommandRun run = CommandRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), name + ": " + run.err());
        return run.out();
    }

    /** One alert per failure and per security event, in the order the events happened. */
    @Test
    void sendsTheFailureAndSecurityAlerts() {
        assertEquals(List.of(
                "[WARNING] HealthOmics reference import job FAILED: 7730152948 (reference store 2204419863)",
                "[WARNING] HealthOmics read set import job FAILED: 3627819054 (sequence store 4107731925)",
                "[CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)",
                "[WARNING] HealthOmics read set export job FAILED: 5518204763 (sequence store 4107731925)",
                "[WARNING] HealthOmics workflow FAILED: 4716932 version v3.0.0",
                "[CRITICAL] SECURITY EVENT: HealthOmics workflow share ACTIVE",
                "[CRITICAL] SECURITY EVENT: HealthOmics S3 access policy ACTIVE"), result.alerts());
        assertTrue(printed.contains("Alerts sent (SNS Publish): 7\n"), printed);
        assertTrue(printed.contains("\n  [CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)\n"), printed);
    }

    /** The failed task's reason came from GetRunTask (the recorded answer), into task_status_events. */
    @Test
    void recordsTheFailedTasksReason() {
        CommandRun run = CommandRun.of("query", "--lake", lake.toString(), "SELECT task_id, status, failure_reason, "
                + "status_message FROM task_status_events ORDER BY event_time");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("""
                task_id  status     failure_reason  status_message
                -------  ---------  --------------  ------------------------------
                4402781  COMPLETED
                4804296  FAILED     OUT_OF_MEMORY   container exited with code 137
                (2 rows)
                """, run.out());
    }

    @Test
    void publishesTheRunAndAnalysisMetrics() {
        assertEquals(Set.of("RunsStarted", "RunsCompleted", "RunsFailed", "RunsCancelled", "TasksFailed", "RunDurationSeconds",
                "RunQueueSeconds", "RunEstimatedCostUsd", "RunPotentialSavingUsd", "RunTaskCount", "RunFailedTaskCount",
                "RunCacheHitCount",
                "RunPeakCpuUtilization", "RunMeanCpuUtilization", "RunPeakMemoryUtilization", "RunMeanMemoryUtilization"),
                result.metrics().keySet());
    }

    @Test
    void printsEachRunsCostAndUtilizationAsTheLakeHoldsThem() throws IOException {
        assertNotNull(result.runs(), printed);
        List<String> lines = printed.lines().toList();
        for (String runId : List.of("7382915", "9103774", "8264019")) {
            List<JsonNode> rows = analysisRows(runId);
            JsonNode run = rows.get(0);
            assertEquals("run", run.get("type").asText());
            double peakCpu = rows.stream().skip(1).map(r -> r.get("cpu_utilization_ratio"))
                    .filter(v -> v != null && !v.isNull()).mapToDouble(JsonNode::asDouble).max().orElseThrow();
            String line = lines.stream().filter(l -> l.startsWith("  " + runId + "  ")).findFirst().orElseThrow();
            List<String> cells = List.of(line.trim().split("\\s{2,}"));
            assertEquals(List.of(runId, run.get("name").asText(), run.get("status").asText(),
                    String.valueOf(rows.size() - 1), round2(run.get("total_estimated_usd")),
                    round2(run.get("potential_saving_usd")), round2(peakCpu)), cells.subList(0, 7), line);
        }
    }

    @Test
    void printsTheTopRightSizingOpportunities() {
        assertTrue(result.opportunities().rows().size() > 0, printed);
        assertTrue(printed.contains("Top right-sizing opportunities by task name (all runs):\n  task_name"), printed);
        List<Object> top = result.opportunities().rows().get(0);
        double saving = ((Number) top.get(7)).doubleValue();
        for (List<Object> row : result.opportunities().rows()) {
            assertTrue(((Number) row.get(7)).doubleValue() <= saving, "ordered by saving");
        }
    }

    @Test
    void saysWhereTheLakeIsAndHowToQueryIt() {
        assertTrue(printed.contains("The lake: " + lake.toAbsolutePath().normalize().resolve(BUCKET)
                + "/lake/<table>/year=YYYY/month=MM/day=DD/<id>.json\n"), printed);
        assertTrue(printed.contains("./omics-monitor query --lake " + lake.toAbsolutePath().normalize()
                + " \"SELECT run_id, status, event_time FROM run_status_events ORDER BY event_time\""), printed);
    }

    private static long recordedTaskCount() throws IOException {
        long tasks = 0;
        for (String runId : List.of("7382915", "9103774", "8264019")) {
            tasks += Files.readAllLines(PROJECT.recorded().resolve("logs/manifest-run-" + runId + ".ndjson")).stream()
                    .filter(l -> l.contains(":task/")).count();
        }
        return tasks;
    }

    /**
     * The demo ends by pointing at the scheduled reports it made from its lake: as if the schedules ran the day after
     * the events (the daily and weekly reports) and on the 1st of the month after (the monthly summary, November).
     */
    @Test
    void endsByPointingAtTheScheduledReportsItWrote() throws IOException {
        Path reports = work.resolve("reports");
        assertEquals(List.of(reports.resolve("daily/2026-11-24/index.html"),
                reports.resolve("weekly/2026-11-18/index.html"), reports.resolve("monthly/2026-11/index.html")),
                result.reports());
        int at = printed.indexOf("Scheduled reports, made from the lake");
        assertTrue(at > printed.indexOf("The lake: "), "after the lake's summary: " + printed);
        for (Path page : result.reports()) {
            assertTrue(printed.substring(at).contains(": " + page + "\n"), page + " named in: " + printed);
            assertTrue(Files.readString(page).startsWith("<!DOCTYPE html>"), page.toString());
        }
        // November's totals, as the run rows in the lake add up
        double usd = 0;
        double saving = 0;
        int runs = 0;
        int failed = 0;
        for (String runId : List.of("7382915", "9103774", "8264019")) {
            JsonNode run = analysisRows(runId).get(0);
            usd += run.get("total_estimated_usd").asDouble();
            saving += run.get("potential_saving_usd").asDouble();
            runs++;
            failed += run.get("status").asText().equals("FAILED") ? 1 : 0;
        }
        assertEquals("year,month,runs,failed_runs,estimated_usd,potential_saving_usd\r\n2026,11," + runs + "," + failed
                + "," + round2(usd) + "," + round2(saving) + "\r\n",
                Files.readString(reports.resolve("monthly/2026-11/trend.csv")));
    }

    private static List<JsonNode> analysisRows(String runId) throws IOException {
        Path file;
        try (Stream<Path> files = Files.walk(lake.resolve(BUCKET).resolve("lake/run_analysis"))) {
            file = files.filter(p -> p.getFileName().toString().equals(runId + ".json")).findFirst().orElseThrow();
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            rows.add(Json.MAPPER.readTree(line));
        }
        return rows;
    }

    /** DuckDB's round(x, 2) as the demo prints it: half away from zero, trailing zeros dropped, at least one decimal. */
    private static String round2(JsonNode value) {
        return round2(value.asDouble());
    }

    private static String round2(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        String text = rounded.toPlainString();
        return text.contains(".") ? text : text + ".0";
    }
}
