package io.omicsmonitor.bench;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.analyzer.StatsCsv;
import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The analyzer in process, warmed up: parsing a manifest, analyzing a parsed one (with its CSV), and both. Run with
 * {@code bench/run.sh jmh} (adds {@code -prof gc} for allocation per operation).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AnalyzerBenchmark {

    @Param({"1000", "10000", "50000"})
    public int tasks;

    private byte[] ndjson;
    private Manifest manifest;
    private RunAnalyzer analyzer;

    @Setup
    public void generate() throws IOException {
        StringWriter out = new StringWriter();
        new ManifestGenerator(42).write(tasks, ManifestGenerator.Format.NDJSON, out);
        ndjson = out.toString().getBytes(StandardCharsets.UTF_8);
        manifest = ManifestParser.read(new ByteArrayInputStream(ndjson), "generated");
        analyzer = new RunAnalyzer(JsonPriceBook.defaults());
    }

    @Benchmark
    public Manifest parse() throws IOException {
        return ManifestParser.read(new ByteArrayInputStream(ndjson), "generated");
    }

    @Benchmark
    public RunAnalysis analyzeAndWriteCsv() throws IOException {
        RunAnalysis analysis = analyzer.analyze(manifest, 0.0);
        StatsCsv.write(analysis, Writer.nullWriter());
        return analysis;
    }

    @Benchmark
    public RunAnalysis parseAnalyzeWriteCsv() throws IOException {
        RunAnalysis analysis = analyzer.analyze(ManifestParser.read(new ByteArrayInputStream(ndjson), "generated"), 0.0);
        StatsCsv.write(analysis, Writer.nullWriter());
        return analysis;
    }
}
