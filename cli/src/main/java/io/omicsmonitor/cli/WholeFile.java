package io.omicsmonitor.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file whole or not at all: into a temporary file beside it, renamed over it once complete, so that a failed
 * or interrupted command leaves no half-written file (and an older one intact). Every file a command writes for the
 * user (pages, CSVs, configurations, checkpoints) goes through here.
 */
public final class WholeFile {

    /** What goes into the file. */
    public interface Body {
        void write(BufferedWriter out) throws IOException;
    }

    private WholeFile() {
    }

    /** Writes {@code text} as UTF-8; the file's folder must exist. */
    public static void write(Path file, String text) throws IOException {
        write(file, out -> out.write(text));
    }

    /** Writes what {@code body} writes, as UTF-8; the file's folder must exist. */
    public static void write(Path file, Body body) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".part");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                body.write(out);
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // a temporary file is private (rw-------); the file the user asked for is readable as any other
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary); // gone after a move; left only by a failure, which is reported
        }
    }
}
