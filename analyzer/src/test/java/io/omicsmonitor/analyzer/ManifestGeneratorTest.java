package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.manifest.TaskRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestGeneratorTest {

    private static String generate(long seed, int tasks, ManifestGenerator.Format format) throws IOException {
        StringWriter out = new StringWriter();
        new ManifestGenerator(seed).write(tasks, format, out);
        return out.toString();
    }

    private static Manifest parse(String text) throws IOException {
        return ManifestParser.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "generated");
    }

    @Test
    void sameSeedSameManifestInBothForms() throws IOException {
        String ndjson = generate(42, 2000, ManifestGenerator.Format.NDJSON);
        assertEquals(ndjson, generate(42, 2000, ManifestGenerator.Format.NDJSON));

        Manifest fromLines = parse(ndjson);
        Manifest fromArray = parse(generate(42, 2000, ManifestGenerator.Format.JSON_ARRAY));
        assertEquals(2000, fromLines.tasks().size());
        assertEquals(fromLines.tasks().get(1999).arn(), fromArray.tasks().get(1999).arn());
        assertEquals(fromLines.tasks().get(1999).stopTime(), fromArray.tasks().get(1999).stopTime());
    }

    @Test
    void containsTheQuirksOfRealManifests() throws IOException {
        Manifest m = parse(generate(7, 5000, ManifestGenerator.Format.NDJSON));
        long cached = m.tasks().stream().filter(t -> t.startTime() == null && t.metrics() != null).count();
        long gpu = m.tasks().stream().filter(t -> t.gpus() != null && t.gpus().longValue() > 0).count();
        long noMetrics = m.tasks().stream().filter(t -> t.metrics() == null).count();
        long withoutZ = m.tasks().stream().map(TaskRecord::startTime).filter(s -> s != null && !s.endsWith("Z")).count();

        assertTrue(cached > 20 && cached < 250, "cached " + cached);
        assertTrue(gpu > 5 && gpu < 80, "gpu " + gpu);
        assertTrue(noMetrics >= 1 && noMetrics < 30, "no metrics " + noMetrics);
        assertTrue(withoutZ > 100, "without Z " + withoutZ);
        RunAnalysis a = new RunAnalyzer(JsonPriceBook.defaults()).analyze(m, 0.1);
        assertTrue(a.totalEstimatedUSD() > 0);
        assertTrue(a.run().cpusReserved().longValue() > 8, "peak " + a.run().cpusReserved());
        assertEquals(java.util.Set.of("omics.g5.xlarge"), a.missingPrices());
    }

    /** Not a timed assertion: prints the CPU time of analyzing a 50,000-task manifest, for the report. */
    @Test
    void fiftyThousandTasks() throws IOException {
        Manifest m = parse(generate(2024, 50_000, ManifestGenerator.Format.NDJSON));
        RunAnalyzer analyzer = new RunAnalyzer(JsonPriceBook.defaults());
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            analyzer.analyze(m, 0.1);
        }
        long cold = bean.getCurrentThreadCpuTime();
        RunAnalysis a = analyzer.analyze(m, 0.1);
        long analyzed = bean.getCurrentThreadCpuTime();
        String csv = StatsCsv.toString(a);
        long written = bean.getCurrentThreadCpuTime();

        System.out.printf("50,000 tasks: analyze %.1f ms CPU, CSV %.1f ms CPU (%d bytes), peak cpusReserved %s%n",
                (analyzed - cold) / 1e6, (written - analyzed) / 1e6, csv.length(), a.run().cpusReserved());
        assertEquals(50_002, csv.split("\n").length);
    }
}
