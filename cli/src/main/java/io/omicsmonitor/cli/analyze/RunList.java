package io.omicsmonitor.cli.analyze;

import java.io.PrintWriter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * What upstream prints for several runs without {@code --batch} (and for {@code --time}): one line per run, its id,
 * completion time and uuid. Times are UTC, to the second (upstream prints the machine's local time, without a zone).
 */
final class RunList {

    private RunList() {
    }

    static void write(List<LiveRuns.Run> runs, PrintWriter out) {
        out.println("Workflow run IDs (<completionTime> <UUID>):");
        for (LiveRuns.Run run : runs) {
            String stop = run.stopTime() == null ? "-" : run.stopTime().truncatedTo(ChronoUnit.SECONDS).toString();
            out.println(run.id() + " (" + stop + " " + (run.uuid() == null ? "-" : run.uuid()) + ")");
        }
    }
}
