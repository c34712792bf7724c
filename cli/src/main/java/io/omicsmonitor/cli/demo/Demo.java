package io.omicsmonitor.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.local.EmbeddedAws;
import io.omicsmonitor.cli.local.LocalFunctions;
import io.omicsmonitor.cli.local.LocalPrices;
import io.omicsmonitor.cli.local.PriceListResponses;
import io.omicsmonitor.cli.local.RecordedData;
import io.omicsmonitor.cli.query.LakeDatabase;
import io.omicsmonitor.cli.query.ResultTable;
import io.omicsmonitor.cli.report.PeriodReports;
import io.omicsmonitor.cli.template.SamTemplate;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The main job, end to end, on this machine: the sample events of {@code events/} through every function of
 * template.yaml, against a real S3 server on a local folder and stubs serving the recorded HealthOmics data; then
 * what landed, the alerts and metrics sent, and the runs' analysis read back from the lake with DuckDB.
 */
public final class Demo {

    /** The run analysis, per run, from the lake: the run row's totals and its tasks' utilization. */
    static final String RUNS_SQL = """
            WITH r AS (SELECT run_id, name, status, total_estimated_usd, potential_saving_usd
                       FROM run_analysis WHERE type = 'run'),
                 t AS (SELECT run_id, count(*) AS tasks,
                              max(cpu_utilization_ratio) AS peak_cpu, avg(cpu_utilization_ratio) AS mean_cpu,
                              max(memory_utilization_ratio) AS peak_memory, avg(memory_utilization_ratio) AS mean_memory
                       FROM run_analysis WHERE type = 'task' GROUP BY run_id)
            SELECT r.run_id, r.name AS run_name, r.status, t.tasks,
                   round(r.total_estimated_usd, 2) AS estimated_usd,
                   round(r.potential_saving_usd, 2) AS potential_saving_usd,
                   round(t.peak_cpu, 2) AS peak_cpu, round(t.mean_cpu, 2) AS mean_cpu,
                   round(t.peak_memory, 2) AS peak_memory, round(t.mean_memory, 2) AS mean_memory
            FROM r LEFT JOIN t USING (run_id)
            ORDER BY r.run_id""";

    /** The biggest savings by task base name (WDL scatter suffix and Nextflow tag removed), across the runs. */
    static final String OPPORTUNITIES_SQL = """
            SELECT regexp_replace(regexp_replace(name, ' \\(.+\\)$', ''), '-[0-9]+-[0-9]+.*$', '') AS task_name,
                   count(*) AS tasks,
                   string_agg(DISTINCT omics_instance_type_reserved, ', ' ORDER BY omics_instance_type_reserved) AS reserved,
                   string_agg(DISTINCT omics_instance_type_minimum, ', ' ORDER BY omics_instance_type_minimum) AS recommended,
                   round(max(cpu_utilization_ratio), 2) AS peak_cpu,
                   round(max(memory_utilization_ratio), 2) AS peak_memory,
                   round(sum(estimated_usd), 2) AS estimated_usd,
                   round(sum(estimated_usd - minimum_usd), 2) AS saving_usd
            FROM run_analysis
            WHERE type = 'task' AND estimated_usd IS NOT NULL AND minimum_usd IS NOT NULL
            GROUP BY 1
            HAVING sum(estimated_usd - minimum_usd) > 0.005
            ORDER BY saving_usd DESC, task_name
            LIMIT 5""";

    private final ProjectFiles project;
    private final SamTemplate template;
    private final Path lake;
    private final PrintWriter out;
    private final LocalPrices prices;

    /** @param prices the run analyzer's book and discount ({@code --prices}, {@code --discount}) */
    public Demo(ProjectFiles project, SamTemplate template, Path lake, PrintWriter out, LocalPrices prices) {
        this.project = project;
        this.template = template;
        this.lake = lake.toAbsolutePath().normalize();
        this.out = out;
        this.prices = prices;
    }

    /** What the demo did and found, for its caller (and its tests). */
    public record Result(List<Replay.Invocation> invocations, List<String> skipped, String bucket, String prefix,
                         Map<String, Landed> landed, List<String> alerts, Map<String, Long> metrics,
                         ResultTable runs, ResultTable opportunities, List<Path> reports) {

        public long failures() {
            return invocations.stream().filter(i -> !i.outcome().succeeded()).count();
        }
    }

