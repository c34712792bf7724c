package io.omicsmonitor.reports;

/** One of a report's statements: {@code name} names its CSV, {@code title} heads its table on the page. */
public record ReportQuery(String name, String title, String sql) {
}
