package io.omicsmonitor.analyzer;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** CSV cells as upstream prints them: minimal RFC 4180 quoting, empty for none, numbers by kind. */
final class CsvCells {

    private CsvCells() {
    }

    /**
     * A float with 6 decimals, rounded half-even from its exact binary value (Python's {@code %f}); integers as
     * integers; empty for null.
     */
    static String number(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "-inf";
            }
            return new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (value instanceof Float f) {
            return number(f.doubleValue());
        }
        return value.toString();
    }

    /** Writes one row: each cell formatted, quoted only when it holds a comma, quote, CR or LF; ends with \n. */
    static void row(Appendable out, Object[] cells, java.util.function.Function<Object, String> format)
            throws IOException {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            String text = cells[i] instanceof String s ? s : format.apply(cells[i]);
            out.append(quote(text));
        }
        out.append('\n');
    }

    static String quote(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + text.replace("\"", "\"\"") + '"';
            }
        }
        return text;
    }
}
