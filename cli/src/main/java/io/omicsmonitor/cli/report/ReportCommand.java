package io.omicsmonitor.cli.report;

import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.WholeFile;
import io.omicsmonitor.cli.backfill.Dates;
import io.omicsmonitor.reports.Period;
import io.omicsmonitor.reports.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code omics-monitor report}: one self-contained HTML page per report, from a local lake folder. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Writes one self-contained HTML page (no external files or URLs) from a local lake folder. With --period, "
                + "the scheduled report of a day, week or month (a page and CSVs). Else "
                + "each run's "
                + "task timeline (each task's queue time and running bar, coloured by status, as thick as its reserved "
                + "vCPUs; above 500 tasks, one lane per task name with the failed and slowest tasks named), utilization "
                + "against the reservation, cost and saving by task name, and the right-sizing recommendations. Times "
                + "are UTC."},
        footer = {"", "Examples:", "  omics-monitor report --run-id 7382915 --out run-7382915.html",
            "  omics-monitor report --since 2026-11-01 --lake .omics-monitor/lake --out november.html",
            "  omics-monitor report --period weekly --on 2026-11-23 --out reports"})
public final class ReportCommand implements Callable<Integer> {

    static final class Selection {
        @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run to report on.")
        String runId;

        @Option(names = "--since", paramLabel = "DATE", required = true,
                description = "Every analyzed run that started at or after DATE (2026-11-01 or 2026-11-01T08:00:00Z), one section each.")
        String since;

        @Option(names = "--period", paramLabel = "daily|weekly|monthly", required = true,
                description = "The scheduled report of that period: a page and CSVs "
                        + "under the --out folder: daily operations (the day before --on), weekly cost (the 7 days "
                        + "before), monthly executive summary (the month before).")
        String period;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(names = "--lake", paramLabel = "DIR", description = "The local lake folder (default: ${DEFAULT-VALUE}).",
            defaultValue = ProjectFiles.DEFAULT_LAKE)
    Path lake;

    @Option(names = "--out", paramLabel = "FILE.html", description = "Where to write the page (default: "
            + "report-<run id>.html, or report.html with --since); with --period, the folder (default: reports).")
    Path out;

    @Option(names = "--on", paramLabel = "DATE", description = "With --period: the day (UTC) the report is made; it "
            + "covers the whole period before (default: today).")
    String on;

    @Option(names = "--tag-keys", paramLabel = "KEYS", defaultValue = "project,cost-center",
            description = "With --period weekly: the cost-allocation tag keys, as the stack's CostAllocationTagKeys "
                    + "(default: ${DEFAULT-VALUE}).")
    String tagKeys;

    private final Clock clock;

    public ReportCommand() {
        this(Clock.systemUTC());
    }

    ReportCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        try {
            if (selection.period != null) {
                return periodReport(stdout);
            }
            Instant since = null;
            if (selection.since != null) {
                try {
                    since = Dates.start(selection.since);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--since " + e.getMessage());
                }
            }
            List<RunView> runs;
            try (LakeReader reader = new LakeReader(lake)) {
                runs = since == null ? List.of(reader.run(selection.runId)) : reader.runsSince(since);
            }
            String title = since == null ? "omics-monitor report: run " + selection.runId
                    : "omics-monitor report: runs since " + selection.since;
            Path file = out != null ? out : Path.of(since == null ? "report-" + selection.runId + ".html" : "report.html");
            write(file, HtmlReport.render(title, runs, clock.instant()));
            long tasks = runs.stream().mapToLong(r -> r.tasks().size()).sum();
            stdout.printf("wrote %s: %d run(s), %d task(s)%n", file, runs.size(), tasks);
            stdout.flush();
            return 0;
        } catch (UserError e) {
            spec.commandLine().getErr().println("report: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return UserError.EXIT_CODE;
        }
    }

    private int periodReport(PrintWriter stdout) {
        Period period;
        LocalDate today;
        try {
            period = Period.parse(selection.period);
            today = on == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : LocalDate.parse(on);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UserError(e instanceof DateTimeParseException ? "--on '" + on + "' is not a date (2026-11-16)"
                    : "--period " + e.getMessage());
        }
        List<String> keys = Arrays.stream(tagKeys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
        if (keys.isEmpty()) {
            throw new UserError("--tag-keys names no key");
        }
        Report report = PeriodReports.make(lake, period, today, keys, clock.instant());
        Path page = PeriodReports.write(report, out != null ? out : Path.of("reports"));
        stdout.printf("wrote %s (%s) and %d CSV(s)%n", page, report.title(), report.tables().size());
        for (String line : report.summary()) {
            stdout.println("  " + line);
        }
        stdout.flush();
        return 0;
    }

    private static void write(Path file, String html) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            WholeFile.write(file, html);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
