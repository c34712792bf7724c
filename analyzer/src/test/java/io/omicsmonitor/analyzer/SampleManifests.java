package io.omicsmonitor.analyzer;

import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded sample manifests of events/recorded/logs/, and generated ones at scale. */
final class SampleManifests {

    private SampleManifests() {
    }

    static Manifest recorded(String runId) throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events/recorded/logs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no events/recorded/logs above " + Path.of("").toAbsolutePath());
        }
        return ManifestParser.read(dir.resolve("events/recorded/logs/manifest-run-" + runId + ".ndjson"));
    }

    static Manifest generated(long seed, int tasks) throws IOException {
        StringWriter out = new StringWriter();
        new ManifestGenerator(seed).write(tasks, ManifestGenerator.Format.NDJSON, out);
        return ManifestParser.read(new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)),
                "generated-" + seed);
    }

    static RunAnalysis analyze(Manifest manifest, double headroom) {
        return new RunAnalyzer(JsonPriceBook.defaults()).analyze(manifest, headroom);
    }
}
