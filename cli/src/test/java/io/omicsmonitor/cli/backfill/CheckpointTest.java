package io.omicsmonitor.cli.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void whatIsMarkedDoneIsOnDiskAtOnceAndSurvivesAReload() throws IOException {
        Path file = dir.resolve("nested/checkpoint.json");
        Checkpoint checkpoint = Checkpoint.load(file, NOW, false);
        checkpoint.markDone(List.of("arn:aws:omics:us-west-2:1:run/1:COMPLETED", "arn:aws:omics:us-west-2:1:run/2:FAILED"));

        assertEquals("{\"format\":\"omics-monitor-backfill-checkpoint/1\",\"updated\":\"2026-11-24T12:00:00Z\",\"count\":2,"
                + "\"done\":[\"arn:aws:omics:us-west-2:1:run/1:COMPLETED\",\"arn:aws:omics:us-west-2:1:run/2:FAILED\"]}",
                Files.readString(file));
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        Checkpoint reloaded = Checkpoint.load(file, NOW, false);
        assertTrue(reloaded.isDone("arn:aws:omics:us-west-2:1:run/2:FAILED"));
        assertFalse(reloaded.isDone("arn:aws:omics:us-west-2:1:run/2:COMPLETED"), "a new status is a new replay");
        assertEquals(0, Checkpoint.load(file, NOW, true).size(), "--restart ignores it");
    }

    @Test
    void aFileThatIsNotACheckpointIsAClearErrorAndLeftAlone() throws IOException {
        Path file = dir.resolve("notes.json");
        Files.writeString(file, "{\"shopping\":[\"milk\"]}");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, NOW, false));
        assertTrue(e.getMessage().contains("is not a backfill checkpoint; pass another --checkpoint, or --restart"), e.getMessage());
        Files.writeString(file, "{\"format\":");
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file, NOW, false));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
        assertEquals("{\"format\":", Files.readString(file));
    }
}
