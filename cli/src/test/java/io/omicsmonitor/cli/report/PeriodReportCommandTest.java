package io.omicsmonitor.cli.report;

import static io.omicsmonitor.cli.report.ReportCommandTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.reports.Operations;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report --period}: the scheduled reports made from a local lake (objects as the functions write them), checked
 * as a reader sees them: the page's text, the CSV rows, the lines printed; and the page in a real headless Chromium.
 *
 * <pre>
 * run  created     workflow            status     est. USD  saving  tags
 * A    2026-11-15  germline-wgs-gatk4  COMPLETED  4.0       1.0     project alpha   (a task: 3.0, minimum 1.0)
 * B    2026-11-10  nf-core-rnaseq      FAILED     2.5       0.5     -
 * C    2026-11-05  germline-wgs-gatk4  COMPLETED  1.5       0.0     project alpha   (the week before)
 * D    status events only, 15 November: RUNNING, then FAILED at 10:00 (a task: out of memory)
 * </pre>
 */
class PeriodReportCommandTest {

    static final String OOM = "OUT_OF_MEMORY, task <x>";

    @TempDir
    Path dir;
    Path lake;
    Path out;

    @BeforeEach
    void writeLake() throws IOException {
        lake = dir.resolve("lake");
        out = dir.resolve("reports");
        write("run_analysis", "15", "7000001", List.of(run("7000001", "germline-wgs-gatk4", "COMPLETED", 4.0, 1.0, true),
                row("run_id", "7000001", "type", "task", "arn", "arn:aws:omics:us-west-2:123456789012:task/1",
                        "name", "HaplotypeCaller", "omics_instance_type_reserved", "omics.m.8xlarge",
                        "omics_instance_type_minimum", "omics.c.2xlarge", "estimated_usd", 3.0, "minimum_usd", 1.0)));
        write("run_analysis", "10", "7000002", List.of(run("7000002", "nf-core-rnaseq", "FAILED", 2.5, 0.5, false)));
        write("run_analysis", "05", "7000003", List.of(run("7000003", "germline-wgs-gatk4", "COMPLETED", 1.5, 0.0, true)));
        write("run_status_events", "15", "e1", List.of(status("7000001", "PENDING", "2026-11-15T08:00:00Z")));
        write("run_status_events", "15", "e2", List.of(status("7000001", "COMPLETED", "2026-11-15T11:00:00Z")));
        write("run_status_events", "15", "e3", List.of(status("7000004", "RUNNING", "2026-11-15T09:00:00Z")));
        write("run_status_events", "15", "e4", List.of(status("7000004", "FAILED", "2026-11-15T10:00:00Z")));
        write("task_status_events", "15", "e5", List.of(row("event_id", "e5", "event_time", "2026-11-15T09:58:00Z",
                "task_id", "4400001", "run_id", "7000004", "status", "FAILED", "failure_reason", OOM)));
    }

    static ObjectNode run(String id, String workflow, String status, double usd, double saving, boolean tagged) {
        ObjectNode run = row("run_id", id, "type", "run", "arn", "arn:aws:omics:us-west-2:123456789012:run/" + id,
                "name", "run-" + id, "status", status, "total_estimated_usd", usd, "potential_saving_usd", saving,
                "workflow_id", "11", "workflow_name", workflow);
        ObjectNode tags = run.putObject("tags");
        if (tagged) {
            tags.put("project", "alpha");
        }
        return run;
    }

    static ObjectNode status(String run, String status, String time) {
        return row("event_id", run + status, "event_time", time, "run_id", run, "run_name", "run-" + run,
                "status", status, "workflow_id", "12", "workflow_name", "somatic-mutect2");
    }

