package io.omicsmonitor.manifest;

import java.nio.charset.StandardCharsets;

/**
 * Reads the common shape of an NDJSON manifest line straight from its bytes into {@link ManifestParser.Fields}, without
 * Jackson: one flat JSON object whose values are ASCII strings without escapes, plain numbers, {@code null},
 * {@code true} or {@code false}, plus a flat {@code metrics} object of numbers within their bounds.
 *
 * <p>Why: a Jackson parser per line (its set-up, its name canonicalizer, a String per token via its text buffer) is
 * most of what a short-lived analyzer process spends on a manifest, and its big methods are what the JIT compiler
 * works on first. This reads the same lines with a few small methods.
 *
 * <p>It gives up (returns false or -1) on anything else, before any error could arise: an escape, a non-ASCII or control
 * byte, a nested value other than {@code metrics}, an exponent, more than 15 significant digits, a string where a
 * number is expected, a metric out of its bounds, or any JSON error. Such a line is then read by Jackson exactly as
 * before, so every unusual value and every error message stays what it was; a line read here holds the same
 * values as Jackson would have given (the equivalence tests compare both on generated and mutated lines).
 *
 * <p>Kept over one Jackson streaming parser across the whole NDJSON stream, which issue 17 asked to try. Measured
 * (2026-12-03, {@code AnalyzeFile} on a generated 50,000-task manifest, JDK 17 with the CLI's flags, six alternating
 * runs each at load 2.8-3.3, NdjsonParts' parallel parts kept, one Jackson parser per part): the parse phase took
 * a median of 0.48 s with Jackson against 0.33 s with this, the whole command 1.02 s against 0.88 s, the CSVs
 * identical. Issue 6's target for the command is 40x the reference (about 0.6 s on a quiet machine), which the
 * Jackson variant would miss by more. A new manifest field is declared once, in {@link ManifestField}, for this
 * reader and Jackson's alike.
 */
final class LineScanner {

    /** Longer lines go to Jackson, whose size limits (20 M chars a string, 50,000 a name) a line this short meets. */
    static final int MAX_LINE = 1 << 20;
    private static final int MAX_NAME = 1000;

    /* The record's keys, in ManifestField's order, which is also the order in which they are looked up first. */
    private static final ManifestField[] FIELDS = ManifestField.ALL;
    private static final byte[][] KEY_BYTES = keyBytes(FIELDS);
    private static final byte[][] METRIC_BYTES = bytes(ManifestParser.METRIC_KEYS);

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    private byte[] b;
    private int i;
    private int end;
    /** The last string read: [stringStart, stringStart + stringLength) of b. */
    private int stringStart;
    private int stringLength;
    /** The last number read, or null when the value was JSON null. */
    private Number number;
    /** Set by text() and repeated(), which return null both for JSON null and when the value is not a string. */
    private boolean failed;

    /** Reads the line [from, to) of {@code buf} into {@code f}; false when the line is not of the common shape. */
    boolean scan(byte[] buf, int from, int to, ManifestParser.Fields f) {
        return to - from <= MAX_LINE && scanRecord(buf, from, to, f) >= 0;
    }

    /**
     * Reads the record that starts at {@code from} (after spaces or tabs) into {@code f}, reading no further than
     * {@code to} nor {@link #MAX_LINE} bytes; returns where the record ends (after its closing brace), or -1 when it
     * is not of the common shape. A record read never holds a line end (no control byte is accepted), so it lies
     * within the line that starts at {@code from}: the caller may look for that line's end from there on.
     */
    int scanRecord(byte[] buf, int from, int to, ManifestParser.Fields f) {
        b = buf;
        i = from;
        end = to - from > MAX_LINE ? from + MAX_LINE : to;
        f.reset();
        skipSpace();
        if (!take('{')) {
            return -1;
        }
        skipSpace();
        if (take('}')) {
            return i;
        }
        int guess = 0;
        while (true) {
            if (!string()) {
                return -1;
            }
            int key = find(KEY_BYTES, stringStart, stringLength, guess);
            if (key < 0 && stringLength > MAX_NAME) {
                return -1; // Jackson's limit on a name's length is 50,000
            }
            skipSpace();
            if (!take(':')) {
                return -1;
            }
            skipSpace();
            if (!(key < 0 ? skipScalar() : value(key, f))) {
                return -1;
            }
            guess = key + 1;
            skipSpace();
            if (take('}')) {
                return i; // what follows the record on its line is ignored, as Jackson ignores it
            }
            if (!take(',')) {
                return -1;
            }
            skipSpace();
        }
    }

