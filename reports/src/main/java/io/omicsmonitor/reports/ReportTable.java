package io.omicsmonitor.reports;

import java.util.List;

/**
 * A report query's answer as text cells (nulls as empty text), whatever engine answered: Athena's GetQueryResults
 * gives text, the CLI's DuckDB gives values the caller prints.
 */
public record ReportTable(ReportQuery query, List<String> columns, List<List<String>> rows) {

    public ReportTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
        for (List<String> row : rows) {
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException(query.name() + ": a row of " + row.size() + " cells for "
                        + columns.size() + " columns " + columns);
            }
        }
    }

    /** The column's index; an error naming the query when the statement has no such column. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(query.name() + " has no column " + name + ": " + columns);
        }
        return i;
    }

    /** The sum of a numeric column (an empty cell counts 0). */
    public double sum(String name) {
        int i = column(name);
        double sum = 0;
        for (List<String> row : rows) {
            sum += row.get(i).isEmpty() ? 0 : Double.parseDouble(row.get(i));
        }
        return sum;
    }

    /** The table as CSV (RFC 4180: a header line, CRLF line ends, a cell quoted when it has a comma, quote or line end). */
    public String csv() {
        StringBuilder out = new StringBuilder();
        line(out, columns);
        rows.forEach(r -> line(out, r));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            out.append(i > 0 ? "," : "");
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                out.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                out.append(c);
            }
        }
        out.append("\r\n");
    }
}