    @Test
    void dailyOperations() throws IOException {
        ReportCommandTest.Result r = ReportCommandTest.report("--period", "daily", "--on", "2026-11-16",
                "--lake", lake.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        Path page = out.resolve("daily/2026-11-15/index.html");
        assertEquals("wrote " + page + " (Daily operations report, 2026-11-15) and 2 CSV(s)\n"
                + "  2 run(s) with activity (COMPLETED 1, FAILED 1); 1 failed.\n"
                + "  Failed: run 7000004 (run-7000004): 4400001: " + OOM + "\n"
                + "  Functions' errors and dead-letter queues: not available locally (CloudWatch metrics of the "
                + "deployed stack).\n", r.out());
        String text = text(Files.readString(page));
        assertTrue(text.contains("Runs by status on 2026-11-15 status runs COMPLETED 1 FAILED 1"), text);
        assertTrue(text.contains("7000004 run-7000004 somatic-mutect2 2026-11-15T10:00:00Z 4400001: " + OOM), text);
        assertEquals("run_id,run_name,workflow,failed_at,reason\r\n"
                + "7000004,run-7000004,somatic-mutect2,2026-11-15T10:00:00Z,\"4400001: " + OOM + "\"\r\n",
                Files.readString(out.resolve("daily/2026-11-15/failures.csv")));
    }

    @Test
    void weeklyCost() throws IOException {
        ReportCommandTest.Result r = ReportCommandTest.report("--period", "weekly", "--on", "2026-11-16",
                "--lake", lake.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  2 run(s), estimated $6.50 (the week before $1.50, +$5.00); potential saving "
                + "$1.50.\n  Costliest workflow: germline-wgs-gatk4, $4.00.\n  Top right-sizing opportunity: "
                + "HaplotypeCaller of germline-wgs-gatk4, omics.m.8xlarge to omics.c.2xlarge, saving $2.00.\n"), r.out());
        Path folder = out.resolve("weekly/2026-11-09");
        assertEquals(List.of("cost-by-tag.csv", "cost-by-workflow.csv", "index.html", "right-sizing.csv"), files(folder));
        assertEquals("workflow,runs,estimated_usd,potential_saving_usd,previous_week_usd,change_usd\r\n"
                + "germline-wgs-gatk4,1,4.0,1.0,1.5,2.5\r\n"
                + "nf-core-rnaseq,1,2.5,0.5,0.0,2.5\r\n", Files.readString(folder.resolve("cost-by-workflow.csv")));
        assertEquals("tag_key,tag_value,runs,estimated_usd,potential_saving_usd,previous_week_usd,change_usd\r\n"
                + "cost-center,(untagged),2,6.5,1.5,1.5,5.0\r\n"
                + "project,alpha,1,4.0,1.0,1.5,2.5\r\n"
                + "project,(untagged),1,2.5,0.5,0.0,2.5\r\n", Files.readString(folder.resolve("cost-by-tag.csv")));
        assertTrue(text(Files.readString(folder.resolve("index.html"))).contains(
                "germline-wgs-gatk4 HaplotypeCaller omics.m.8xlarge omics.c.2xlarge 1 2.0"));
    }

    @Test
    void monthlyExecutiveSummary() throws IOException {
        ReportCommandTest.Result r = ReportCommandTest.report("--period", "monthly", "--on", "2026-12-01",
                "--lake", lake.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("  2026-11: 3 run(s), 1 failed, estimated $8.00 (the month before $0.00, +$8.00); "
                + "potential saving $1.50.\n"), r.out());
        assertEquals("year,month,runs,failed_runs,estimated_usd,potential_saving_usd\r\n2026,11,3,1,8.0,1.5\r\n",
                Files.readString(out.resolve("monthly/2026-11/trend.csv")));
    }

    @Test
    void badInputIsAClearError() {
        ReportCommandTest.Result r = ReportCommandTest.report("--period", "hourly", "--lake", lake.toString());
        assertEquals(2, r.exitCode());
        assertEquals("report: --period 'hourly' is not a report period: daily, weekly or monthly\n", r.err());
        r = ReportCommandTest.report("--period", "daily", "--on", "16/11/2026", "--lake", lake.toString());
        assertEquals("report: --on '16/11/2026' is not a date (2026-11-16)\n", r.err());
        r = ReportCommandTest.report("--period", "daily", "--run-id", "1", "--lake", lake.toString());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
    }