    /** The value of FIELDS[key], stored as ManifestParser.acceptObject stores it. */
    private boolean value(int key, ManifestParser.Fields f) {
        ManifestField field = FIELDS[key];
        switch (field.kind) {
            case TEXT -> f.texts[field.slot] = text();
            case REPEATED -> f.texts[field.slot] = repeated(f.recent[field.slot]);
            case NUMBER -> {
                return number(f.numbers, f.numberProblems, field.slot);
            }
            case METRICS -> {
                return metrics(f);
            }
            case TREE -> {
                // only null here: a tree is Jackson's to build
                if (!literal("null")) {
                    return false;
                }
                f.trees[field.slot] = null;
                return true;
            }
        }
        return !failed;
    }

    private String text() {
        failed = false;
        if (i < end && b[i] == '"') {
            if (string()) {
                return ascii(stringStart, stringLength);
            }
        } else if (literal("null")) {
            return null;
        }
        failed = true;
        return null;
    }

    /** A text value that repeats from task to task: the same String as a recent record's (ManifestParser.repeated). */
    private String repeated(String[] recent) {
        failed = false;
        if (i < end && b[i] == '"') {
            if (!string()) {
                failed = true;
                return null;
            }
            int free = -1;
            for (int r = 0; r < recent.length; r++) {
                String s = recent[r];
                if (s == null) {
                    free = r;
                    break;
                }
                if (same(s, stringStart, stringLength)) {
                    return s;
                }
            }
            return ManifestParser.remember(recent, free, ascii(stringStart, stringLength));
        }
        if (literal("null")) {
            return null;
        }
        failed = true;
        return null;
    }

    private boolean same(String s, int start, int length) {
        if (s.length() != length) {
            return false;
        }
        byte[] b = this.b;
        for (int k = 0; k < length; k++) {
            if (s.charAt(k) != b[start + k]) {
                return false;
            }
        }
        return true;
    }

    private String ascii(int start, int length) {
        return new String(b, start, length, StandardCharsets.ISO_8859_1); // ASCII only here: a plain copy
    }

    /** A number field: a number, or null (as ManifestParser.number stores them); anything else gives up. */
    private boolean number(Number[] values, Object[] problems, int k) {
        if (!numberOrNull()) {
            return false;
        }
        values[k] = number;
        problems[k] = null;
        return true;
    }

    /** {@code "metrics"}: null, or a flat object of metrics (numbers within their bounds) and other scalars. */
    private boolean metrics(ManifestParser.Fields f) {
        if (literal("null")) {
            f.resetMetrics(ManifestParser.METRICS_ABSENT);
            return true;
        }
        if (!take('{')) {
            return false;
        }
        f.resetMetrics(ManifestParser.METRICS_OBJECT);
        skipSpace();
        if (take('}')) {
            return true;
        }
        int guess = 0;
        while (true) {
            if (!string()) {
                return false;
            }
            int k = find(METRIC_BYTES, stringStart, stringLength, guess);
            if (k < 0 && stringLength > MAX_NAME) {
                return false;
            }
            skipSpace();
            if (!take(':')) {
                return false;
            }
            skipSpace();
            if (k < 0) {
                if (!skipScalar()) {
                    return false;
                }
            } else {
                if (!numberOrNull()) {
                    return false;
                }
                Number n = number;
                if (n != null) {
                    double v = n.doubleValue();
                    if (!(v >= 0 && v <= ManifestParser.METRIC_MAX[k])) {
                        return false; // an error: Jackson's to report, with the value as written
                    }
                }
                f.metrics[k] = n;
                f.metricProblems[k] = null;
                guess = k + 1;
            }
            skipSpace();
            if (take('}')) {
                return true;
            }
            if (!take(',')) {
                return false;
            }
            skipSpace();
        }
    }

    /** A value of a key that is not read: a string, a number or a literal; an object or array gives up. */
    private boolean skipScalar() {
        if (i >= end) {
            return false;
        }
        byte c = b[i];
        if (c == '"') {
            return string();
        }
        if (c == 't') {
            return literal("true");
        }
        if (c == 'f') {
            return literal("false");
        }
        return numberOrNull();
    }

