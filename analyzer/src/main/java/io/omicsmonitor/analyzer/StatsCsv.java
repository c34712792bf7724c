package io.omicsmonitor.analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * The upstream Run Analyzer's stats CSV, byte for byte: its header, the run's row, then one row per task in
 * manifest order; floats with 6 decimals, integers as integers, empty for none, {@code \n} line endings.
 */
public final class StatsCsv {

    public static final String HEADER = String.join(",", ResourceRow.COLUMNS);

    private StatsCsv() {
    }

    public static void write(RunAnalysis analysis, Appendable out) throws IOException {
        write(analysis, out, Parts.count(analysis.tasks().size(), MIN_ROWS_PER_PART));
    }

    /** @param parts how many parts (threads) format the rows; the text is the same for any */
    static void write(RunAnalysis analysis, Appendable out, int parts) throws IOException {
        out.append(HEADER).append('\n');
        List<ResourceRow> tasks = analysis.tasks();
        StringBuilder line = new StringBuilder(512);
        char[][] chars = {new char[512]};
        CsvCells.numberRow(out, analysis.run().cells(), line, chars);
        if (parts == 1) {
            rows(tasks, 0, tasks.size(), out, line, chars);
            return;
        }
        // the first part is written straight to out while the others are formatted into text of their own, which
        // is then written in order; a part that failed is formatted again here, to fail as one thread would. This
        // thread also writes (encodes) every part, so its own part is the smaller one
        int n = tasks.size();
        StringBuilder[] texts = new StringBuilder[parts];
        Throwable[] failures = new Parts() {
            @Override
            void run(int part, int ignoredFrom, int ignoredTo) throws IOException {
                int from = first(n, parts, part);
                int to = first(n, parts, part + 1);
                if (part == 0) {
                    rows(tasks, from, to, out, line, chars);
                } else {
                    texts[part] = new StringBuilder(ROW_CHARS * (to - from));
                    rows(tasks, from, to, texts[part], new StringBuilder(512), new char[][] {new char[512]});
                }
            }
        }.runAll(n, parts);
        if (failures[0] instanceof IOException e) {
            throw e;
        } else if (failures[0] instanceof RuntimeException e) {
            throw e;
        } else if (failures[0] instanceof Error e) {
            throw e;
        }
        for (int k = 1; k < parts; k++) {
            if (failures[k] == null) {
                write(texts[k], out, chars);
            } else {
                rows(tasks, first(n, parts, k), first(n, parts, k + 1), out, line, chars);
            }
        }
    }

    /**
     * Below this many rows a part, formatting on other threads costs more than it saves. Measured (2 cores, cold
     * process, medians of 8): 10,000 rows 41 ms on one thread, 31 ms in two parts; 50,000 rows 126 and 96 ms. With
     * even halves instead of a third for this thread, two parts were no faster than one.
     */
    static final int MIN_ROWS_PER_PART = 4_000;

    /** The first row of part k: part 0 (this thread, which also writes every part) gets a third, the others the rest. */
    static int first(int n, int parts, int k) {
        if (k == 0) {
            return 0;
        }
        int main = n / 3;
        return k >= parts ? n : main + (int) ((long) (n - main) * (k - 1) / (parts - 1));
    }

    /** About the length of a task's row, to size a part's text once. */
    private static final int ROW_CHARS = 320;

    private static void rows(List<ResourceRow> tasks, int from, int to, Appendable out, StringBuilder line,
            char[][] chars) throws IOException {
        for (int i = from; i < to; i++) {
            CsvCells.numberRow(out, tasks.get(i).cells(), line, chars);
        }
    }

    /** A part's text to out, through the reused char buffer when out is a Writer (no String copy of the text). */
    private static void write(StringBuilder text, Appendable out, char[][] chars) throws IOException {
        if (!(out instanceof Writer writer)) {
            out.append(text);
            return;
        }
        char[] buffer = chars[0].length >= 8192 ? chars[0] : (chars[0] = new char[8192]);
        for (int at = 0; at < text.length(); at += buffer.length) {
            int end = Math.min(text.length(), at + buffer.length);
            text.getChars(at, end, buffer, 0);
            writer.write(buffer, 0, end - at);
        }
    }

    public static String toString(RunAnalysis analysis) {
        StringBuilder out = new StringBuilder(256 * (analysis.tasks().size() + 2));
        try {
            write(analysis, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        return out.toString();
    }
}
