package io.omicsmonitor.reports;

import java.util.List;
import java.util.Set;

/**
 * A report as one self-contained HTML page: no scripts, no external files or URLs, so it opens the same from an
 * e-mail, an S3 download or a local folder. Every text taken from the lake is escaped.
 */
public final class ReportPage {

    private static final Set<String> COUNTS = Set.of("runs", "failed_runs", "tasks");
    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:2em;color:#1d2430}"
            + "h1{font-size:1.4em}h2{font-size:1.1em;margin-top:1.6em}table{border-collapse:collapse}"
            + "th,td{border:1px solid #c8ccd2;padding:.3em .6em;text-align:left}td.n{text-align:right}"
            + "th{background:#eef1f5}p.summary{font-size:1.05em}p.none{color:#5d6570}footer{margin-top:2em;"
            + "color:#5d6570;font-size:.85em}";

    private ReportPage() {
    }

    public static String render(Report report) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(esc(report.title())).append("</title><style>").append(CSS).append("</style></head><body>\n")
                .append("<h1>").append(esc(report.title())).append("</h1>\n");
        for (String line : report.summary()) {
            html.append("<p class=\"summary\">").append(esc(line)).append("</p>\n");
        }
        for (ReportTable t : report.tables()) {
            table(html, t);
        }
        if (report.period() == Period.DAILY) {
            operations(html, report);
        }
        footer(html, report);
        return html.toString();
    }

    private static void table(StringBuilder html, ReportTable t) {
        html.append("<section id=\"").append(esc(t.query().name())).append("\"><h2>").append(esc(t.query().title()))
                .append("</h2>\n");
        if (t.rows().isEmpty()) {
            html.append("<p class=\"none\">None.</p>\n");
        } else {
            html.append("<table><thead><tr>");
            for (String c : t.columns()) {
                html.append("<th>").append(esc(heading(c))).append("</th>");
            }
            html.append("</tr></thead><tbody>\n");
            for (List<String> row : t.rows()) {
                html.append("<tr>");
                for (int i = 0; i < row.size(); i++) {
                    boolean number = numeric(t.columns().get(i));
                    html.append(number ? "<td class=\"n\">" : "<td>").append(esc(row.get(i))).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        html.append("<p class=\"none\">Also as ").append(esc(t.query().name())).append(".csv.</p></section>\n");
    }

    /** The daily report's CloudWatch part: errors by function, dead-letter depth by queue (no CSV: not the lake's). */
    private static void operations(StringBuilder html, Report report) {
        Operations ops = report.operations();
        html.append("<section id=\"operations\"><h2>Functions' errors and dead-letter queues on ")
                .append(report.period().first(report.today())).append("</h2>\n");
        if (!ops.available()) {
            html.append("<p class=\"none\">").append(esc(capitalized(ops.unavailable()))).append(".</p></section>\n");
            return;
        }
        figures(html, "function", "errors", ops.functions());
        figures(html, "dead-letter queue", "most messages waiting", ops.queues());
        html.append("<p class=\"none\">From CloudWatch: AWS/Lambda Errors (sum of the day) and AWS/SQS "
                + "ApproximateNumberOfMessagesVisible (maximum of the day).</p></section>\n");
    }

    private static void figures(StringBuilder html, String what, String figure, List<Operations.Figure> figures) {
        html.append("<table><thead><tr><th>").append(esc(what)).append("</th><th>name in AWS</th><th>")
                .append(esc(figure)).append("</th></tr></thead><tbody>\n");
        for (Operations.Figure f : figures) {
            html.append("<tr><td>").append(esc(f.label())).append("</td><td>").append(esc(f.resource()))
                    .append("</td><td class=\"n\">").append(f.value()).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static void footer(StringBuilder html, Report report) {
        html.append("<footer>omics-monitor, made ").append(report.made()).append(" from the lake's run_analysis and "
                + "status events. Costs are estimates from list prices (docs/run-analysis.md).</footer>\n")
                .append("</body></html>\n");
    }

    private static boolean numeric(String column) {
        return COUNTS.contains(column) || column.endsWith("_usd");
    }

    /** {@code potential_saving_usd} reads "potential saving (USD)". */
    static String heading(String column) {
        String text = column.endsWith("_usd") ? column.substring(0, column.length() - 4) + " (USD)" : column;
        return text.replace('_', ' ');
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
