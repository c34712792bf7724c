package io.omicsmonitor.analyzer;

import java.io.IOException;
import java.io.Writer;
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
        StringBuilder out = new StringBuilder(24);
        appendNumber(out, value);
        return out.toString();
    }

    /** {@link #number} appended to {@code out}, without a String per cell: the stats CSV writes 29 cells a task. */
    static void appendNumber(StringBuilder out, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Double d) {
            appendDouble(out, d);
        } else if (value instanceof Long l) {
            out.append(l.longValue());
        } else if (value instanceof Float f) {
            appendDouble(out, f.doubleValue());
        } else {
            out.append(value.toString());
        }
    }

    private static void appendDouble(StringBuilder out, double d) {
        if (Double.isNaN(d)) {
            out.append("nan");
        } else if (Double.isInfinite(d)) {
            out.append(d > 0 ? "inf" : "-inf");
        } else if (!appendSixDecimals(out, d)) {
            out.append(new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString());
        }
    }

    private static final double FAST_LIMIT = 0x1p52 / 1e6;

    /**
     * {@code new BigDecimal(d).setScale(6, HALF_EVEN).toPlainString()} without the BigDecimal, which made writing a
     * 50,000-task CSV take a second; null outside |d| < 2^52 / 10^6, where the caller falls back to BigDecimal.
     */
    static String sixDecimals(double d) {
        StringBuilder out = new StringBuilder(24);
        return appendSixDecimals(out, d) ? out.toString() : null;
    }

    /**
     * {@link #sixDecimals} appended to {@code out}: p = d x 10^6 rounded, plus its exact error from an FMA, decides the
     * rounding exactly (ties to even). False, appending nothing, outside |d| < 2^52 / 10^6.
     */
    static boolean appendSixDecimals(StringBuilder out, double d) {
        double a = Math.abs(d);
        if (!(a < FAST_LIMIT)) {
            return false;
        }
        double p = a * 1e6;
        double error = Math.fma(a, 1e6, -p); // a x 10^6 = p + error, exactly
        double floor = Math.floor(p);
        double aboveHalf = (p - floor) - 0.5; // exact: p < 2^52, so p - floor and the subtraction lose nothing
        long units = (long) floor;
        int side = aboveHalf != 0.0 ? (int) Math.signum(aboveHalf) : (int) Math.signum(error);
        if (side > 0 || (side == 0 && (units & 1) == 1)) {
            units++;
        }
        if (units == 0) {
            out.append("0.000000"); // BigDecimal's zero carries no sign
            return true;
        }
        if (d < 0) {
            out.append('-');
        }
        out.append(units / 1_000_000).append('.');
        int fraction = (int) (units % 1_000_000);
        for (int unit = 100_000; unit > 0; unit /= 10) {
            out.append((char) ('0' + fraction / unit % 10));
        }
        return true;
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

    /**
     * {@code row(out, cells, CsvCells::number)}, the row built in {@code line} (reused from row to row) and handed
     * to {@code out} in one piece: no String per cell. Numbers never need quoting (digits, sign, point, nan, inf).
     */
    static void numberRow(Appendable out, Object[] cells, StringBuilder line, char[][] chars) throws IOException {
        line.setLength(0);
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            Object cell = cells[i];
            if (cell instanceof String s) {
                appendQuoted(line, s);
            } else if (cell == null || cell instanceof Double || cell instanceof Long || cell instanceof Float) {
                appendNumber(line, cell);
            } else {
                appendQuoted(line, number(cell));
            }
        }
        line.append('\n');
        if (out instanceof Writer writer) {
            int length = line.length();
            if (chars[0].length < length) {
                chars[0] = new char[Math.max(length, chars[0].length * 2)];
            }
            line.getChars(0, length, chars[0], 0);
            writer.write(chars[0], 0, length);
        } else {
            out.append(line);
        }
    }

    private static void appendQuoted(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                out.append(quote(text));
                return;
            }
        }
        out.append(text);
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