    /** Objects and rows of one table (rows null for a prefix that is not a table, like the analyzer's CSVs). */
    public record Landed(long objects, Long rows) {
    }

    public Result run() {
        long started = System.nanoTime();
        RecordedData recorded = RecordedData.read(project.recorded());
        List<String> skipped = new ArrayList<>();
        List<Delivery> events = sampleEvents(recorded, skipped);
        // the functions' clock: just after the last sample event, as if they ran as the events arrived; so the
        // demo shows the same whatever day it runs (CloudWatch takes no points older than two weeks, for one)
        Clock clock = Clock.fixed(events.stream().map(Delivery::time).max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH).plus(Duration.ofMinutes(30)), ZoneOffset.UTC);

        out.println("omics-monitor demo: the stack's functions, run in this process on embedded AWS");
        out.println("  S3: a real S3 server (S3Proxy) keeping its buckets in " + lake);
        out.println("  HealthOmics, CloudWatch Logs, Price List: answered from " + project.root().relativize(project.recorded())
                + "/ (" + recorded.runs().size() + " runs, " + recorded.manifests().size() + " manifests, "
                + (recorded.workflows().size() + recorded.workflowVersions().size()) + " workflows and versions)");
        out.println("  SNS, EventBridge, CloudWatch metrics: captured");
        out.println("  Run analyzer's prices: " + prices.describe());
        out.println();
        out.flush();

