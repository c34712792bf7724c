package io.omicsmonitor.cli.analyze;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Copies what {@code analyze} runs on (this package, the analyzer, the manifest parser, Jackson) from the command
 * line's jar into a small jar, which the launcher puts on the class path before the full jar.
 *
 * <p>Why: opening the full jar (37,000 entries, 130 MB) costs every run about 50 ms before the first class loads;
 * a class found in the small jar never opens it. Anything not copied is still found in the full jar, behind it on
 * the class path, so a missing entry costs time, never correctness. The manifest is copied as is (Multi-Release,
 * version attributes), and so are the versioned entries of the classes copied.
 *
 * <pre>java -cp omics-monitor.jar io.omicsmonitor.cli.analyze.SlimJar omics-monitor.jar analyze.jar</pre>
 */
public final class SlimJar {

    static final List<String> PREFIXES = List.of("META-INF/MANIFEST.MF", "io/omicsmonitor/cli/analyze/",
            "io/omicsmonitor/cli/UserError", "io/omicsmonitor/cli/WholeFile", "io/omicsmonitor/analyzer/", "io/omicsmonitor/manifest/",
            "io/omicsmonitor/json/", "com/fasterxml/jackson/core/", "com/fasterxml/jackson/databind/",
            "com/fasterxml/jackson/annotation/");

    private SlimJar() {
    }

    public static void main(String[] args) throws IOException {
        copy(Path.of(args[0]), Path.of(args[1]));
    }

    static void copy(Path from, Path to) throws IOException {
        try (ZipFile jar = new ZipFile(from.toFile());
                OutputStream file = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(file)) {
            ZipEntry manifest = jar.getEntry("META-INF/MANIFEST.MF");
            if (manifest != null) {
                copy(jar, manifest, out); // first, where jar readers look for it
            }
            for (Enumeration<? extends ZipEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry != manifest && !entry.getName().equals("META-INF/MANIFEST.MF")
                        && wanted(entry.getName())) {
                    copy(jar, entry, out);
                }
            }
        }
    }

    /** True for the entries copied; META-INF/versions/N/x counts as x. */
    static boolean wanted(String name) {
        String base = name;
        if (base.startsWith("META-INF/versions/")) {
            int slash = base.indexOf('/', "META-INF/versions/".length());
            base = slash < 0 ? "" : base.substring(slash + 1);
        }
        for (String prefix : PREFIXES) {
            if (base.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static void copy(ZipFile jar, ZipEntry entry, ZipOutputStream out) throws IOException {
        ZipEntry copy = new ZipEntry(entry.getName());
        copy.setTime(entry.getTime());
        out.putNextEntry(copy);
        try (InputStream in = jar.getInputStream(entry)) {
            in.transferTo(out);
        }
        out.closeEntry();
    }
}
