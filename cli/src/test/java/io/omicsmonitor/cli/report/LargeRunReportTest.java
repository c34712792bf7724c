package io.omicsmonitor.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs too large for a row per task, and call-cached tasks, rendered from the report's own views (the lake's reading
 * is ReportCommandTest's). Sizes are asserted here; render times are measured in bench (bench/run.sh report).
 */
class LargeRunReportTest {

    static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    static final Instant GENERATED = Instant.parse("2026-11-24T12:00:00Z");
    static final String[] PROCESSES = {"NFCORE_SAREK:SAREK:FASTQC", "NFCORE_SAREK:SAREK:FASTP",
        "NFCORE_SAREK:SAREK:FASTQ_ALIGN_BWAMEM_MEM2_DRAGMAP:BWAMEM1_MEM", "NFCORE_SAREK:SAREK:BAM_MARKDUPLICATES:GATK4_MARKDUPLICATES",
        "NFCORE_SAREK:SAREK:BAM_BASERECALIBRATOR:GATK4_BASERECALIBRATOR",
        "NFCORE_SAREK:SAREK:BAM_VARIANT_CALLING_GERMLINE_ALL:BAM_VARIANT_CALLING_DEEPVARIANT:DEEPVARIANT",
        "NFCORE_SAREK:SAREK:VCF_QC_BCFTOOLS_VCFTOOLS:BCFTOOLS_STATS", "NFCORE_SAREK:SAREK:MULTIQC"};

    @TempDir
    Path dir;