        try (EmbeddedAws aws = EmbeddedAws.start(lake, recorded, PriceListResponses.bundled())) {
            LocalFunctions functions = new LocalFunctions(template, aws, prices.environment(aws), clock);
            String bucket = lakeBucket(functions);
            String prefix = new LakeLocation(bucket, lakePrefix(functions)).prefix();
            functions.buckets().forEach(b -> aws.bucket(b, true));

            out.println("Replaying " + events.size() + " HealthOmics events from events/ as the stack's EventBridge rules "
                    + "route them:");
            List<Replay.Invocation> invocations = new Replay(functions, aws, clock).play(events, this::progress);
            for (String s : skipped) {
                out.println("  skipped " + s);
            }
            long failed = invocations.stream().filter(i -> !i.outcome().succeeded()).count();
            out.println("  " + invocations.size() + " invocations, " + (failed == 0 ? "all succeeded"
                    : failed + " FAILED (see above and the log)"));
            out.println();

            Map<String, Landed> landed = landed(aws, bucket, prefix);
            List<String> alerts = aws.published().stream().map(p -> p.getOrDefault("Subject", "(no subject)")).toList();
            Map<String, Long> metrics = aws.metrics().stream().collect(Collectors.groupingBy(
                    EmbeddedAws.MetricPoint::name, TreeMap::new, Collectors.counting()));
            String namespace = aws.metrics().stream().map(EmbeddedAws.MetricPoint::namespace).distinct()
                    .collect(Collectors.joining(", "));
            ResultTable runs;
            ResultTable opportunities;
            try (LakeDatabase db = LakeDatabase.open(lake.resolve(bucket), Optional.empty())) {
                landed = withRows(landed, db);
                boolean analyzed = db.tables().containsKey(Tables.RUN_ANALYSIS);
                runs = analyzed ? db.query(RUNS_SQL) : null;
                opportunities = analyzed ? db.query(OPPORTUNITIES_SQL) : null;
            }
            report(bucket, prefix, landed, alerts, metrics, namespace, runs, opportunities);
            List<Path> reports = runs == null ? List.of() : scheduledReports(lake.resolve(bucket), clock);
            out.printf("Done in %.1f s.%n", (System.nanoTime() - started) / 1e9);
            out.flush();
            return new Result(invocations, skipped, bucket, prefix, landed, alerts, metrics, runs, opportunities,
                    reports);
        }
    }

    private void progress(List<Replay.Invocation> invocations) {
        Delivery delivery = invocations.get(0).delivery();
        String targets = invocations.get(0).function() == null ? "(no rule matches)"
                : invocations.stream().map(i -> i.outcome().succeeded() ? i.function() : i.function() + " FAILED")
                .collect(Collectors.joining(", "));
        out.printf("  %-35s %-58s -> %s%n", delivery.label(), delivery.summary(), targets);
        for (Replay.Invocation i : invocations) {
            if (i.outcome() != null && !i.outcome().succeeded()) {
                out.println("      " + i.function() + ": " + i.outcome().payload().path("errorType").asText() + ": "
                        + i.outcome().payload().path("errorMessage").asText());
            }
        }
        out.flush();
    }

    private void report(String bucket, String prefix, Map<String, Landed> landed, List<String> alerts,
                        Map<String, Long> metrics, String namespace, ResultTable runs, ResultTable opportunities) {
        out.println("What landed in s3://" + bucket + "/" + prefix + " :");
        out.printf("  %-22s %8s %6s%n", "table", "objects", "rows");
        landed.forEach((table, l) -> out.printf("  %-22s %8d %6s%n", table, l.objects(),
                l.rows() == null ? "(csv)" : l.rows().toString()));
        out.println();
        out.println("Alerts sent (SNS Publish): " + alerts.size());
        alerts.forEach(a -> out.println("  " + a));
        out.println();
        long points = metrics.values().stream().mapToLong(Long::longValue).sum();
        out.println("Metrics published (CloudWatch PutMetricData" + (namespace.isEmpty() ? "" : ", namespace " + namespace)
                + "): " + points + " data points");
        metrics.forEach((name, count) -> out.printf("  %-32s %4d%n", name, count));
        out.println();
        if (runs == null) {
            out.println("No run analysis in the lake (the run analyzer wrote none).");
        } else {
            out.println("The runs, read back from the lake (run_analysis) with DuckDB: cost and utilization "
                    + "(ratios of the observed maximum to the reservation, over the run's tasks):");
            indent(runs.aligned());
            out.println("Top right-sizing opportunities by task name (all runs):");
            indent(opportunities.aligned());
        }
        Path shown = relativeToWorkingFolder(lake);
        out.println("The lake: " + shown.resolve(bucket) + "/" + prefix + "<table>/year=YYYY/month=MM/day=DD/<id>.json");
        out.println("Query it with SQL (DuckDB, the tables and columns Athena sees):");
        String lakeOption = shown.equals(Path.of(ProjectFiles.DEFAULT_LAKE)) ? "" : " --lake " + shown;
        out.println("  ./omics-monitor query" + lakeOption + " \"SELECT run_id, status, event_time FROM run_status_events"
                + " ORDER BY event_time\"");
        out.println("  ./omics-monitor query" + lakeOption + " --named \"Biggest right-sizing savings by task name\"");
    }

    /**
     * The scheduled reports (issue 14) from the demo's lake, as if their schedules ran after the events: the daily and
     * weekly ones the day after the functions' clock, the monthly one on the 1st of the month after (so the events'
     * month). Written beside the lake folder, under reports/, as the stack writes them under the bucket's reports/.
     */
    private List<Path> scheduledReports(Path lakeFolder, Clock clock) {
        LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1);
        String keys = template.root().path("Parameters").path("CostAllocationTagKeys").path("Default")
                .asText("project,cost-center");
        List<String> tagKeys = Arrays.stream(keys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        Path folder = lake.resolveSibling("reports");
        List<Path> pages = new ArrayList<>();
        out.println("Scheduled reports, made from the lake with the stack's report SQL (DuckDB here, Athena in AWS):");
        for (Period period : Period.values()) {
            LocalDate on = period == Period.MONTHLY ? day.withDayOfMonth(1).plusMonths(1) : day;
            Report report = PeriodReports.make(lakeFolder, period, on, tagKeys, clock.instant());
            Path page = PeriodReports.write(report, folder);
            pages.add(page);
            out.println("  " + report.title() + ": " + relativeToWorkingFolder(page));
            report.summary().forEach(line -> out.println("    " + line));
        }
        out.println("  (each with its CSVs beside it; again by hand: ./omics-monitor report --period weekly --on " + day
                + ")");
        out.println();
        return pages;
    }

    private void indent(String table) {
        table.lines().forEach(line -> out.println("  " + line));
        out.println();
    }

    /**
     * The sample events that concern the recorded runs and workflows, oldest first; the others (an old-format event
     * of a run with nothing recorded, the analyzer's own output sample) are listed as skipped with the reason.
     */
    private List<Delivery> sampleEvents(RecordedData recorded, List<String> skipped) {
        Set<String> runs = recorded.manifests().stream().map(RecordedData.Manifest::runId).collect(Collectors.toSet());
        recorded.runs().forEach(r -> runs.add(r.path("id").asText()));
        Set<String> workflows = recorded.workflows().stream().map(w -> w.path("id").asText()).collect(Collectors.toSet());
        List<Delivery> events = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(project.requireEvents())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UserError("cannot list " + project.events() + ": " + e.getMessage());
        }
        for (Path file : files) {
            JsonNode event;
            try {
                event = Json.MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new UserError("the sample event " + file + " is not readable JSON: " + e.getMessage());
            }
            String name = file.getFileName().toString();
            if (!"aws.omics".equals(event.path("source").asText())) {
                skipped.add(name + ": from " + event.path("source").asText() + ", not HealthOmics (the functions make "
                        + "their own)");
                continue;
            }
            JsonNode detail = event.path("detail");
            String arn = detail.path("arn").asText("");
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            String runId = detail.has("runId") ? detail.path("runId").asText() : arn.contains(":run/") ? id : null;
            if (runId != null && !runs.contains(runId)) {
                skipped.add(name + ": run " + runId + " has no recorded data in events/recorded/");
            } else if (runId == null && arn.contains(":workflow/") && !workflows.contains(id)) {
                skipped.add(name + ": workflow " + id + " has no recorded data in events/recorded/");
            } else {
                events.add(new Delivery(name, event));
            }
        }
        events.sort(Comparator.comparing(Delivery::time));
        return events;
    }

    private String lakeBucket(LocalFunctions functions) {
        return template.functions().stream().map(f -> functions.environment(f).get(LakeLocation.BUCKET_VARIABLE))
                .filter(b -> b != null).findFirst()
                .orElseThrow(() -> new UserError(template.file() + " gives no function a " + LakeLocation.BUCKET_VARIABLE));
    }

    private String lakePrefix(LocalFunctions functions) {
        return template.functions().stream().map(f -> functions.environment(f).get(LakeLocation.PREFIX_VARIABLE))
                .filter(p -> p != null).findFirst().orElse("");
    }

    /**
     * Objects per first folder under the prefix (each table, and the analyzer's CSV folder); the functions' own
     * bookkeeping under {@code _state/} (custom-metrics' published-event markers) is not data and is left out.
     */
    private static Map<String, Landed> landed(EmbeddedAws aws, String bucket, String prefix) {
        Map<String, Long> objects = new LinkedHashMap<>();
        for (String table : LakeDatabase.TABLES) {
            objects.put(table, 0L);
        }
        for (String key : aws.s3().keys(bucket)) {
            if (key.startsWith(prefix) && !key.startsWith(prefix + DataLake.STATE_PREFIX)) {
                String rest = key.substring(prefix.length());
                objects.merge(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest, 1L, Long::sum);
            }
        }
        Map<String, Landed> landed = new LinkedHashMap<>();
        objects.forEach((table, count) -> landed.put(table, new Landed(count, null)));
        return landed;
    }

    private static Map<String, Landed> withRows(Map<String, Landed> landed, LakeDatabase db) {
        Map<String, Landed> withRows = new LinkedHashMap<>();
        landed.forEach((table, l) -> {
            Long rows = null;
            if (db.tables().containsKey(table)) {
                rows = ((Number) db.query("SELECT count(*) FROM " + table).rows().get(0).get(0)).longValue();
            } else if (LakeDatabase.TABLES.contains(table)) {
                rows = 0L;
            }
            withRows.put(table, new Landed(l.objects(), rows));
        });
        return withRows;
    }

    private static Path relativeToWorkingFolder(Path path) {
        Path cwd = Path.of("").toAbsolutePath();
        return path.startsWith(cwd) ? cwd.relativize(path) : path;
    }
}
