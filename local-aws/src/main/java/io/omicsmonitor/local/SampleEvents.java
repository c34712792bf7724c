package io.omicsmonitor.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's {@code events/} folder: the same sample events {@code sam local invoke -e events/x.json} uses serve the
 * tests and local runs. Found from the working directory upwards, so it works from the root and from a module.
 */
public final class SampleEvents {

    private SampleEvents() {
    }

    public static Path folder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path events = dir.resolve("events");
            if (Files.isDirectory(events) && Files.exists(dir.resolve("template.yaml"))) {
                return events;
            }
        }
        throw new IllegalStateException("no events/ folder beside a template.yaml above " + Path.of("").toAbsolutePath());
    }

    public static Path path(String name) {
        return folder().resolve(name);
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
