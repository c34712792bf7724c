package io.omicsmonitor.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report made on {@code today}: its queries' answers, rendered as what its readers get. The same files locally
 * ({@code omics-monitor report --period}) and in the lake bucket (report-generator): the page {@value #PAGE} and one CSV
 * per query, under {@link #folder()}. The daily report also shows {@code operations} (the functions' errors and
 * dead-letter queues, from CloudWatch; {@link Operations#NOT_AVAILABLE_LOCALLY} locally); the others ignore it.
 */
public record Report(Period period, LocalDate today, List<ReportTable> tables, Operations operations, Instant made) {

    public static final String PAGE = "index.html";

    public Report {
        tables = List.copyOf(tables);
        java.util.Objects.requireNonNull(operations, "operations");
    }

    /** The answers of {@link ReportSql#queries}, in their order, found by name. */
    public ReportTable table(String name) {
        return tables.stream().filter(t -> t.query().name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(period.id() + " report has no table " + name));
    }

    /** {@code daily/2026-11-15}, {@code weekly/2026-11-09}, {@code monthly/2026-10}: by the period's first day. */
    public String folder() {
        LocalDate first = period.first(today);
        return period.id() + "/" + (period == Period.MONTHLY ? first.toString().substring(0, 7) : first.toString());
    }

    /** The files to write, name to content (UTF-8): the page, then {@code <query>.csv} for each query. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(PAGE, ReportPage.render(this));
        for (ReportTable t : tables) {
            files.put(t.query().name() + ".csv", t.csv());
        }
        return files;
    }

    public String title() {
        LocalDate first = period.first(today);
        LocalDate last = period.last(today);
        return switch (period) {
            case DAILY -> "Daily operations report, " + first;
            case WEEKLY -> "Weekly cost report, " + first + " to " + last;
            case MONTHLY -> "Monthly executive summary, " + first.toString().substring(0, 7);
        };
    }

    /** The plain-text summary: the page's headline lines, what the SNS message and the e-mail open with. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        switch (period) {
            case DAILY -> {
                ReportTable status = table("runs-by-status");
                ReportTable failures = table("failures");
                long runs = Math.round(status.sum("runs"));
                List<String> counts = new ArrayList<>();
                status.rows().forEach(r -> counts.add(r.get(0) + " " + r.get(1)));
                lines.add(runs + " run(s) with activity" + (counts.isEmpty() ? "" : " (" + String.join(", ", counts)
                        + ")") + "; " + failures.rows().size() + " failed.");
                int id = failures.column("run_id");
                int name = failures.column("run_name");
                int reason = failures.column("reason");
                for (List<String> f : failures.rows()) {
                    lines.add("Failed: run " + f.get(id) + " (" + f.get(name) + "): "
                            + (f.get(reason).isEmpty() ? "(no reason recorded)" : f.get(reason)));
                }
                lines.add(operations.summary());
            }
            case WEEKLY -> {
                ReportTable w = table("cost-by-workflow");
                double cost = w.sum("estimated_usd");
                double before = w.sum("previous_week_usd");
                lines.add(String.format(Locale.ROOT, "%d run(s), estimated %s (the week before %s, %s); potential "
                        + "saving %s.", Math.round(w.sum("runs")), usd(cost), usd(before), change(cost, before),
                        usd(w.sum("potential_saving_usd"))));
                if (!w.rows().isEmpty() && !w.rows().get(0).get(w.column("runs")).equals("0")) {
                    lines.add("Costliest workflow: " + w.rows().get(0).get(0) + ", "
                            + usd(Double.parseDouble(w.rows().get(0).get(w.column("estimated_usd")))) + ".");
                }
                ReportTable r = table("right-sizing");
                if (!r.rows().isEmpty()) {
                    List<String> top = r.rows().get(0);
                    lines.add("Top right-sizing opportunity: " + top.get(r.column("task")) + " of "
                            + top.get(r.column("workflow")) + ", " + top.get(r.column("reserved")) + " to "
                            + top.get(r.column("recommended")) + ", saving "
                            + usd(Double.parseDouble(top.get(r.column("potential_saving_usd")))) + ".");
                }
            }
            case MONTHLY -> {
                ReportTable trend = table("trend");
                String month = period.first(today).toString().substring(0, 7);
                List<String> last = null;
                List<String> before = null;
                for (List<String> row : trend.rows()) {
                    String m = row.get(trend.column("year")) + "-" + row.get(trend.column("month"));
                    if (m.equals(month)) {
                        last = row;
                    } else if (m.equals(period.first(today).minusMonths(1).toString().substring(0, 7))) {
                        before = row;
                    }
                }
                double cost = last == null ? 0 : Double.parseDouble(last.get(trend.column("estimated_usd")));
                double previous = before == null ? 0 : Double.parseDouble(before.get(trend.column("estimated_usd")));
                lines.add(String.format(Locale.ROOT, "%s: %s run(s), %s failed, estimated %s (the month before %s, %s); "
                        + "potential saving %s.", month, last == null ? "0" : last.get(trend.column("runs")),
                        last == null ? "0" : last.get(trend.column("failed_runs")), usd(cost), usd(previous),
                        change(cost, previous), usd(last == null ? 0
                                : Double.parseDouble(last.get(trend.column("potential_saving_usd"))))));
                lines.add(String.format(Locale.ROOT, "Last %d months: estimated %s, potential saving %s.",
                        ReportSql.TREND_MONTHS, usd(trend.sum("estimated_usd")), usd(trend.sum("potential_saving_usd"))));
            }
            default -> throw new IllegalStateException(period.toString());
        }
        return lines;
    }

    static String usd(double amount) {
        return String.format(Locale.ROOT, "$%,.2f", amount);
    }

    private static String change(double now, double before) {
        double delta = now - before;
        return (delta >= 0 ? "+" : "-") + usd(Math.abs(delta));
    }
}