    @Test
    void aFiftyThousandTaskRunIsAPageUnderTwoMegabytesWithALanePerTaskName() {
        RunView run = sarek(50_000, 42);
        long failed = run.tasks().stream().filter(TaskView::failed).count();
        long cached = run.tasks().stream().filter(TaskView::cached).count();

        String html = HtmlReport.render("run", List.of(run), GENERATED);

        long bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 2_000_000, "the page weighs " + bytes + " bytes");
        assertEquals(0, count(html, "<rect class=\"bar "), "no row per task");
        assertEquals(PROCESSES.length, count(html, "<div class=\"g-row lane\""), "one lane per task name");
        assertEquals(PROCESSES.length, count(section(html, "class=\"by-name\""), "<tr data-task-name="), "the table by task name");
        assertTrue(html.contains("<th>All tasks (run storage not included)</th><th class=\"num\">50000</th>"));
        assertTrue(failed > LargeRunView.MAX_NAMED, "the generated run has " + failed + " failed tasks");
        assertEquals(LargeRunView.MAX_NAMED, count(section(html, "class=\"failed-tasks\""), "<tr data-task="));
        assertTrue(html.contains("<h3>Failed tasks (" + failed + ")</h3>"));
        assertTrue(html.contains("The first 200 of " + failed + " failed tasks, in start order"));
        TaskView slowest = run.tasks().stream().filter(TaskView::timed).max(Comparator.comparing(TaskView::running)).orElseThrow();
        assertEquals(LargeRunView.SLOWEST, count(section(html, "class=\"slowest-tasks\""), "<tr data-task="));
        assertTrue(section(html, "class=\"slowest-tasks\"").contains("<tbody>\n<tr data-task=\"" + HtmlReport.esc(slowest.name())
                + "\">"), "the slowest task first");
        assertEquals(LargeRunView.MAX_NAMED, count(html, "<li>"), "the call-cached tasks named, up to 200");
        assertTrue(html.contains("<h3>Served from the call cache (" + cached + ")</h3>"));
        assertTrue(html.contains("and " + (cached - LargeRunView.MAX_NAMED) + " more; the table by task name counts them all."));
    }

    @Test
    void aLanePeakIsTheMostTasksOfThatNameRunningAtOnce() {
        List<TaskView> tasks = new ArrayList<>();
        for (int i = 0; i < 300; i++) {   // 300 at once, for ten minutes
            tasks.add(task("SCATTER (" + i + ")", "COMPLETED", 0, 600, 30.0, 4, 0.01));
        }
        for (int i = 0; i < 201; i++) {   // one after the other: never two at once
            tasks.add(task("GATHER (" + i + ")", i == 7 ? "FAILED" : "COMPLETED", 600 + i * 10, 10, null, 2, 0.001));
        }

        String html = HtmlReport.render("run", List.of(runOf(tasks)), GENERATED);

        assertTrue(html.contains("data-task-name=\"SCATTER\" data-peak-running=\"300\""), section(html, "class=\"gantt lanes\""));
        assertTrue(html.contains("data-task-name=\"GATHER\" data-peak-running=\"1\""));
        assertTrue(html.contains("300 tasks · peak 300 running"));
        assertTrue(html.contains("201 tasks · peak 1 running · <span class=\"failed-count\">1 failed</span>"));
        assertTrue(section(html, "class=\"failed-tasks\"").contains("<tr data-task=\"GATHER (7)\"><td>GATHER (7)</td><td>FAILED</td>"
                + "<td>2026-11-20 08:11:10 UTC</td><td>2026-11-20 08:11:20 UTC</td><td class=\"num\">10s</td>"
                + "<td class=\"num\">–</td>"), section(html, "class=\"failed-tasks\""));
        assertEquals(1, count(html, "<line class=\"fail\""), "the failure marked on its lane");
        assertFalse(html.contains("id=\"untimed\""), "every task has times");

        tasks.add(new TaskView("arn:task/x", "GATHER (201)", "COMPLETED", null, null, null, false, null, null, null, null,
                null, null, null, null, null, null, null, null));
        assertTrue(HtmlReport.render("run", List.of(runOf(tasks)), GENERATED).contains("<p class=\"muted\" id=\"untimed\">1 task(s) "
                + "without start and stop times are not on the timeline; the table by task name counts them.</p>"));
    }

    @Test
    void fiveHundredTasksStillGetARowEachAndOneMoreGetsLanes() {
        List<TaskView> tasks = new ArrayList<>();
        for (int i = 0; i < HtmlReport.LARGE_RUN; i++) {
            tasks.add(task("T (" + i + ")", "COMPLETED", i, 60, 5.0, 2, 0.001));
        }
        assertEquals(HtmlReport.LARGE_RUN, count(HtmlReport.render("run", List.of(runOf(tasks)), GENERATED), "<rect class=\"bar "));
        tasks.add(task("T (500)", "COMPLETED", 500, 60, 5.0, 2, 0.001));
        String large = HtmlReport.render("run", List.of(runOf(tasks)), GENERATED);
        assertEquals(0, count(large, "<rect class=\"bar "));
        assertEquals(1, count(large, "<div class=\"g-row lane\""));
    }

    @Test
    void aLargeRunReadsWholeInABrowser() throws Exception {
        assumeTrue(HeadlessChromium.available(), "skipped: no /usr/bin/chromium (apt-get install -y chromium)");
        RunView run = sarek(5_000, 7);
        Path page = dir.resolve("large.html");
        Files.writeString(page, HtmlReport.render("run", List.of(run), GENERATED));
        TaskView failed = run.tasks().stream().filter(TaskView::failed)
                .min(Comparator.comparing(TaskView::start, Comparator.nullsLast(Comparator.naturalOrder()))).orElseThrow();
        TaskView cached = run.tasks().stream().filter(TaskView::cached).findFirst().orElseThrow();

        JsonNode seen = HeadlessChromium.measure(dir, page);

        HeadlessChromium.assertFitsTheWindow(seen);
        for (String process : PROCESSES) {
            HeadlessChromium.assertReadable(seen, HeadlessChromium.item(seen, "task-name", process));
        }
        HeadlessChromium.assertReadable(seen, HeadlessChromium.cell(seen, failed.name()));
        HeadlessChromium.assertReadable(seen, HeadlessChromium.cell(seen, cached.name()));
        String lane = HeadlessChromium.tooltip(seen, PROCESSES[2] + ": ", "cost $", "CPU peak / reserved");
        assertTrue(lane.contains("running at once"), lane);
    }

    @Test
    void aCachedTaskIsNamedAsSuchWithoutABarOrACost() throws Exception {
        assumeTrue(HeadlessChromium.available(), "skipped: no /usr/bin/chromium (apt-get install -y chromium)");
        List<TaskView> tasks = List.of(
                task("BwaMem-0-1", "COMPLETED", 0, 1200, 45.0, 16, 0.56),
                task("BwaMem-1-1", "FAILED", 30, 300, 20.0, 16, 0.12),
                new TaskView("arn:task/3", "BuildBwaIndex", "COMPLETED", null, null, null, true, null, null, null, null,
                        null, null, "omics.c.large", "omics.c.large", null, null, 0.0, 0.0));
        Path page = dir.resolve("cached.html");
        String html = HtmlReport.render("run", List.of(runOf(tasks)), GENERATED);
        Files.writeString(page, html);

        JsonNode seen = HeadlessChromium.measure(dir, page);

        assertEquals(2, count(html, "<rect class=\"bar "), "bars for the two tasks that ran, none for the cached one");
        JsonNode name = HeadlessChromium.item(seen, "task-name", "BuildBwaIndex");
        assertEquals("BuildBwaIndexcached", name.path("text").asText());
        HeadlessChromium.assertReadable(seen, name);
        HeadlessChromium.assertReadable(seen, HeadlessChromium.item(seen, "badge", "cached"));
        HeadlessChromium.assertReadable(seen, HeadlessChromium.item(seen, "note", "served from the call cache: not run, $0.0000"));
        assertTrue(html.contains("<dt>Tasks</dt><dd>3, 1 failed, 1 from the call cache</dd>"), "the summary counts it");
    }

    // ------------------------------------------------------------------ runs

    /** A Nextflow run shaped like nf-core/sarek: 8 processes, 1 % failed, 2 % call-cached, queues of 30 s to 5 min. */
    static RunView sarek(int taskCount, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TaskView> tasks = new ArrayList<>();
        for (int i = 0; i < taskCount; i++) {
            String name = PROCESSES[random.nextInt(PROCESSES.length)] + " (sample" + i % 400 + ")";
            int draw = random.nextInt(100);
            if (draw < 2) {
                tasks.add(new TaskView("arn:task/" + i, name, "COMPLETED", null, null, null, true, null, null, null, null,
                        null, null, "omics.c.large", "omics.c.large", null, null, 0.0, 0.0));
                continue;
            }
            long start = random.nextLong(6 * 3600);
            long seconds = Math.max(5, (long) Math.exp(4 + random.nextDouble() * 4.5));
            tasks.add(task(name, draw < 3 ? "FAILED" : "COMPLETED", start, seconds, 30.0 + random.nextInt(270),
                    1 << random.nextInt(6), random.nextDouble()));
        }
        return runOf(tasks);
    }

    static TaskView task(String name, String status, long startSecond, long seconds, Double queued, int cpus, double usd) {
        Instant start = T0.plusSeconds(startSecond);
        return new TaskView("arn:task/" + name, name, status, start, start.plus(Duration.ofSeconds(seconds)), queued, false,
                (double) cpus, cpus * 0.6, cpus * 0.4, cpus * 2.0, cpus * 1.1, cpus * 0.8, "omics.c.xlarge", "omics.c.large",
                2.0, 4.0, usd, usd / 2);
    }

    static RunView runOf(List<TaskView> tasks) {
        List<TaskView> sorted = tasks.stream().sorted(Comparator.comparing(TaskView::start,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        return new RunView("9000001", "sarek-big", "COMPLETED", "sarek", "NEXTFLOW", T0, T0.plusSeconds(8 * 3600),
                1.0, 0.5, 0.5, 0.1, List.of(), sorted);
    }

    static String section(String html, String marker) {
        int at = html.indexOf(marker);
        return at < 0 ? "(missing)" : html.substring(at, html.indexOf("</table>", at) + 8);
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    static String firstMatch(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? m.group(1) : null;
    }
}
