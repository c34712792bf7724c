package io.omicsmonitor.analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The upstream Run Analyzer's stats CSV, byte for byte: its header, the run's row, then one row per task in
 * manifest order; floats with 6 decimals, integers as integers, empty for none, {@code \n} line endings.
 */
public final class StatsCsv {

    public static final String HEADER = String.join(",", ResourceRow.COLUMNS);

    private StatsCsv() {
    }

    public static void write(RunAnalysis analysis, Appendable out) throws IOException {
        out.append(HEADER).append('\n');
        StringBuilder line = new StringBuilder(512);
        char[][] chars = {new char[512]};
        CsvCells.numberRow(out, analysis.run().cells(), line, chars);
        for (ResourceRow task : analysis.tasks()) {
            CsvCells.numberRow(out, task.cells(), line, chars);
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
