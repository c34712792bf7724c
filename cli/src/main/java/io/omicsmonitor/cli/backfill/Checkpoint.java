package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.WholeFile;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a backfill has finished, in a small JSON file: the keys ({@link ReplayItem#key()}) of every item replayed.
 * Written after each completed batch to a temporary file in the same folder and renamed over the old one, so the
 * file is always whole: whatever stops the backfill (Ctrl-C, a crash, a lost connection), a rerun skips exactly
 * what was done. Failed items are not in it, so a rerun retries them.
 */
final class Checkpoint {

    static final String FORMAT = "omics-monitor-backfill-checkpoint/1";

    private final Path file;
    private final Clock clock;
    private final Set<String> done;

    private Checkpoint(Path file, Clock clock, Set<String> done) {
        this.file = file;
        this.clock = clock;
        this.done = done;
    }

    /** The checkpoint in {@code file}, or an empty one when the file does not exist or {@code restart} is set. */
    static Checkpoint load(Path file, Clock clock, boolean restart) {
        Set<String> done = new LinkedHashSet<>();
        if (!restart && Files.exists(file)) {
            try {
                JsonNode root = Json.MAPPER.readTree(file.toFile());
                if (root == null || !FORMAT.equals(root.path("format").asText()) || !root.path("done").isArray()) {
                    throw new IllegalArgumentException("the checkpoint file " + file + " is not a backfill checkpoint; "
                            + "pass another --checkpoint, or --restart to overwrite it");
                }
                root.get("done").forEach(key -> done.add(key.asText()));
            } catch (IOException e) {
                throw new IllegalArgumentException("the checkpoint file " + file + " cannot be read (" + e.getMessage()
                        + "); pass another --checkpoint, or --restart to overwrite it", e);
            }
        }
        return new Checkpoint(file, clock, done);
    }

    Path file() {
        return file;
    }

    synchronized boolean isDone(String key) {
        return done.contains(key);
    }

    synchronized int size() {
        return done.size();
    }

    /** Records the keys as done and writes the file (atomically) before returning. */
    synchronized void markDone(Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        done.addAll(keys);
        write();
    }

    private void write() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("updated", clock.instant().toString());
        root.put("count", done.size());
        done.forEach(root.putArray("done")::add);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            WholeFile.write(file, Json.MAPPER.writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint file " + file, e);
        }
    }
}
