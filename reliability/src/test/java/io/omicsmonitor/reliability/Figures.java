package io.omicsmonitor.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The figures docs/reliability.md reports, as the suite measured them: appended to
 * {@code target/reliability-figures.txt}, one {@code <topic>\t<text>} line each.
 */
final class Figures {

    static final Path FILE = Path.of("target", "reliability-figures.txt");

    private Figures() {
    }

    static synchronized void record(String topic, String text) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, topic + "\t" + text + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
