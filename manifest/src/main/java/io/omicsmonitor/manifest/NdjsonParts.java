package io.omicsmonitor.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An NDJSON manifest read in parts on several threads: split at line ends into about equal parts, each part's lines
 * read by a {@link ManifestParser} of its own, and the parts' records joined in order. A short-lived analyzer process
 * spends most of its time reading the manifest, in cold code; a second core halves that. A file is read by each part
 * from its own region through a 64 KB buffer, never whole: on a machine where first touching memory is slow, holding
 * a 32 MB manifest's bytes costs more than reading them twice would.
 *
 * <p>Errors stay those of reading the lines one after the other. A part knows neither the number of its first line
 * nor the run record of the parts before it, so when any part fails, or two parts hold different run records, the
 * whole input is read again on one thread and that reading's outcome (the first error in file order, with its line
 * number) is the one returned or thrown. Errors are rare; the second reading costs only then.
 */
final class NdjsonParts {

    /** More threads than this gain little on a manifest (and each costs a thread and a parser). */
    static final int MAX_PARTS = 4;

    /**
     * Below this many bytes (about 1,600 task records) one thread reads it all. Measured (2 cores, cold process,
     * medians of 8): 1,000 tasks (0.6 MB) 38 ms in one part or two; 10,000 tasks 69 ms in one, 60 in two; 50,000
     * tasks 174 and 140 ms.
     */
    static final int PARALLEL_MIN = 1 << 20;

    private NdjsonParts() {
    }

    /** NDJSON bytes from {@code start} (after any leading white space) into a manifest, in up to {@code parts} parts. */
    static Manifest read(byte[] bytes, int start, String source, int parts) throws IOException {
        return read(bytes, start, source, bytes.length - start < PARALLEL_MIN ? 1 : parts, true);
    }

    /** @param scan false reads every line with Jackson (the tests compare both readings) */
    static Manifest read(byte[] bytes, int start, String source, int parts, boolean scan) throws IOException {
        if (parts > 1) {
            Part[] split = new Part[parts];
            int from = start;
            for (int k = 0; k < parts; k++) {
                int to = k == parts - 1 ? bytes.length
                        : nextLineStart(bytes, Math.max(from, start + (int) ((long) (bytes.length - start) * (k + 1) / parts)));
                split[k] = new Part(bytes, null, from, to, source, scan);
                from = to;
            }
            Manifest manifest = join(split, source);
            if (manifest != null) {
                return manifest;
            }
        }
        ManifestParser parser = new ManifestParser(scan);
        parser.readLines(new ManifestParser.Lines(bytes, start, bytes.length), source);
        return parser.manifest(source);
    }

    /** NDJSON from {@code start} of a file (after any leading white space) to its end, in up to {@code parts} parts. */
    static Manifest read(FileChannel file, long start, String source, int parts) throws IOException {
        long size = file.size();
        if (parts > 1 && size - start >= PARALLEL_MIN) {
            Part[] split = new Part[parts];
            long from = start;
            for (int k = 0; k < parts; k++) {
                long to = k == parts - 1 ? Long.MAX_VALUE
                        : nextLineStart(file, Math.max(from, start + (size - start) * (k + 1) / parts));
                split[k] = new Part(null, file, from, to, source, true);
                from = to;
            }
            Manifest manifest = join(split, source);
            if (manifest != null) {
                return manifest;
            }
        }
        ManifestParser parser = new ManifestParser();
        parser.readLines(new ManifestParser.Lines(new Region(file, start, Long.MAX_VALUE)), source);
        return parser.manifest(source);
    }

    /** Reads the parts (the first on this thread) and joins them; null when a part failed or the run records differ. */
    private static Manifest join(Part[] parts, String source) {
        PartThreads.runAll(parts);
        ManifestBuilder joined = new ManifestBuilder();
        for (Part part : parts) {
            if (part.failure != null) {
                return null;
            }
            ManifestBuilder builder = part.parser.builder();
            RunRecord run = builder.run();
            if (run != null) {
                if (joined.isAnotherRun(run)) {
                    return null;
                }
                joined.run(run); // the last of equal run records wins, as on one thread
            }
            joined.tasks(builder);
        }
        return joined.build(source);
    }

    /** The first position at or after {@code at} that starts a line (follows a \n), or the end. */
    private static int nextLineStart(byte[] bytes, int at) {
        while (at > 0 && at < bytes.length && bytes[at - 1] != '\n') {
            at++;
        }
        return at;
    }

    /** The first position at or after {@code at} that starts a line of the file (follows a \n), or its size. */
    private static long nextLineStart(FileChannel file, long at) throws IOException {
        if (at == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (long position = at - 1; ; ) {
            buffer.clear();
            int read = file.read(buffer, position);
            if (read <= 0) {
                return file.size();
            }
            for (int i = 0; i < read; i++) {
                if (buffer.get(i) == '\n') {
                    return position + i + 1;
                }
            }
            position += read;
        }
    }

    /** The bytes [from, to) of a file, read at their positions (so several threads share the channel). */
    static final class Region extends InputStream {
        private final FileChannel file;
        private long position;
        private final long end;

        Region(FileChannel file, long from, long to) {
            this.file = file;
            this.position = from;
            this.end = to;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (position >= end) {
                return -1;
            }
            int read = file.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - position)), position);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xFF;
        }
    }

    /** One part's lines, read on its own thread (or run directly on the caller's). */
    private static final class Part extends Thread {
        final ManifestParser parser;
        private final byte[] bytes;
        private final FileChannel file;
        private final long from;
        private final long to;
        private final String source;
        Throwable failure;

        /** The lines of bytes[from, to), or of the file's bytes [from, to) when bytes is null. */
        Part(byte[] bytes, FileChannel file, long from, long to, String source, boolean scan) {
            super("manifest-part");
            setDaemon(true);
            this.parser = new ManifestParser(scan);
            this.bytes = bytes;
            this.file = file;
            this.from = from;
            this.to = to;
            this.source = source;
        }

        @Override
        public void run() {
            try {
                parser.readLines(bytes != null ? new ManifestParser.Lines(bytes, (int) from, (int) to)
                        : new ManifestParser.Lines(new Region(file, from, to)), source);
            } catch (Throwable e) { // any failure: the caller reads everything again on one thread, for its error
                failure = e;
            }
        }
    }
}
