package io.omicsmonitor.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The report from a small lake written the way manifest-processor ({@code runs}, {@code tasks}) and run-analyzer
 * ({@code run_analysis}) write theirs, read back through DuckDB, and the page checked in a real headless Chromium.
 */
class ReportCommandTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    static final Path CHROMIUM = HeadlessChromium.CHROMIUM;
    static final String RUN = "7382915";
    static final String ODD_NAME = "Merge<VCF> & \"QC\" 'final'";
    static final String LONG_NAME = "NFCORE_SAREK:SAREK:FASTQ_ALIGN_BWAMEM_MEM2_DRAGMAP:BWAMEM1_MEM (sample1)";
    static final String FAILED_NAME = "NFCORE_SAREK:SAREK:BAM_VARIANT_CALLING_GERMLINE_ALL:BAM_VARIANT_CALLING_DEEPVARIANT:DEEPVARIANT (sample1)";

    @TempDir
    Path dir;
    Path lake;

    @BeforeEach
    void writeLake() throws IOException {
        lake = dir.resolve("lake/omics-lake/lake");
        String arn = "arn:aws:omics:us-west-2:123456789012:";
        List<ObjectNode> analysis = new ArrayList<>();
        List<ObjectNode> tasks = new ArrayList<>();
        ObjectNode run = row("run_id", RUN, "type", "run", "arn", arn + "run/" + RUN, "name", "NA12878-germline-wgs",
                "status", "COMPLETED", "start_time", "2026-11-20T08:05:00Z", "stop_time", "2026-11-20T11:42:18Z",
                "estimated_usd", 0.41, "total_estimated_usd", 3.0211, "total_minimum_usd", 1.6105,
                "potential_saving_usd", 1.4106, "headroom", 0.0, "price_region", "us-west-2");
        run.putArray("missing_prices");
        analysis.add(run);
        // name, status, start offset min, minutes, cpus, cpu max, cpu avg, mem, mem max, mem avg, reserved, minimum, est, min
        Object[][] specs = {
            {"BwaMem-0-1", "COMPLETED", 0, 50, 16, 15.2, 12.0, 32, 20.5, 14.0, "omics.c.4xlarge", "omics.c.4xlarge", 0.5600, 0.5600},
            {"BwaMem-1-1", "COMPLETED", 2, 55, 16, 15.8, 12.5, 32, 21.0, 15.0, "omics.c.4xlarge", "omics.c.4xlarge", 0.6200, 0.6200},
            {"MarkDuplicates-0-1", "COMPLETED", 58, 40, 8, 1.9, 1.1, 64, 30.0, 22.0, "omics.r.2xlarge", "omics.m.2xlarge", 0.3500, 0.2700},
            {"HaplotypeCaller-0-1", "COMPLETED", 100, 90, 32, 6.5, 4.0, 64, 12.0, 8.0, "omics.m.8xlarge", "omics.c.2xlarge", 1.1500, 0.1980},
            {"HaplotypeCaller-1-1", "FAILED", 100, 12, 32, 5.0, 3.0, 64, 10.0, 7.0, "omics.m.8xlarge", "omics.c.2xlarge", 0.1533, 0.0264},
            {ODD_NAME, "CANCELLED", 192, 20, 4, 3.5, 2.0, 8, 6.0, 4.0, "omics.c.xlarge", "omics.c.xlarge", 0.0350, 0.0350},
            // served from the run cache: the run analyzer writes cached = true and a cost of 0 (issue 15)
            {"CachedIndex", "COMPLETED", null, null, 2, null, null, 4, null, null, "omics.c.large", "omics.c.large", 0.0, 0.0},
        };
        Instant t0 = Instant.parse("2026-11-20T08:10:00Z");
        int id = 4402780;
        for (Object[] s : specs) {
            String taskArn = arn + "task/" + id++;
            ObjectNode a = row("run_id", RUN, "type", "task", "arn", taskArn, "name", s[0], "status", "COMPLETED",
                    "cpus_reserved", s[4], "cpus_maximum", s[5], "cpus_average", s[6], "memory_reserved_gib", s[7],
                    "memory_maximum_gib", s[8], "memory_average_gib", s[9], "omics_instance_type_reserved", s[10],
                    "omics_instance_type_minimum", s[11], "estimated_usd", s[12], "minimum_usd", s[13],
                    "cached", "CachedIndex".equals(s[0]));
            if (s[2] != null) {
                Instant start = t0.plusSeconds(60L * (Integer) s[2]);
                a.put("start_time", start.toString()).put("stop_time", start.plusSeconds(60L * (Integer) s[3]).toString());
            }
            analysis.add(a);
            tasks.add(row("run_id", RUN, "run_arn", arn + "run/" + RUN, "task_arn", taskArn, "name", s[0], "status", s[1]));
        }
        write("run_analysis", "day=20", RUN, analysis);
        write("tasks", "day=20", RUN, tasks);
        write("runs", "day=20", RUN, List.of(row("run_id", RUN, "run_name", "NA12878-germline-wgs",
                "workflow_name", "germline-wgs-gatk4", "engine", "WDL", "status", "COMPLETED")));
        // a second, later run for --since: a Nextflow run with a long task name, queue times and a failed task
        String nf = "8264019";
        write("run_analysis", "day=22", nf, List.of(
                row("run_id", nf, "type", "run", "name", "HG003", "status", "CANCELLED",
                        "start_time", "2026-11-22T09:00:00Z", "stop_time", "2026-11-22T09:30:00Z", "total_estimated_usd", 0.12),
                row("run_id", nf, "type", "task", "arn", arn + "task/9100001", "name", LONG_NAME,
                        "start_time", "2026-11-22T09:01:00Z", "stop_time", "2026-11-22T09:29:00Z", "cpus_reserved", 16,
                        "cpus_maximum", 12.0, "cpus_average", 9.5, "memory_reserved_gib", 32, "memory_maximum_gib", 8.0,
                        "estimated_usd", 0.12, "minimum_usd", 0.12,
                        "omics_instance_type_reserved", "omics.c.4xlarge", "omics_instance_type_minimum", "omics.c.4xlarge"),
                row("run_id", nf, "type", "task", "arn", arn + "task/9100002", "name", FAILED_NAME,
                        "start_time", "2026-11-22T09:10:00Z", "stop_time", "2026-11-22T09:12:30Z", "cpus_reserved", 4,
                        "estimated_usd", 0.01, "minimum_usd", 0.01, "omics_instance_type_reserved", "omics.c.xlarge")));
        write("tasks", "day=22", nf, List.of(
                row("run_id", nf, "task_arn", arn + "task/9100001", "name", LONG_NAME, "status", "COMPLETED",
                        "creation_time", "2026-11-22T08:56:30Z", "start_time", "2026-11-22T09:01:00Z"),
                row("run_id", nf, "task_arn", arn + "task/9100002", "name", FAILED_NAME, "status", "FAILED",
                        "creation_time", "2026-11-22T09:09:00.000", "start_time", "2026-11-22T09:10:00Z")));
        write("runs", "day=22", nf, List.of(row("run_id", nf, "run_name", "HG003", "workflow_name", "sarek",
                "engine", "NEXTFLOW", "status", "CANCELLED")));
    }

    @Test
    void writesOneSelfContainedPageWithEveryPartOfTheReport() throws IOException {
        Path out = dir.resolve("out/report.html");
        Result result = report("--run-id", RUN, "--lake", lake.toString(), "--out", out.toString());

        assertEquals(0, result.exitCode, result.err);
        assertEquals("wrote " + out + ": 1 run(s), 7 task(s)\n", result.out);
        String html = Files.readString(out);
        assertFalse(html.contains("http:") || html.contains("https:") || html.contains("<script") || html.contains("<link"),
                "no external URL, no script, no linked file");
        assertTrue(html.contains("Merge&lt;VCF&gt; &amp; &quot;QC&quot; &#39;final&#39;"), "data text is escaped");
        assertFalse(html.contains(ODD_NAME));
        assertEquals(6, count(html, "<rect class=\"bar "), "one bar per timed task");
        assertTrue(html.contains("1 from the call cache"), "the summary counts the cached task");
        assertTrue(html.contains("served from the call cache: not run, $0.0000"), "the cached task is named as such");
    }

    @Test
    void thePageShowsTheTimelineCostsAndRecommendationsInARealBrowser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: no /usr/bin/chromium (apt-get install -y chromium)");
        Path out = dir.resolve("report.html");
        assertEquals(0, report("--run-id", RUN, "--lake", lake.toString(), "--out", out.toString()).exitCode);

        String dom = chromium(out, "--dump-dom", "--virtual-time-budget=2000");

        assertEquals(6, count(dom, "<rect class=\"bar "), "the Gantt has one bar per timed task");
        assertEquals(4, count(dom, "<rect class=\"bar status-completed\""));
        assertEquals(1, count(dom, "<rect class=\"bar status-failed\""));
        assertEquals(1, count(dom, "<rect class=\"bar status-cancelled\""));
        assertTrue(dom.contains("data-task=\"HaplotypeCaller-0-1\" data-status=\"COMPLETED\" data-cpus=\"32\""), dom);
        assertTrue(thickness(dom, "HaplotypeCaller-0-1") > thickness(dom, "BwaMem-0-1"), "32 vCPUs drawn thicker than 16");
        assertTrue(thickness(dom, "BwaMem-0-1") > thicknessOfCpus(dom, "4"), "16 vCPUs thicker than 4");
        assertTrue(dom.contains("<td>Merge&lt;VCF&gt; &amp; \"QC\" 'final'</td>"), "the odd name shows as text");
        assertFalse(dom.contains("<vcf>"), "and makes no element");
        assertTrue(Pattern.compile("<tr data-task-name=\"HaplotypeCaller\"><td>HaplotypeCaller</td><td class=\"num\">2</td>"
                + "<td class=\"num\">\\$1\\.3033</td><td class=\"num\">\\$0\\.2244</td><td class=\"num saving\">\\$1\\.0789</td></tr>")
                .matcher(dom).find(), "cost and saving by task name: " + section(dom, "class=\"costs\""));
        assertTrue(dom.contains("<tr data-task=\"HaplotypeCaller-0-1\"><td>HaplotypeCaller-0-1</td><td>omics.m.8xlarge</td>"
                + "<td>omics.c.2xlarge</td><td class=\"num\">6.50 / 32</td><td class=\"num\">12 / 64</td>"
                + "<td class=\"num\">$1.1500</td><td class=\"num\">$0.1980</td><td class=\"num saving\">$0.9520</td></tr>"),
                "the recommendation row: " + section(dom, "class=\"recommendations\""));
        assertEquals(3, count(section(dom, "class=\"recommendations\""), "<tr data-task="), "the three tasks that fit a smaller instance");
        assertTrue(dom.contains("<dt>Potential saving</dt><dd>$1.4106</dd>"));

        Path png = Path.of(System.getProperty("java.io.tmpdir"), "omics-monitor-report-screenshot.png");
        Files.deleteIfExists(png);
        chromium(out, "--screenshot=" + png, "--window-size=1280,1800", "--hide-scrollbars");
        assertTrue(Files.size(png) > 10_000, "a screenshot was taken: " + png);
    }

    @Test
    void aReaderSeesLongNamesWholeTimesInUtcTheQueueAndTheFailedTask() throws Exception {
        assumeTrue(HeadlessChromium.available(), "skipped: no /usr/bin/chromium (apt-get install -y chromium)");
        Path out = dir.resolve("nextflow.html");
        assertEquals(0, report("--run-id", "8264019", "--lake", lake.toString(), "--out", out.toString()).exitCode);

        JsonNode seen = HeadlessChromium.measure(dir, out);

        HeadlessChromium.assertFitsTheWindow(seen);
        HeadlessChromium.assertReadable(seen, HeadlessChromium.item(seen, "task-name", LONG_NAME));
        JsonNode failed = HeadlessChromium.item(seen, "task-name", FAILED_NAME);
        HeadlessChromium.assertReadable(seen, failed);
        assertEquals(FAILED_NAME + "failed", failed.path("text").asText(), "the failed task is named, and marked failed");
        HeadlessChromium.assertReadable(seen, HeadlessChromium.item(seen, "badge", "failed"));
        String html = Files.readString(out);
        assertTrue(html.contains("<dt>Started</dt><dd>2026-11-22 09:00:00 UTC</dd>"), "times say their zone");
        assertTrue(html.contains("Generated by omics-monitor report at 2026-11-24 12:00:00 UTC"));
        assertTrue(html.contains("0 = 2026-11-22 08:56:30 UTC, the first task's creation"), "the axis starts at the first creation");
        String bar = HeadlessChromium.tooltip(seen, LONG_NAME + " · COMPLETED");
        assertEquals(LONG_NAME + " · COMPLETED\ncost $0.1200 · omics.c.4xlarge\nCPU peak 12 of 16 vCPU (75%), average 9.50\n"
                + "memory peak 8 of 32 GiB (25%), average –\nqueued 4m30s\n"
                + "ran 28m00s, 2026-11-22 09:01:00 UTC to 2026-11-22 09:29:00 UTC", bar, "hovering a bar: cost, utilization, times");
        HeadlessChromium.tooltip(seen, FAILED_NAME + " · queued 1m00s, from 2026-11-22 09:09:00 UTC to 2026-11-22 09:10:00 UTC");
        assertEquals(2, count(html, "<rect class=\"queue\""), "each task's queue time before its bar");
    }

    @Test
    void sinceReportsEveryRunThatStartedFromThatDateOldestFirst() throws IOException {
        Path out = dir.resolve("since.html");
        Result result = report("--since", "2026-11-01", "--lake", lake.toString(), "--out", out.toString());

        assertEquals(0, result.exitCode, result.err);
        String html = Files.readString(out);
        assertTrue(html.indexOf("id=\"run-7382915\"") < html.indexOf("id=\"run-8264019\""), "both, oldest first");
        assertEquals(0, count(report("--since", "2026-11-21", "--lake", lake.toString(), "--out", out.toString()).out, "2 run"));
        assertFalse(Files.readString(out).contains("run-7382915"));
    }

    @Test
    void errorsSayWhatToDo() {
        Result unknown = report("--run-id", "1234567", "--lake", lake.toString(), "--out", dir.resolve("x.html").toString());
        assertEquals(2, unknown.exitCode);
        assertTrue(unknown.err.contains("run 1234567 is not in the lake's run_analysis table"), unknown.err);
        assertTrue(unknown.err.contains("omics-monitor backfill --run-ids 1234567"), unknown.err);

        Result noLake = report("--run-id", RUN, "--lake", dir.resolve("nowhere").toString());
        assertEquals(2, noLake.exitCode);
        assertTrue(noLake.err.contains("no lake folder at"), noLake.err);

        Result badDate = report("--since", "yesterday", "--lake", lake.toString());
        assertEquals(2, badDate.exitCode);
        assertTrue(badDate.err.contains("'yesterday' is not a date"), badDate.err);

        Result both = report("--since", "2026-11-01", "--run-id", RUN);
        assertEquals(2, both.exitCode);
        assertTrue(both.err.contains("mutually exclusive"), both.err);
        assertFalse(Files.exists(dir.resolve("x.html")));
    }

    // ------------------------------------------------------------------ helpers

    record Result(int exitCode, String out, String err) {
    }

    static Result report(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ReportCommand(NOW));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), out.toString(), err.toString());
    }

    String chromium(Path page, String... what) throws IOException, InterruptedException {
        return HeadlessChromium.run(dir, page, what);
    }

    static double thickness(String dom, String task) {
        Matcher m = Pattern.compile("height=\"([0-9.]+)\" rx=\"2\" data-task=\"" + Pattern.quote(task) + "\"").matcher(dom);
        assertTrue(m.find(), "a bar for " + task);
        return Double.parseDouble(m.group(1));
    }

    static double thicknessOfCpus(String dom, String cpus) {
        Matcher m = Pattern.compile("height=\"([0-9.]+)\" rx=\"2\" data-task=\"[^\"]*\" data-status=\"[^\"]*\" data-cpus=\""
                + cpus + "\"").matcher(dom);
        assertTrue(m.find(), "a bar with " + cpus + " vCPUs");
        return Double.parseDouble(m.group(1));
    }

    static String section(String dom, String marker) {
        int at = dom.indexOf(marker);
        return at < 0 ? "(missing)" : dom.substring(at, Math.min(dom.length(), dom.indexOf("</table>", at) + 8));
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static ObjectNode row(Object... kv) {
        ObjectNode row = Json.MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            String k = (String) kv[i];
            if (v == null) {
                row.putNull(k);
            } else if (v instanceof Integer n) {
                row.put(k, n);
            } else if (v instanceof Double d) {
                row.put(k, d);
            } else if (v instanceof Boolean b) {
                row.put(k, b);
            } else {
                row.put(k, v.toString());
            }
        }
        return row;
    }

    void write(String table, String day, String id, List<ObjectNode> rows) throws IOException {
        Path file = lake.resolve(table + "/year=2026/month=11/" + day + "/" + id + ".json");
        Files.createDirectories(file.getParent());
        StringBuilder ndjson = new StringBuilder();
        for (ObjectNode r : rows) {
            ndjson.append(Json.MAPPER.writeValueAsString(r)).append('\n');
        }
        Files.writeString(file, ndjson);
    }
}
