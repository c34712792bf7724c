package io.omicsmonitor.cli.report;

import io.omicsmonitor.analyzer.TaskBaseName;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One self-contained HTML page (inline CSS and inline SVG, no script, no external URL) for one or more runs. Each
 * run has its summary, then one of two views:
 * <ul>
 *   <li>up to {@link #LARGE_RUN} tasks, one timeline row per task ({@link TaskTimeline}): the task's full name, its
 *       queue time and its running bar coloured by status, as thick as its reserved vCPUs; utilization of each task
 *       against its reservation; cost and saving by task name; the right-sizing recommendations per task;</li>
 *   <li>larger runs, one lane per task name ({@link LargeRunView}): how many of that name's tasks queued and ran
 *       at each moment, the failed and the slowest tasks named one by one, and a table by task name.</li>
 * </ul>
 * Every time is shown in UTC and says so. Every text taken from the data is escaped.
 */
final class HtmlReport {

    /**
     * Above this many tasks a run gets the by-name view: one row per task is then over 13,000 px tall, more than
     * anyone reads, and a 10,000-task page of rows weighed 8.7 MB and took 14 s to draw.
     */
    static final int LARGE_RUN = 500;

    private static final long[] STEPS = {60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800};
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final String CSS = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1d2733;background:#fff}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid #dde3ea;padding-bottom:4px}
            h3{font-size:15px;margin:20px 0 6px;color:#34495e}.muted{color:#6b7785}
            dl.summary{display:grid;grid-template-columns:max-content auto max-content auto;gap:2px 16px;margin:8px 0}
            dl.summary dt{color:#6b7785}dl.summary dd{margin:0;font-weight:600}
            table{border-collapse:collapse;margin:4px 0 12px;font-size:13px}
            th,td{padding:3px 10px;border-bottom:1px solid #e6eaef;text-align:left;vertical-align:middle}
            th{background:#f4f6f8;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
            td:first-child{overflow-wrap:anywhere;max-width:30em}
            .failed-tasks td:not(:first-child),.slowest-tasks td:not(:first-child){white-space:nowrap}
            .gantt{--label:26em;position:relative;border:1px solid #e6eaef;background:#fbfcfd;font-size:12px;margin:4px 0 8px}
            .g-row{display:grid;grid-template-columns:var(--label) minmax(0,1fr);align-items:center;border-top:1px solid #eef1f4;min-height:24px;position:relative}
            .g-head{border-top:0;min-height:34px}
            .task-name{padding:2px 8px;overflow-wrap:anywhere;line-height:1.25;min-width:0}
            .g-track{position:relative;height:22px;margin-right:28px}.g-head .g-track{height:34px}.lane .g-track{height:40px}
            .g-track svg{display:block;width:100%;height:100%;overflow:visible}
            .gridlines{position:absolute;top:0;bottom:0;left:var(--label);right:28px;pointer-events:none}
            .gridlines i{position:absolute;top:0;bottom:0;width:1px;background:#e1e6eb}
            .tick{position:absolute;top:2px;transform:translateX(-50%);white-space:nowrap;font-size:11px;line-height:1.2;color:#6b7785;text-align:center}
            .badge{display:inline-block;padding:0 5px;margin-left:6px;border-radius:3px;font-size:11px;color:#fff;vertical-align:1px}
            .note{font-size:12px;color:#6b7785;padding-left:4px}
            .legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:-1px}
            .status-completed{fill:#2e8b57;background:#2e8b57}.status-failed{fill:#c0392b;background:#c0392b}
            .status-cancelled{fill:#8e99a4;background:#8e99a4}.status-running{fill:#2f80ed;background:#2f80ed}
            .status-unknown{fill:#b08900;background:#b08900}.status-cached{background:#7f8c8d}
            rect.queue,.queued{fill:#f5c98b;background:#f5c98b}path.running{fill:#2f80ed;fill-opacity:.75}path.queued{fill:#f5c98b}
            line.fail{stroke:#c0392b;stroke-width:2;vector-effect:non-scaling-stroke}
            svg.util rect.reserved{fill:#e6eaef}svg.util rect.max{fill:#f39c12}svg.util rect.avg{fill:#2f80ed}
            .saving{color:#1e7b46;font-weight:600}
            ul.cached-tasks{columns:2 24em;font-size:13px;margin:4px 0 12px}ul.cached-tasks li{overflow-wrap:anywhere}
            """;

    private HtmlReport() {
    }

    static String render(String title, List<RunView> runs, Instant generated) {
        StringBuilder h = new StringBuilder(64 * 1024);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title><style>").append(CSS).append("</style></head><body>\n")
                .append("<h1>").append(esc(title)).append("</h1>")
                .append("<p class=\"muted\" id=\"generated\">Generated by omics-monitor report at ").append(utc(generated))
                .append(" from the lake's run_analysis, tasks and runs tables. All times are in UTC. Costs are estimates at "
                        + "on-demand prices.</p>\n");
        if (runs.isEmpty()) {
            h.append("<p id=\"no-runs\">No analyzed runs match.</p>");
        }
        for (RunView run : runs) {
            section(h, run);
        }
        return h.append("</body></html>\n").toString();
    }

    private static void section(StringBuilder h, RunView run) {
        h.append("<section class=\"run\" id=\"run-").append(esc(run.runId())).append("\" data-run-id=\"")
                .append(esc(run.runId())).append("\">\n<h2>Run ").append(esc(run.runId()));
        if (run.name() != null) {
            h.append(" · ").append(esc(run.name()));
        }
        h.append(" <span class=\"muted\">").append(esc(orDash(run.status()))).append("</span></h2>\n<dl class=\"summary\">");
        long cached = run.tasks().stream().filter(TaskView::cached).count();
        long failed = run.tasks().stream().filter(TaskView::failed).count();
        item(h, "Workflow", orDash(run.workflow()) + (run.engine() == null ? "" : " (" + run.engine() + ")"));
        item(h, "Tasks", run.tasks().size() + (failed > 0 ? ", " + failed + " failed" : "")
                + (cached > 0 ? ", " + cached + " from the call cache" : ""));
        item(h, "Started", run.start() == null ? "–" : utc(run.start()));
        item(h, "Stopped", run.stop() == null ? "–" : utc(run.stop()));
        item(h, "Duration", run.start() == null || run.stop() == null ? "–" : duration(Duration.between(run.start(), run.stop())));
        item(h, "Storage cost", usd(run.storageUsd()));
        item(h, "Estimated cost", usd(run.totalEstimatedUsd()));
        item(h, "Minimum cost", usd(run.totalMinimumUsd()));
        item(h, "Potential saving", usd(run.potentialSavingUsd()));
        h.append("</dl>\n");
        if (!run.missingPrices().isEmpty()) {
            h.append("<p class=\"muted\">No price for ").append(esc(String.join(", ", run.missingPrices())))
                    .append(": those costs are blank and the totals are incomplete.</p>\n");
        }
        if (run.tasks().size() > LARGE_RUN) {
            LargeRunView.render(h, run);
        } else {
            TaskTimeline.render(h, run);
            utilization(h, run);
            costs(h, run);
            recommendations(h, run);
        }
        h.append("</section>\n");
    }

    // ------------------------------------------------------------------ the time axis both views share

    /**
     * The header row of a timeline: ticks labelled with the elapsed time and the UTC clock time, and the grid lines
     * over every row. Rows place their marks on the same scale with {@link #percent}.
     */
    static void axisRow(StringBuilder h, String firstColumn, Instant t0, double spanSeconds) {
        long step = step(spanSeconds);
        StringBuilder ticks = new StringBuilder();
        StringBuilder lines = new StringBuilder();
        for (long s = 0; s <= spanSeconds; s += step) {
            String left = String.format(Locale.ROOT, "left:%.2f%%", 100 * s / spanSeconds);
            ticks.append("<span class=\"tick\" style=\"").append(left).append("\">").append(axisLabel(s)).append("<br>")
                    .append(CLOCK.format(t0.plusSeconds(s))).append("</span>");
            lines.append("<i style=\"").append(left).append("\"></i>");
        }
        h.append("<div class=\"gridlines\">").append(lines).append("</div>\n<div class=\"g-row g-head\"><div class=\"task-name\">")
                .append(firstColumn).append("<br><span class=\"muted\">elapsed / clock (UTC)</span></div><div class=\"g-track\">")
                .append(ticks).append("</div></div>\n");
    }

    /** A time's place on a timeline of {@code spanSeconds} from {@code t0}, in 0..1000 (the tracks' viewBox width). */
    static double place(Instant t, Instant t0, double spanSeconds) {
        return Duration.between(t0, t).toMillis() / 1000.0 / spanSeconds * 1000;
    }

        // ------------------------------------------------------------------ utilization

    private static void utilization(StringBuilder h, RunView run) {
        h.append("<h3>Utilization against reservation</h3>\n<table class=\"utilization\"><thead><tr><th>Task</th><th>Instance</th>"
                + "<th class=\"num\">vCPU reserved</th><th class=\"num\">max</th><th class=\"num\">avg</th><th>CPU</th>"
                + "<th class=\"num\">GiB reserved</th><th class=\"num\">max</th><th class=\"num\">avg</th><th>Memory</th></tr></thead><tbody>\n");
        for (TaskView t : run.tasks()) {
            h.append("<tr data-task=\"").append(esc(orDash(t.name()))).append("\"><td>").append(name(t.name()))
                    .append("</td><td>").append(esc(orDash(t.instanceReserved()))).append("</td>");
            cell(h, number(t.cpusReserved()));
            cell(h, number(t.cpusMaximum()));
            cell(h, number(t.cpusAverage()));
            h.append("<td>").append(usageBar(t.cpusReserved(), t.cpusMaximum(), t.cpusAverage())).append("</td>");
            cell(h, number(t.memoryReservedGib()));
            cell(h, number(t.memoryMaximumGib()));
            cell(h, number(t.memoryAverageGib()));
            h.append("<td>").append(usageBar(t.memoryReservedGib(), t.memoryMaximumGib(), t.memoryAverageGib())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<p class=\"legend muted\"><span><i style=\"background:#e6eaef\"></i>reserved</span>"
                + "<span><i style=\"background:#f39c12\"></i>maximum (any 1-minute interval)</span>"
                + "<span><i style=\"background:#2f80ed\"></i>average</span></p>\n");
    }

    /** Reserved as the full track, the maximum and the average as bars over it, with the maximum's share in words. */
    static String usageBar(Double reserved, Double max, Double avg) {
        if (reserved == null || reserved <= 0 || max == null) {
            return "<span class=\"muted\">–</span>";
        }
        double w = 140;
        double mx = Math.min(1, max / reserved) * w;
        double av = avg == null ? 0 : Math.min(1, avg / reserved) * w;
        return String.format(Locale.ROOT, "<svg class=\"util\" width=\"%d\" height=\"14\">"
                + "<rect class=\"reserved\" x=\"0\" y=\"1\" width=\"%.0f\" height=\"12\"/><rect class=\"max\" x=\"0\" y=\"1\" width=\"%.1f\" height=\"12\"/>"
                + "<rect class=\"avg\" x=\"0\" y=\"4\" width=\"%.1f\" height=\"6\"/></svg> %.0f%%", (int) w + 2, w, mx, av, 100 * max / reserved);
    }

    // ------------------------------------------------------------------ costs

    private static void costs(StringBuilder h, RunView run) {
        Map<String, double[]> byName = new LinkedHashMap<>(); // count, estimated, minimum
        for (TaskView t : run.tasks()) {
            double[] sums = byName.computeIfAbsent(baseName(t.name(), run.engine()), k -> new double[3]);
            sums[0]++;
            sums[1] += t.estimatedUsd() == null ? 0 : t.estimatedUsd();
            sums[2] += t.minimumUsd() == null ? 0 : t.minimumUsd();
        }
        List<Map.Entry<String, double[]>> rows = new ArrayList<>(byName.entrySet());
        rows.sort((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]));
        h.append("<h3>Cost and saving by task name</h3>\n<table class=\"costs\"><thead><tr><th>Task name</th><th class=\"num\">Tasks</th>"
                + "<th class=\"num\">Estimated</th><th class=\"num\">Minimum</th><th class=\"num\">Saving</th></tr></thead><tbody>\n");
        for (Map.Entry<String, double[]> row : rows) {
            double[] s = row.getValue();
            h.append("<tr data-task-name=\"").append(esc(row.getKey())).append("\"><td>").append(name(row.getKey())).append("</td>");
            cell(h, String.valueOf((long) s[0]));
            cell(h, usd(s[1]));
            cell(h, usd(s[2]));
            h.append("<td class=\"num saving\">").append(usd(s[1] - s[2])).append("</td></tr>\n");
        }
        h.append("</tbody><tfoot><tr><th>All tasks (run storage not included)</th><th class=\"num\">").append(run.tasks().size()).append("</th>");
        h.append("<th class=\"num\">").append(usd(rows.stream().mapToDouble(r -> r.getValue()[1]).sum())).append("</th>");
        h.append("<th class=\"num\">").append(usd(rows.stream().mapToDouble(r -> r.getValue()[2]).sum())).append("</th>");
        h.append("<th class=\"num\">").append(usd(rows.stream().mapToDouble(r -> r.getValue()[1] - r.getValue()[2]).sum()))
                .append("</th></tr></tfoot></table>\n");
    }

    private static void recommendations(StringBuilder h, RunView run) {
        List<TaskView> smaller = run.tasks().stream().filter(TaskView::hasRecommendation)
                .sorted(Comparator.comparing(TaskView::savingUsd).reversed()).toList();
        h.append("<h3>Recommendations</h3>\n");
        if (smaller.isEmpty()) {
            h.append("<p class=\"muted\" id=\"no-recommendations\">Every task's reservation fits its measured peak: nothing to resize.</p>\n");
            return;
        }
        h.append("<p>").append(smaller.size()).append(" task(s) would fit a smaller instance (peak usage plus headroom); saving ")
                .append(usd(smaller.stream().mapToDouble(TaskView::savingUsd).sum())).append(" on this run.</p>\n");
        h.append("<table class=\"recommendations\"><thead><tr><th>Task</th><th>Reserved</th><th>Recommended</th>"
                + "<th class=\"num\">vCPU max / reserved</th><th class=\"num\">GiB max / reserved</th><th class=\"num\">Estimated</th>"
                + "<th class=\"num\">Minimum</th><th class=\"num\">Saving</th></tr></thead><tbody>\n");
        for (TaskView t : smaller) {
            h.append("<tr data-task=\"").append(esc(orDash(t.name()))).append("\"><td>").append(name(t.name()))
                    .append("</td><td>").append(esc(t.instanceReserved())).append("</td><td>").append(esc(t.instanceMinimum())).append("</td>");
            cell(h, number(t.cpusMaximum()) + " / " + number(t.cpusReserved()));
            cell(h, number(t.memoryMaximumGib()) + " / " + number(t.memoryReservedGib()));
            cell(h, usd(t.estimatedUsd()));
            cell(h, usd(t.minimumUsd()));
            h.append("<td class=\"num saving\">").append(usd(t.savingUsd())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    // ------------------------------------------------------------------ helpers

    /** The name scattered instances share (WDL, Nextflow, CWL naming), or the name itself. */
    static String baseName(String name, String engine) {
        if (name == null) {
            return "–";
        }
        try {
            return TaskBaseName.of(name, engine == null ? "WDL" : engine);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    static void item(StringBuilder h, String term, String value) {
        h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }

    static void cell(StringBuilder h, String text) {
        h.append("<td class=\"num\">").append(esc(text)).append("</td>");
    }

    static String statusClass(String status) {
        String s = status == null ? "unknown" : status.toLowerCase(Locale.ROOT);
        return switch (s) {
            case "completed", "failed", "cancelled", "running" -> "status-" + s;
            default -> "status-unknown";
        };
    }

    static long step(double spanSeconds) {
        for (long step : STEPS) {
            if (spanSeconds / step <= 10) {
                return step;
            }
        }
        return (long) Math.ceil(spanSeconds / 10 / 86400) * 86400;
    }

    static String usd(Double value) {
        return value == null ? "–" : String.format(Locale.ROOT, "$%,.4f", value);
    }

    static String number(Double value) {
        if (value == null) {
            return "–";
        }
        return value == Math.rint(value) ? String.valueOf(value.longValue()) : String.format(Locale.ROOT, "%.2f", value);
    }

    /** Elapsed time on the axis: 0, 15m, 1h30, 2d. */
    static String axisLabel(long s) {
        if (s == 0) {
            return "0";
        }
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s >= 3600) {
            return s % 3600 == 0 ? s / 3600 + "h" : String.format(Locale.ROOT, "%dh%02d", s / 3600, s % 3600 / 60);
        }
        return s / 60 + "m";
    }

    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    static String duration(Double seconds) {
        return seconds == null ? "–" : duration(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    static String orDash(String s) {
        return s == null || s.isEmpty() ? "–" : s;
    }

    /** A time as people read it, with its zone: {@code 2026-11-20 08:05:00 UTC}. */
    static String utc(Instant t) {
        return t == null ? "–" : UTC.format(t);
    }

    /**
     * A task name as page text: escaped, with a line-break opportunity after each {@code :} so that a long Nextflow
     * name ({@code NFCORE_SAREK:SAREK:...:BWAMEM1_MEM (sample1)}) wraps between its parts, not mid-word.
     */
    static String name(String name) {
        return esc(orDash(name)).replace(":", ":<wbr>");
    }

    /** Escapes text for HTML element content and quoted attribute values (SVG too). */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
