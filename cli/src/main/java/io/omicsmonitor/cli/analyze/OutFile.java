package io.omicsmonitor.cli.analyze;

import io.omicsmonitor.cli.UserError;
import io.omicsmonitor.cli.WholeFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code analyze --out FILE}: the output goes to a temporary file beside FILE, which replaces FILE only once all of it
 * is written, so a failed command leaves no half-written FILE (and an older FILE intact). Then, as upstream, stderr
 * says where it went.
 */
final class OutFile {

    interface Body {
        void write(PrintWriter out) throws IOException;
    }

    private OutFile() {
    }

    static void write(Path file, PrintWriter stdout, PrintWriter stderr, Body body) throws IOException {
        if (file == null) {
            body.write(stdout);
            stdout.flush();
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            throw new UserError("--out " + file + ": the folder " + folder + " does not exist");
        }
        WholeFile.write(file, writer -> {
            PrintWriter out = new PrintWriter(writer);
            body.write(out);
            out.flush();
            if (out.checkError()) {
                throw new UserError("--out " + file + ": writing failed (disk full?)");
            }
        });
        stderr.println("analyze: wrote " + file);
        stderr.flush();
    }
}
