package io.omicsmonitor.analyzer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Upstream's batch CSV: its header, one row per base name; values rounded to 4 decimals and printed as Python prints
 * a float ({@code 3600.0}, {@code 0.1235}), integers as integers. Unlike upstream, a cell with a comma is quoted.
 */
public final class BatchCsv {

    public static final String HEADER = String.join(",", BatchRow.COLUMNS);

    private BatchCsv() {
    }

    public static void write(List<BatchRow> rows, Appendable out) throws IOException {
        out.append(HEADER).append('\n');
        for (BatchRow row : rows) {
            CsvCells.row(out, row.cells(), BatchCsv::cell);
        }
    }

    /** Python's {@code str(round(x, 4))} for the magnitudes seen here (below 1e16). */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return CsvCells.number(d);
            }
            String text = new BigDecimal(d).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
            return text.contains(".") ? text : text + ".0";
        }
        return value.toString();
    }
}
