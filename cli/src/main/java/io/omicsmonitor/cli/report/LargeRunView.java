package io.omicsmonitor.cli.report;

import static io.omicsmonitor.cli.report.HtmlReport.cell;
import static io.omicsmonitor.cli.report.HtmlReport.duration;
import static io.omicsmonitor.cli.report.HtmlReport.esc;
import static io.omicsmonitor.cli.report.HtmlReport.orDash;
import static io.omicsmonitor.cli.report.HtmlReport.place;
import static io.omicsmonitor.cli.report.HtmlReport.usd;
import static io.omicsmonitor.cli.report.HtmlReport.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A run of more than {@link HtmlReport#LARGE_RUN} tasks, in a form a person can take in: one lane per task name
 * (the name a scatter's instances share, {@code TaskBaseName}) showing how many of its tasks waited and ran at each
 * moment; the failed tasks and the slowest tasks named one by one; the call-cached tasks named; and a table by task
 * name with counts, times, utilization and cost. The page's size grows with the number of task names and of failed
 * tasks, not with the number of tasks: a 50,000-task run is a few hundred kB (docs/benchmarks.md).
 */
final class LargeRunView {

    /** Time buckets a lane is drawn with: about 4 px each on a 1,000 px track. */
    static final int BUCKETS = 250;
    /** At most this many lanes (task names), the most tasks first; the table below lists every name. */
    static final int MAX_LANES = 150;
    /** At most this many failed (or call-cached) tasks named one by one; the rest are counted per task name. */
    static final int MAX_NAMED = 200;
    static final int SLOWEST = 20;
    private static final int LANE = 40;

    private LargeRunView() {
    }

    static void render(StringBuilder h, RunView run) {
        Map<String, Group> groups = new LinkedHashMap<>();
        for (TaskView t : run.tasks()) {
            groups.computeIfAbsent(HtmlReport.baseName(t.name(), run.engine()), Group::new).tasks.add(t);
        }
        h.append("<p class=\"muted\" id=\"large-run\">").append(run.tasks().size()).append(" tasks: more than ")
                .append(HtmlReport.LARGE_RUN).append(", so the timeline shows one lane per task name (")
                .append(groups.size()).append(" names), with the failed and the slowest tasks named below.</p>\n");
        lanes(h, run, groups);
        failed(h, run);
        slowest(h, run);
        cached(h, run);
        byName(h, run, groups);
        recommendations(h, groups);
    }

    // ------------------------------------------------------------------ lanes

    private static void lanes(StringBuilder h, RunView run, Map<String, Group> groups) {
        List<TaskView> timed = run.tasks().stream().filter(TaskView::timed).toList();
        h.append("<h3>Task timeline by task name</h3>\n");
        if (timed.isEmpty()) {
            h.append("<p class=\"muted\">No task has a start and stop time (call-cached or not run).</p>\n");
            return;
        }
        Instant t0 = timed.stream().map(t -> t.queuedFrom() != null ? t.queuedFrom() : t.start()).min(Instant::compareTo).orElseThrow();
        Instant t1 = timed.stream().map(TaskView::stop).max(Instant::compareTo).orElseThrow();
        double span = Math.max(1, Duration.between(t0, t1).toMillis() / 1000.0);
        List<Group> drawn = groups.values().stream().filter(g -> g.timed().findAny().isPresent())
                .sorted(Comparator.comparingLong((Group g) -> -g.tasks.size())).limit(MAX_LANES)
                .sorted(Comparator.comparing(Group::firstStart)).toList();
        h.append("<div class=\"legend\"><span><i class=\"status-running\"></i>tasks running</span>"
                        + "<span><i class=\"queued\"></i>tasks queued (created, not yet started)</span>"
                        + "<span><i class=\"status-failed\"></i>a task failed</span><span class=\"muted\">each lane is scaled to "
                        + "its own peak; hover a lane for its cost and utilization</span>")
                .append("<span class=\"muted\" id=\"time-origin\">0 = ").append(utc(t0)).append(", the first task's creation</span></div>\n");
        h.append("<div class=\"gantt lanes\" role=\"table\" aria-label=\"task timeline by task name\">\n");
        HtmlReport.axisRow(h, "Task name", t0, span);
        for (Group g : drawn) {
            lane(h, g, t0, span);
        }
        h.append("</div>\n");
        long untimed = run.tasks().stream().filter(t -> !t.timed() && !t.cached()).count();
        if (untimed > 0) {
            h.append("<p class=\"muted\" id=\"untimed\">").append(untimed).append(" task(s) without start and stop times "
                    + "are not on the timeline; the table by task name counts them.</p>\n");
        }
        long hidden = groups.values().stream().filter(g -> g.timed().findAny().isPresent()).count() - drawn.size();
        if (hidden > 0) {
            h.append("<p class=\"muted\">").append(hidden).append(" more task names with fewer tasks are not drawn; the table "
                    + "by task name lists them all.</p>\n");
        }
    }

    private static void lane(StringBuilder h, Group g, Instant t0, double span) {
        double[] running = new double[BUCKETS];
        double[] waiting = new double[BUCKETS];
        g.timed().forEach(t -> {
            double start = place(t.start(), t0, span) * BUCKETS / 1000;
            spread(running, start, place(t.stop(), t0, span) * BUCKETS / 1000);
            if (t.queuedFrom() != null) {
                spread(waiting, place(t.queuedFrom(), t0, span) * BUCKETS / 1000, start);
            }
        });
        double top = 0;
        for (int i = 0; i < BUCKETS; i++) {
            top = Math.max(top, running[i] + waiting[i]);
        }
        double scale = (LANE - 2) / Math.max(1, top);
        double[] stacked = new double[BUCKETS];
        Arrays.setAll(stacked, i -> running[i] + waiting[i]);
        int peak = g.peakRunning();
        h.append("<div class=\"g-row lane\" role=\"row\" data-task-name=\"").append(esc(g.name)).append("\" data-peak-running=\"")
                .append(peak).append("\"><div class=\"task-name\" role=\"cell\">").append(HtmlReport.name(g.name))
                .append("<br><span class=\"muted\">").append(g.tasks.size()).append(" tasks · peak ").append(peak).append(" running");
        if (g.failed() > 0) {
            h.append(" · <span class=\"failed-count\">").append(g.failed()).append(" failed</span>");
        }
        h.append("</span></div><div class=\"g-track\" role=\"cell\" title=\"").append(esc(g.tooltip())).append("\">")
                .append("<svg viewBox=\"0 0 1000 ").append(LANE).append("\" preserveAspectRatio=\"none\" aria-hidden=\"true\">")
                .append("<path class=\"queued\" d=\"").append(area(stacked, scale)).append("\"/>")
                .append("<path class=\"running\" d=\"").append(area(running, scale)).append("\"/>");
        g.tasks.stream().filter(t -> t.failed() && t.timed()).limit(MAX_NAMED).forEach(t -> {
            double x = place(t.stop(), t0, span);
            h.append(String.format(Locale.ROOT, "<line class=\"fail\" x1=\"%.1f\" x2=\"%.1f\" y1=\"0\" y2=\"%d\"/>", x, x, LANE));
        });
        h.append("</svg></div></div>\n");
    }

    /** Adds an interval [a, b) in bucket units to the buckets, each by the share of it the interval covers. */
    static void spread(double[] buckets, double a, double b) {
        a = Math.max(0, a);
        b = Math.min(buckets.length, Math.max(a, b));
        int first = (int) Math.floor(a);
        int last = (int) Math.floor(b);
        if (first >= buckets.length) {
            return;
        }
        if (first == last) {
            buckets[first] += b - a;
            return;
        }
        buckets[first] += first + 1 - a;
        for (int i = first + 1; i < last; i++) {
            buckets[i] += 1;
        }
        if (last < buckets.length) {
            buckets[last] += b - last;
        }
    }

    /** A step area from the lane's bottom: one horizontal step per bucket, equal neighbours merged. */
    private static String area(double[] values, double scale) {
        StringBuilder d = new StringBuilder("M0 ").append(LANE);
        double width = 1000.0 / values.length;
        long previous = -1;
        for (int i = 0; i < values.length; i++) {
            long y = Math.round((LANE - values[i] * scale) * 10);
            if (y != previous) {
                if (i > 0) {
                    d.append('H').append(trim(i * width));
                }
                d.append('V').append(trim(y / 10.0));
                previous = y;
            }
        }
        return d.append("H1000V").append(LANE).append('Z').toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    // ------------------------------------------------------------------ the tasks named one by one

    private static void failed(StringBuilder h, RunView run) {
        List<TaskView> failed = run.tasks().stream().filter(TaskView::failed)
                .sorted(Comparator.comparing(TaskView::start, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        h.append("<h3>Failed tasks (").append(failed.size()).append(")</h3>\n");
        if (failed.isEmpty()) {
            h.append("<p class=\"muted\" id=\"no-failed-tasks\">No task failed.</p>\n");
            return;
        }
        taskTable(h, "failed-tasks", failed.stream().limit(MAX_NAMED).toList());
        if (failed.size() > MAX_NAMED) {
            h.append("<p class=\"muted\">The first ").append(MAX_NAMED).append(" of ").append(failed.size())
                    .append(" failed tasks, in start order; the table by task name counts them all.</p>\n");
        }
    }

    private static void slowest(StringBuilder h, RunView run) {
        List<TaskView> slowest = run.tasks().stream().filter(TaskView::timed)
                .sorted(Comparator.comparing(TaskView::running).reversed()).limit(SLOWEST).toList();
        if (!slowest.isEmpty()) {
            h.append("<h3>The ").append(slowest.size()).append(" slowest tasks</h3>\n");
            taskTable(h, "slowest-tasks", slowest);
        }
    }

    private static void taskTable(StringBuilder h, String cssClass, List<TaskView> tasks) {
        h.append("<table class=\"").append(cssClass).append("\"><thead><tr><th>Task</th><th>Status</th><th>Started</th>"
                + "<th>Stopped</th><th class=\"num\">Ran</th><th class=\"num\">Queued</th><th>Instance</th>"
                + "<th class=\"num\">CPU peak</th><th class=\"num\">Memory peak</th><th class=\"num\">Estimated</th></tr></thead><tbody>\n");
        for (TaskView t : tasks) {
            h.append("<tr data-task=\"").append(esc(orDash(t.name()))).append("\"><td>").append(HtmlReport.name(t.name()))
                    .append("</td><td>").append(esc(orDash(t.status()))).append("</td><td>").append(utc(t.start()))
                    .append("</td><td>").append(utc(t.stop())).append("</td>");
            cell(h, t.timed() ? duration(t.running()) : "–");
            cell(h, duration(t.queuedSeconds()));
            h.append("<td>").append(esc(orDash(t.instanceReserved()))).append("</td>");
            cell(h, share(TaskView.share(t.cpusMaximum(), t.cpusReserved())));
            cell(h, share(TaskView.share(t.memoryMaximumGib(), t.memoryReservedGib())));
            cell(h, usd(t.estimatedUsd()));
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void cached(StringBuilder h, RunView run) {
        List<TaskView> cached = run.tasks().stream().filter(TaskView::cached).toList();
        if (cached.isEmpty()) {
            return;
        }
        h.append("<h3>Served from the call cache (").append(cached.size()).append(")</h3>\n<p class=\"muted\">Not run again: "
                + "no timeline, no compute cost.</p>\n<ul class=\"cached-tasks\">");
        cached.stream().limit(MAX_NAMED).forEach(t -> h.append("<li>").append(HtmlReport.name(t.name())).append("</li>"));
        h.append("</ul>\n");
        if (cached.size() > MAX_NAMED) {
            h.append("<p class=\"muted\">and ").append(cached.size() - MAX_NAMED)
                    .append(" more; the table by task name counts them all.</p>\n");
        }
    }

    // ------------------------------------------------------------------ by task name

    private static void byName(StringBuilder h, RunView run, Map<String, Group> groups) {
        List<Group> rows = new ArrayList<>(groups.values());
        rows.sort(Comparator.comparingDouble(Group::estimated).reversed());
        h.append("<h3>Tasks by task name</h3>\n<table class=\"by-name\"><thead><tr><th>Task name</th><th class=\"num\">Tasks</th>"
                + "<th class=\"num\">Failed</th><th class=\"num\">Cached</th><th class=\"num\">Ran: median / longest</th>"
                + "<th class=\"num\">Queued: median / longest</th><th class=\"num\">Peak running</th><th class=\"num\">CPU peak</th>"
                + "<th class=\"num\">Memory peak</th><th class=\"num\">Estimated</th><th class=\"num\">Minimum</th>"
                + "<th class=\"num\">Saving</th></tr></thead><tbody>\n");
        for (Group g : rows) {
            double[] ran = g.timed().mapToDouble(t -> t.running().toMillis() / 1000.0).sorted().toArray();
            double[] queued = g.timed().map(TaskView::queuedSeconds).filter(Objects::nonNull).mapToDouble(Double::doubleValue)
                    .sorted().toArray();
            h.append("<tr data-task-name=\"").append(esc(g.name)).append("\"><td>").append(HtmlReport.name(g.name)).append("</td>");
            cell(h, String.valueOf(g.tasks.size()));
            cell(h, String.valueOf(g.failed()));
            cell(h, String.valueOf(g.tasks.stream().filter(TaskView::cached).count()));
            cell(h, medianAndLongest(ran));
            cell(h, medianAndLongest(queued));
            cell(h, String.valueOf(g.peakRunning()));
            cell(h, share(g.meanShare(t -> TaskView.share(t.cpusMaximum(), t.cpusReserved()))));
            cell(h, share(g.meanShare(t -> TaskView.share(t.memoryMaximumGib(), t.memoryReservedGib()))));
            cell(h, usd(g.estimated()));
            cell(h, usd(g.minimum()));
            h.append("<td class=\"num saving\">").append(usd(g.estimated() - g.minimum())).append("</td></tr>\n");
        }
        double estimated = rows.stream().mapToDouble(Group::estimated).sum();
        double minimum = rows.stream().mapToDouble(Group::minimum).sum();
        h.append("</tbody><tfoot><tr><th>All tasks (run storage not included)</th><th class=\"num\">").append(run.tasks().size())
                .append("</th><th colspan=\"7\"></th><th class=\"num\">").append(usd(estimated)).append("</th><th class=\"num\">")
                .append(usd(minimum)).append("</th><th class=\"num\">").append(usd(estimated - minimum))
                .append("</th></tr></tfoot></table>\n<p class=\"muted\">CPU and memory peak: the mean over the name's tasks of "
                        + "each task's maximum (any 1-minute interval) as a share of its reservation.</p>\n");
    }

    private static void recommendations(StringBuilder h, Map<String, Group> groups) {
        record Change(String name, String from, String to, long tasks, double saving) {
        }
        Map<List<String>, Change> changes = new HashMap<>();
        for (Group g : groups.values()) {
            for (TaskView t : g.tasks) {
                if (t.hasRecommendation()) {
                    changes.merge(List.of(g.name, t.instanceReserved(), t.instanceMinimum()),
                            new Change(g.name, t.instanceReserved(), t.instanceMinimum(), 1, t.savingUsd()),
                            (a, b) -> new Change(a.name, a.from, a.to, a.tasks + b.tasks, a.saving + b.saving));
                }
            }
        }
        h.append("<h3>Recommendations</h3>\n");
        if (changes.isEmpty()) {
            h.append("<p class=\"muted\" id=\"no-recommendations\">Every task's reservation fits its measured peak: nothing to resize.</p>\n");
            return;
        }
        List<Change> rows = changes.values().stream().sorted(Comparator.comparingDouble(Change::saving).reversed()).toList();
        h.append("<p>").append(rows.stream().mapToLong(Change::tasks).sum())
                .append(" task(s) would fit a smaller instance (peak usage plus headroom); saving ")
                .append(usd(rows.stream().mapToDouble(Change::saving).sum())).append(" on this run.</p>\n")
                .append("<table class=\"recommendations\"><thead><tr><th>Task name</th><th>Reserved</th><th>Recommended</th>"
                        + "<th class=\"num\">Tasks</th><th class=\"num\">Saving</th></tr></thead><tbody>\n");
        for (Change c : rows.subList(0, Math.min(rows.size(), MAX_LANES))) {
            h.append("<tr data-task-name=\"").append(esc(c.name)).append("\"><td>").append(HtmlReport.name(c.name)).append("</td><td>")
                    .append(esc(c.from)).append("</td><td>").append(esc(c.to)).append("</td>");
            cell(h, String.valueOf(c.tasks));
            h.append("<td class=\"num saving\">").append(usd(c.saving)).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static String medianAndLongest(double[] sortedSeconds) {
        return sortedSeconds.length == 0 ? "–"
                : duration(sortedSeconds[sortedSeconds.length / 2]) + " / " + duration(sortedSeconds[sortedSeconds.length - 1]);
    }

    private static String share(Double share) {
        return share == null ? "–" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    /** The tasks of one task name. */
    private static final class Group {
        final String name;
        final List<TaskView> tasks = new ArrayList<>();
        private Integer peak;

        Group(String name) {
            this.name = name;
        }

        java.util.stream.Stream<TaskView> timed() {
            return tasks.stream().filter(TaskView::timed);
        }

        Instant firstStart() {
            return timed().map(TaskView::start).min(Instant::compareTo).orElse(Instant.MAX);
        }

        long failed() {
            return tasks.stream().filter(TaskView::failed).count();
        }

        double estimated() {
            return tasks.stream().map(TaskView::estimatedUsd).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        }

        double minimum() {
            return tasks.stream().map(TaskView::minimumUsd).filter(Objects::nonNull).mapToDouble(Double::doubleValue).sum();
        }

        Double meanShare(java.util.function.Function<TaskView, Double> share) {
            double[] shares = tasks.stream().map(share).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
            return shares.length == 0 ? null : Arrays.stream(shares).average().orElseThrow();
        }

        /** Most tasks of this name running at once: a sweep over their starts and stops (a stop first at a tie). */
        int peakRunning() {
            if (peak == null) {
                List<long[]> events = new ArrayList<>();
                timed().forEach(t -> {
                    events.add(new long[] {t.start().toEpochMilli(), 1});
                    events.add(new long[] {t.stop().toEpochMilli(), -1});
                });
                events.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
                int running = 0;
                int max = 0;
                for (long[] e : events) {
                    running += (int) e[1];
                    max = Math.max(max, running);
                }
                peak = max;
            }
            return peak;
        }

        /** What hovering the lane shows: cost and utilization of the name's tasks. */
        String tooltip() {
            return name + ": " + tasks.size() + " tasks, " + failed() + " failed\ncost " + usd(estimated()) + " (minimum "
                    + usd(minimum()) + ")\nCPU peak / reserved " + share(meanShare(t -> TaskView.share(t.cpusMaximum(), t.cpusReserved())))
                    + " on average, memory " + share(meanShare(t -> TaskView.share(t.memoryMaximumGib(), t.memoryReservedGib())))
                    + "\npeak " + peakRunning() + " running at once";
        }
    }
}
