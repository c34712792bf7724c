package io.omicsmonitor.bench;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.StatsCsv;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The analyzer as a whole process, what {@code omics-run-analyzer --file MANIFEST} does: a manifest file streamed in,
 * analyzed with the bundled prices, the stats CSV written. Reports its phases and what it used as
 * {@code BENCH {...}} on standard error.
 *
 * <pre>java -cp ... io.omicsmonitor.bench.AnalyzeFile MANIFEST.ndjson OUT.csv [HEADROOM]</pre>
 */
public final class AnalyzeFile {

    private AnalyzeFile() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Path manifestFile = Path.of(args[0]);
        Path csv = Path.of(args[1]);
        double headroom = args.length > 2 ? Double.parseDouble(args[2]) : 0.0;

        Manifest manifest = ManifestParser.read(manifestFile); // as `omics-monitor analyze` reads it
        long parsed = System.nanoTime();
        RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, headroom);
        long analyzed = System.nanoTime();
        try (Writer out = Files.newBufferedWriter(csv)) {
            StatsCsv.write(analysis, out);
        }
        long written = System.nanoTime();
        System.err.printf(Locale.ROOT, "BENCH {\"tasks\":%d,\"parseMs\":%.1f,\"analyzeMs\":%.1f,\"csvMs\":%.1f,"
                        + "\"mainMs\":%.1f,%s}%n", manifest.tasks().size(), (parsed - start) / 1e6,
                (analyzed - parsed) / 1e6, (written - analyzed) / 1e6, (written - start) / 1e6, ProcessStats.json());
    }
}
