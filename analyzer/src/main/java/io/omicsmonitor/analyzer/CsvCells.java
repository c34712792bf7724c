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
            String fast = sixDecimals(d);
            return fast != null ? fast : new BigDecimal(d).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
        }
        if (value instanceof Float f) {
            return number(f.doubleValue());
        }
        return value.toString();
    }

    private static final double FAST_LIMIT = 0x1p52 / 1e6;

    /**
     * {@code new BigDecimal(d).setScale(6, HALF_EVEN).toPlainString()} without the BigDecimal, which made writing a
     * 50,000-task CSV take a second: p = d x 10^6 rounded, plus its exact error from an FMA, decides the rounding
     * exactly (ties to even). Null outside |d| < 2^52 / 10^6, where the caller falls back to BigDecimal.
     */
    static String sixDecimals(double d) {
        double a = Math.abs(d);
        if (!(a < FAST_LIMIT)) {
            return null;
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
            return "0.000000"; // BigDecimal's zero carries no sign
        }
        StringBuilder out = new StringBuilder(24);
        if (d < 0) {
            out.append('-');
        }
        out.append(units / 1_000_000).append('.');
        String fraction = Long.toString(units % 1_000_000);
        for (int i = fraction.length(); i < 6; i++) {
            out.append('0');
        }
        return out.append(fraction).toString();
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
