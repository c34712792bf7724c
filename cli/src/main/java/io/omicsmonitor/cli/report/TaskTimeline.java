package io.omicsmonitor.cli.report;

import static io.omicsmonitor.cli.report.HtmlReport.duration;
import static io.omicsmonitor.cli.report.HtmlReport.esc;
import static io.omicsmonitor.cli.report.HtmlReport.number;
import static io.omicsmonitor.cli.report.HtmlReport.orDash;
import static io.omicsmonitor.cli.report.HtmlReport.place;
import static io.omicsmonitor.cli.report.HtmlReport.usd;
import static io.omicsmonitor.cli.report.HtmlReport.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The timeline of a run of up to {@link HtmlReport#LARGE_RUN} tasks, one row per task in start order. The task's
 * name is HTML text in its own column and wraps, so a long Nextflow name is read whole, never clipped. In the
 * track, the time the task waited (creation to start) is a light segment before its running bar; the bar is
 * coloured by status and as thick as the reserved vCPUs; hovering it shows the task's cost and utilization.
 * Call-cached tasks, and tasks without times, are rows with a note instead of a bar.
 */
final class TaskTimeline {

    private static final double MAX_BAR = 18;
    private static final double MIN_BAR = 4;
    private static final int TRACK = 22;

    private TaskTimeline() {
    }

    static void render(StringBuilder h, RunView run) {
        List<TaskView> timed = run.tasks().stream().filter(TaskView::timed).toList();
        h.append("<h3>Task timeline</h3>\n");
        if (timed.isEmpty()) {
            h.append("<p class=\"muted\">No task has a start and stop time (call-cached or not run).</p>\n");
        }
        Instant t0 = timed.stream().map(t -> t.queuedFrom() != null ? t.queuedFrom() : t.start())
                .min(Instant::compareTo).orElse(null);
        Instant t1 = timed.stream().map(TaskView::stop).max(Instant::compareTo).orElse(null);
        double span = t0 == null ? 1 : Math.max(1, Duration.between(t0, t1).toMillis() / 1000.0);
        double maxCpus = timed.stream().mapToDouble(t -> t.cpusReserved() == null ? 0 : t.cpusReserved()).max().orElse(0);
        h.append("<div class=\"legend\"><span><i class=\"queued\"></i>queued (created, not yet started)</span>");
        for (String s : List.of("COMPLETED", "FAILED", "CANCELLED", "RUNNING")) {
            h.append("<span><i class=\"").append(HtmlReport.statusClass(s)).append("\"></i>").append(s.toLowerCase(Locale.ROOT))
                    .append("</span>");
        }
        h.append("<span class=\"muted\">bar thickness: reserved vCPUs (thickest = ").append(number(maxCpus)).append(")</span>");
        if (t0 != null) {
            h.append("<span class=\"muted\" id=\"time-origin\">0 = ").append(utc(t0)).append(", the first task's creation</span>");
        }
        h.append("</div>\n<div class=\"gantt tasks\" role=\"table\" aria-label=\"task timeline\">\n");
        if (t0 != null) {
            HtmlReport.axisRow(h, "Task", t0, span);
        }
        // timed tasks in start order, then the call-cached ones, then those without times
        List<TaskView> rows = Stream.of(timed, run.tasks().stream().filter(TaskView::cached).toList(),
                run.tasks().stream().filter(t -> !t.timed() && !t.cached()).toList()).flatMap(List::stream).toList();
        for (TaskView t : rows) {
            row(h, t, t0, span, maxCpus);
        }
        h.append("</div>\n");
    }

    private static void row(StringBuilder h, TaskView t, Instant t0, double span, double maxCpus) {
        String name = orDash(t.name());
        h.append("<div class=\"g-row\" role=\"row\" data-task=\"").append(esc(name)).append("\"><div class=\"task-name\" role=\"cell\">")
                .append(HtmlReport.name(name));
        if (t.cached()) {
            h.append("<span class=\"badge status-cached\">cached</span>");
        } else if (t.status() != null && !"COMPLETED".equalsIgnoreCase(t.status())) {
            h.append("<span class=\"badge ").append(HtmlReport.statusClass(t.status())).append("\">")
                    .append(esc(t.status().toLowerCase(Locale.ROOT))).append("</span>");
        }
        h.append("</div><div class=\"g-track\" role=\"cell\">");
        if (t.cached()) {
            h.append("<span class=\"note cached-note\">served from the call cache: not run, ").append(usd(t.estimatedUsd()))
                    .append("</span>");
        } else if (!t.timed()) {
            h.append("<span class=\"note\">no start and stop time recorded</span>");
        } else {
            bar(h, t, t0, span, maxCpus);
        }
        h.append("</div></div>\n");
    }

    private static void bar(StringBuilder h, TaskView t, Instant t0, double span, double maxCpus) {
        double x = place(t.start(), t0, span);
        double w = Math.max(1.5, place(t.stop(), t0, span) - x);
        double cpus = t.cpusReserved() == null ? 0 : t.cpusReserved();
        double thick = maxCpus > 0 ? MIN_BAR + (MAX_BAR - MIN_BAR) * cpus / maxCpus : MIN_BAR;
        h.append("<svg viewBox=\"0 0 1000 ").append(TRACK).append("\" preserveAspectRatio=\"none\" aria-hidden=\"true\">");
        Instant queued = t.queuedFrom();
        if (queued != null) {
            double qx = place(queued, t0, span);
            h.append(String.format(Locale.ROOT, "<rect class=\"queue\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">",
                    qx, (TRACK - MIN_BAR * 2) / 2, Math.max(0.5, x - qx), MIN_BAR * 2));
            h.append("<title>").append(esc(orDash(t.name()) + " · queued " + duration(t.queuedSeconds()) + ", from "
                    + utc(queued) + " to " + utc(t.start()))).append("</title></rect>");
        }
        h.append(String.format(Locale.ROOT, "<rect class=\"bar %s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"2\"",
                HtmlReport.statusClass(t.status()), x, (TRACK - thick) / 2, w, thick));
        h.append(" data-task=\"").append(esc(orDash(t.name()))).append("\" data-status=\"").append(esc(orDash(t.status())))
                .append("\" data-cpus=\"").append(number(t.cpusReserved())).append("\"><title>").append(esc(tooltip(t)))
                .append("</title></rect></svg>");
    }

    /** What hovering a bar shows: the task, its status, cost and utilization, its queue and running times. */
    static String tooltip(TaskView t) {
        return String.join("\n", Stream.of(
                orDash(t.name()) + " · " + orDash(t.status()),
                "cost " + usd(t.estimatedUsd()) + (t.hasRecommendation() ? " (" + usd(t.minimumUsd()) + " on "
                        + t.instanceMinimum() + ")" : "") + " · " + orDash(t.instanceReserved()),
                usage("CPU", t.cpusMaximum(), t.cpusAverage(), t.cpusReserved(), "vCPU"),
                usage("memory", t.memoryMaximumGib(), t.memoryAverageGib(), t.memoryReservedGib(), "GiB"),
                t.queuedSeconds() == null ? null : "queued " + duration(t.queuedSeconds()),
                "ran " + duration(t.running()) + ", " + utc(t.start()) + " to " + utc(t.stop()))
                .filter(Objects::nonNull).toList());
    }

    static String usage(String what, Double maximum, Double average, Double reserved, String unit) {
        Double share = TaskView.share(maximum, reserved);
        return what + " peak " + number(maximum) + " of " + number(reserved) + " " + unit
                + (share == null ? "" : String.format(Locale.ROOT, " (%.0f%%)", 100 * share)) + ", average " + number(average);
    }
}
