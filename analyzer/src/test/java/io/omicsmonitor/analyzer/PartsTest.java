package io.omicsmonitor.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The analysis and the CSV made in parts on several threads are those of one thread, errors included. */
class PartsTest {

    private static Manifest generated(int tasks, long seed) throws IOException {
        StringWriter text = new StringWriter();
        new ManifestGenerator(seed).write(tasks, ManifestGenerator.Format.NDJSON, text);
        return ManifestParser.read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)), "g");
    }

    @Test
    void partsGiveTheSameAnalysisAndCsv() throws IOException {
        RunAnalyzer analyzer = new RunAnalyzer(JsonPriceBook.defaults());
        for (int tasks : new int[] {0, 1, 7, 4_001}) {
            Manifest manifest = generated(tasks, tasks);
            RunAnalysis one = analyzer.analyze(manifest, "us-east-1", 0.1, 1);
            StringBuilder expected = new StringBuilder();
            StatsCsv.write(one, expected, 1);
            for (int parts = 2; parts <= 4; parts++) {
                RunAnalysis analysis = analyzer.analyze(manifest, "us-east-1", 0.1, parts);
                assertEquals(one, analysis, parts + " parts");
                StringBuilder text = new StringBuilder();
                StatsCsv.write(analysis, text, parts);
                assertEquals(expected.toString(), text.toString(), parts + " parts");
                StringWriter writer = new StringWriter();
                StatsCsv.write(analysis, writer, parts);
                assertEquals(expected.toString(), writer.toString(), parts + " parts, to a Writer");
            }
        }
    }

    @Test
    void theFirstBadTimeIsTheErrorWhateverThePart() throws IOException {
        Manifest good = generated(3_000, 5);
        java.util.List<io.omicsmonitor.manifest.TaskRecord> tasks = new java.util.ArrayList<>(good.tasks());
        for (int at : new int[] {2_900, 1_200}) {
            var t = tasks.get(at);
            tasks.set(at, new io.omicsmonitor.manifest.TaskRecord(t.arn(), t.taskId(), t.run(), t.uuid(), t.name(),
                    t.image(), t.imageDigest(), t.instanceType(), t.cpus(), t.memory(), t.gpus(), t.status(),
                    t.statusMessage(), t.failureReason(), t.creationTime(), "2024-02-30T00:00:00Z", t.stopTime(),
                    t.metrics()));
        }
        Manifest bad = new Manifest(good.run(), tasks);
        RunAnalyzer analyzer = new RunAnalyzer(JsonPriceBook.defaults());
        for (int parts = 1; parts <= 4; parts++) {
            int p = parts;
            assertEquals("'2024-02-30T00:00:00Z' is not an ISO-8601 time", assertThrows(InvalidManifestException.class,
                    () -> analyzer.analyze(bad, "us-east-1", 0.0, p)).getMessage());
        }
    }

    @Test
    void aFailingWriterFailsWithTheSameErrorWhateverTheParts() throws IOException {
        RunAnalysis analysis = new RunAnalyzer(JsonPriceBook.defaults()).analyze(generated(4_000, 9), "us-east-1", 0.0);
        String all = StatsCsv.toString(analysis);
        for (int parts = 1; parts <= 4; parts++) {
            StringBuilder written = new StringBuilder();
            Writer failing = new Writer() {
                @Override
                public void write(char[] chars, int from, int length) throws IOException {
                    if (written.length() + length > 700_000) {
                        throw new IOException("disk full");
                    }
                    written.append(chars, from, length);
                }

                @Override
                public void flush() {
                }

                @Override
                public void close() {
                }
            };
            int p = parts;
            assertEquals("disk full", assertThrows(IOException.class, () -> StatsCsv.write(analysis, failing, p))
                    .getMessage());
            // what got through before the failure is the CSV's beginning (how much of it depends on write sizes,
            // as with any buffered writer)
            assertEquals(true, all.startsWith(written.toString()) && written.length() > 600_000, parts + " parts");
        }
    }
}
