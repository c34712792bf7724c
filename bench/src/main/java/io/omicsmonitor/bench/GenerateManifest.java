package io.omicsmonitor.bench;

import io.omicsmonitor.analyzer.testing.ManifestGenerator;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a generated manifest (NDJSON, seed 42 unless given) for the analyzer benchmarks: {@code TASKS FILE [SEED]}. */
public final class GenerateManifest {

    private GenerateManifest() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        Path file = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        try (Writer out = Files.newBufferedWriter(file)) {
            new ManifestGenerator(seed).write(tasks, ManifestGenerator.Format.NDJSON, out);
        }
    }
}
