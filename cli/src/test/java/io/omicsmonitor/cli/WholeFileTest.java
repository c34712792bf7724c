package io.omicsmonitor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WholeFileTest {

    @TempDir
    Path dir;

    @Test
    void writesTheBytesReadableByOthersAsAnyFileTheUserAskedFor() throws IOException {
        Path page = dir.resolve("report.html");

        WholeFile.write(page, "<p>é</p>\n");

        assertEquals("<p>é</p>\n", Files.readString(page));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)),
                "not the temporary file's private rw-------");
        assertEquals(List.of(page), files());
    }

    @Test
    void aFailureLeavesTheOlderFileIntactAndNoTemporaryFile() throws IOException {
        Path csv = dir.resolve("stats.csv");
        Files.writeString(csv, "older\n");

        IOException e = assertThrows(IOException.class, () -> WholeFile.write(csv, out -> {
            out.write("half of the new");
            throw new IOException("disk full");
        }));

        assertEquals("disk full", e.getMessage());
        assertEquals("older\n", Files.readString(csv));
        assertEquals(List.of(csv), files());
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