    @Test
    void thePageReadsRightInARealBrowser() throws Exception {
        assumeTrue(Files.isExecutable(ReportCommandTest.CHROMIUM), "skipped: no /usr/bin/chromium");
        assertEquals(0, ReportCommandTest.report("--period", "weekly", "--on", "2026-11-16", "--lake", lake.toString(),
                "--out", out.toString()).exitCode());
        Path page = out.resolve("weekly/2026-11-09/index.html");
        List<String> command = new ArrayList<>(List.of(ReportCommandTest.CHROMIUM.toString(), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--dump-dom", page.toUri().toString()));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished in time");
        assertEquals(0, p.exitValue());
        String dom = Files.readString(stdout, StandardCharsets.UTF_8);
        assertTrue(dom.contains("<h1>Weekly cost report, 2026-11-09 to 2026-11-15</h1>"), dom);
        assertTrue(dom.contains("<tr><td>germline-wgs-gatk4</td><td class=\"n\">1</td><td class=\"n\">4.0</td>"
                + "<td class=\"n\">1.0</td><td class=\"n\">1.5</td><td class=\"n\">2.5</td></tr>"), dom);
        assertEquals(3, ReportCommandTest.count(dom, "<table>"), "one table per query");
        assertFalse(dom.contains("<x>"), "lake text makes no element");
    }

    /**
     * The daily page's CloudWatch section in a browser: locally it says the figures are not available (and shows no
     * table of them); the same report with figures, as report-generator makes it in AWS, shows both tables.
     */
    @Test
    void theDailyPagesOperationsSectionReadsRightInARealBrowser() throws Exception {
        assumeTrue(Files.isExecutable(ReportCommandTest.CHROMIUM), "skipped: no /usr/bin/chromium");
        assertEquals(0, ReportCommandTest.report("--period", "daily", "--on", "2026-11-16", "--lake", lake.toString(),
                "--out", out.toString()).exitCode());
        String local = dom(out.resolve("daily/2026-11-15/index.html"));
        String section = local.substring(local.indexOf("<section id=\"operations\">"));
        assertTrue(section.startsWith("<section id=\"operations\"><h2>Functions' errors and dead-letter queues on "
                + "2026-11-15</h2>\n<p class=\"none\">Not available locally (CloudWatch metrics of the deployed "
                + "stack).</p></section>"), section);
        assertEquals(2, ReportCommandTest.count(local, "<table>"), "the two queries' tables, none of figures");

        Report made = PeriodReports.make(lake, Period.DAILY, LocalDate.of(2026, 11, 16), List.of("project"),
                Instant.parse("2026-11-16T06:00:05Z"));
        Report inAws = new Report(made.period(), made.today(), made.tables(), Operations.measured(
                List.of(new Operations.Figure("run-analyzer", "omics-monitor-RunAnalyzerFunction-AnA1y2", 4)),
                List.of(new Operations.Figure("run-analyzer", "omics-monitor-RunAnalyzerDeadLetterQueue-Q2", 2))),
                made.made());
        String aws = dom(PeriodReports.write(inAws, dir.resolve("aws")));
        assertTrue(aws.contains("<p class=\"summary\">Functions: 4 error(s) (run-analyzer 4); dead-letter queues: "
                + "messages waiting (run-analyzer 2).</p>"), aws);
        assertTrue(aws.contains("<tr><td>run-analyzer</td><td>omics-monitor-RunAnalyzerFunction-AnA1y2</td>"
                + "<td class=\"n\">4</td></tr>"), aws);
        assertTrue(aws.contains("<tr><td>run-analyzer</td><td>omics-monitor-RunAnalyzerDeadLetterQueue-Q2</td>"
                + "<td class=\"n\">2</td></tr>"), aws);
        assertEquals(4, ReportCommandTest.count(aws, "<table>"), "the queries' two, then errors and queues");
    }

    /** The page's DOM as headless Chromium built it. */
    private String dom(Path page) throws Exception {
        List<String> command = new ArrayList<>(List.of(ReportCommandTest.CHROMIUM.toString(), "--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"), "--dump-dom", page.toUri().toString()));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium finished in time");
        assertEquals(0, p.exitValue());
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static String text(String html) {
        return html.replaceAll("(?s)<style>.*?</style>", " ").replaceAll("<[^>]+>", " ").replace("&lt;", "<")
                .replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
                .replaceAll("\\s+", " ");
    }

    private void write(String table, String day, String id, List<ObjectNode> rows) throws IOException {
        Path file = lake.resolve(table + "/year=2026/month=11/day=" + day + "/" + id + ".json");
        Files.createDirectories(file.getParent());
        StringBuilder ndjson = new StringBuilder();
        for (ObjectNode r : rows) {
            ndjson.append(Json.MAPPER.writeValueAsString(r)).append('\n');
        }
        Files.writeString(file, ndjson);
    }
}
