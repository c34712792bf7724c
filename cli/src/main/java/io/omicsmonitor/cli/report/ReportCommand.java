package io.omicsmonitor.cli.report;

import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.backfill.Dates;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code omics-monitor report}: one self-contained HTML page per report, from a local lake folder. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Writes one self-contained HTML page (no external files or URLs) from a local lake folder: each run's "
                + "task timeline (a Gantt coloured by status, bars as thick as the reserved vCPUs), utilization of each task "
                + "against its reservation, cost and saving by task name, and the right-sizing recommendations."},
        footer = {"", "Examples:", "  omics-monitor report --run-id 7382915 --out run-7382915.html",
            "  omics-monitor report --since 2026-11-01 --lake .omics-monitor/lake --out november.html"})
public final class ReportCommand implements Callable<Integer> {

    static final class Selection {
        @Option(names = "--run-id", paramLabel = "ID", required = true, description = "The run to report on.")
        String runId;

        @Option(names = "--since", paramLabel = "DATE", required = true,
                description = "Every analyzed run that started at or after DATE (2026-11-01 or 2026-11-01T08:00:00Z), one section each.")
        String since;
    }

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Selection selection;

    @Option(names = "--lake", paramLabel = "DIR", description = "The local lake folder (default: ${DEFAULT-VALUE}).",
            defaultValue = ProjectFiles.DEFAULT_LAKE)
    Path lake;

    @Option(names = "--out", paramLabel = "FILE.html", description = "Where to write the page (default: "
            + "report-<run id>.html, or report.html with --since).")
    Path out;

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

    /** Whole or not at all: a temporary file beside the target, renamed over it. */
    private static void write(Path file, String html) {
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
            Files.writeString(temp, html, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UserError("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