    /**
     * A JSON number into {@link #number} (Long for an integer of up to 18 digits, Double for a decimal of up to 15
     * significant digits without exponent, as ManifestParser.decimal reads it), or null for JSON null. False for
     * anything else, including numbers JSON does not allow (leading zeros, a point without digits).
     */
    private boolean numberOrNull() {
        number = null;
        byte[] b = this.b;
        int i = this.i;
        int end = this.end;
        if (i >= end) {
            return false;
        }
        if (b[i] == 'n') {
            return literal("null");
        }
        boolean negative = b[i] == '-';
        if (negative) {
            i++;
        }
        int intStart = i;
        long digits = 0;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            digits = digits * 10 + (b[i] - '0');
        }
        int intDigits = i - intStart;
        if (intDigits == 0 || intDigits > 18 || (intDigits > 1 && b[intStart] == '0')) {
            return false;
        }
        if (i >= end || b[i] != '.') {
            number = negative ? -digits : digits; // an exponent or other trailing byte fails the caller's next check
            this.i = i;
            return true;
        }
        int fractionStart = ++i;
        for (; i < end && b[i] >= '0' && b[i] <= '9'; i++) {
            digits = digits * 10 + (b[i] - '0'); // overflow only past 18 digits, which are not used below
        }
        int scale = i - fractionStart;
        if (scale == 0 || (i < end && (b[i] == 'e' || b[i] == 'E')) || scale >= POWERS_OF_TEN.length) {
            return false;
        }
        // ManifestParser.decimal's digits: leading zeros (before or after the point) are not significant
        int significant = 0;
        for (int k = intStart; k < i; k++) {
            if (b[k] != '.' && (significant > 0 || b[k] != '0')) {
                significant++;
            }
        }
        if (significant > 15) {
            return false;
        }
        double value = (double) digits / POWERS_OF_TEN[scale];
        number = negative ? -value : value;
        this.i = i;
        return true;
    }

    /*
     * The loops over bytes work on local copies of b, i and end: until the JIT compiler has compiled them, a
     * short-lived process runs them in the interpreter, where a field costs a load each time and a local does not.
     */

    /** A string without escapes, control or non-ASCII bytes: its bytes in stringStart/stringLength. */
    private boolean string() {
        byte[] b = this.b;
        int i = this.i;
        int end = this.end;
        if (i >= end || b[i] != '"') {
            return false;
        }
        int start = ++i;
        for (; i < end; i++) {
            byte c = b[i];
            if (c == '"') {
                stringStart = start;
                stringLength = i - start;
                this.i = i + 1;
                return true;
            }
            if (c < 0x20 || c == '\\') { // negative: not ASCII
                return false;
            }
        }
        return false;
    }

    private boolean literal(String word) {
        int n = word.length();
        if (end - i < n) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                return false;
            }
        }
        i += n;
        return true;
    }

    private boolean take(char c) {
        if (i < end && b[i] == c) {
            i++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        byte[] b = this.b;
        int i = this.i;
        int end = this.end;
        while (i < end && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
        this.i = i;
    }

    /** The index of the key [start, start + length) in keys, trying {@code guess} first (keys come in order); else -1. */
    private int find(byte[][] keys, int start, int length, int guess) {
        if (guess < keys.length && equal(keys[guess], start, length)) {
            return guess;
        }
        for (int k = 0; k < keys.length; k++) {
            if (equal(keys[k], start, length)) {
                return k;
            }
        }
        return -1;
    }

    private boolean equal(byte[] key, int start, int length) {
        if (key.length != length) {
            return false;
        }
        byte[] b = this.b;
        for (int k = 0; k < length; k++) {
            if (key[k] != b[start + k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[][] keyBytes(ManifestField[] fields) {
        byte[][] out = new byte[fields.length][];
        for (int k = 0; k < fields.length; k++) {
            out[k] = fields[k].key.getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }

    private static byte[][] bytes(String[] words) {
        byte[][] out = new byte[words.length][];
        for (int k = 0; k < words.length; k++) {
            out[k] = words[k].getBytes(StandardCharsets.US_ASCII);
        }
        return out;
    }
}
