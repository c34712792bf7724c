package io.omicsmonitor.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineScanner} and {@link NdjsonParts} against the reading they shortcut: every line read by Jackson, one line
 * after the other, from a stream. Each input must give the same manifest (record for record, number types included)
 * or the same error (class and message).
 */
class LineScannerTest {

    private static final String RUN = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"uuid\":\"u-1\","
            + "\"name\":\"wgs\",\"engine\":\"WDL\",\"status\":\"COMPLETED\",\"storageType\":\"STATIC\","
            + "\"storageCapacity\":1200,\"startTime\":\"2024-05-01T10:00:00.000Z\",\"stopTime\":\"2024-05-01T11:00:00Z\","
            + "\"metrics\":{\"storageReservedGiB\":1200,\"storageMaximumGiB\":310.5,\"runningSeconds\":3600}}";
    private static final String RUN_WITH_TREES = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\","
            + "\"parameters\":{\"sample\":\"NA12878\",\"threads\":8},\"resourceDigests\":null,"
            + "\"metrics\":{\"runningSeconds\":3600}}";
    private static final String TASK = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7001\","
            + "\"run\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"uuid\":\"t-1\",\"name\":\"BwaMem-0-1\","
            + "\"image\":\"1.dkr.ecr.us-west-2.amazonaws.com/bwa:0.7\",\"instanceType\":\"omics.m.xlarge\","
            + "\"cpus\":4,\"memory\":16,\"gpus\":0,\"status\":\"COMPLETED\",\"creationTime\":\"2024-05-01T10:00:30Z\","
            + "\"startTime\":\"2024-05-01T10:01:00.123456\",\"stopTime\":\"2024-05-01T10:31:00.5Z\","
            + "\"metrics\":{\"cpusReserved\":4,\"cpusAverage\":2.1498,\"cpusMaximum\":3.0711,\"gpusReserved\":0,"
            + "\"memoryReservedGiB\":16,\"memoryAverageGiB\":7.7467,\"memoryMaximumGiB\":12.9112,\"runningSeconds\":1800}}";

    /** JSON values and near-JSON, for the mutations to put where a value was. */
    private static final String[] VALUES = {"\"x\"", "\"\"", "\"a\\u0041\"", "\"a\\\"b\"", "\"\u00e9t\u00e9\"",
        "\"tab\there\"", "\"\u007f\"", "\"4\"", "\" 4 \"", "\"many\"", "1", "0", "-0", "01", "-01", "1.", ".5", "-",
        "+1", "1e5", "1E-2", "2.5e1", "-1.5", "-0.0", "0.000", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "0.1234567890123456", "3.0711", "100000.5", "0.00000000000000000000001", "1e400",
        "1000001", "9999999999", "31622400", "31622401", "true", "false", "null", "nul", "truex", "nullx", "{}",
        "[]", "{\"a\":1}", "[1,2]", "{\"cpusReserved\":2}", "NaN", "Infinity", "\"2024-05-01T10:01:00Z\"", "5 5",
        "1,", "\"x\" \"y\""};
    private static final String[] KEYS = {"arn", "run", "uuid", "name", "image", "imageDigest", "instanceType", "cpus",
        "memory", "gpus", "status", "statusMessage", "failureReason", "creationTime", "startTime", "stopTime",
        "metrics", "workflow", "engine", "storageType", "storageCapacity", "parameters", "parameterTemplate",
        "resourceDigests", "cpusReserved", "cpusMaximum", "memoryMaximumGiB", "runningSeconds", "gpusReserved",
        "unknown", "ARN", "arn ", "a\\u0072n", "k".repeat(1200)};
    private static final String[] BYTES = {"{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\t", "\u000b", "\f", "\u0000",
        "\u00ff", "\r", "\n", "x", "0", "-", ".", "e"};

    @Test
    void mutatedLinesReadAsJacksonReadsThem() throws Exception {
        Random random = new Random(20261124);
        int scanned = 0;
        for (int n = 0; n < 6000; n++) {
            String line = mutate(random, random.nextInt(5) == 0 ? RUN : TASK, 1 + random.nextInt(3));
            String text = n % 3 == 0 ? line + "\n" + RUN : RUN + "\n" + line;
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (n % 97 == 0) {
                bytes = invalidUtf8(bytes, random);
            }
            assertSameOutcome(bytes, 1);
            if (new LineScanner().scan(bytes(line), 0, bytes(line).length, new ManifestParser.Fields())) {
                scanned++;
            }
        }
        assertTrue(scanned > 1000, "the mutations leave many lines the scanner reads: " + scanned);
    }

    @Test
    void commonLinesAreReadByTheScanner() {
        for (String line : List.of(RUN, TASK, "{}", " {\"arn\" : \"a\" ,\t\"metrics\" : { } } trailing",
                "{\"arn\":\"a\",\"metrics\":null,\"parameters\":null,\"x\":true}")) {
            assertTrue(new LineScanner().scan(bytes(line), 0, bytes(line).length, new ManifestParser.Fields()), line);
        }
    }

    @Test
    void manifestsReadInPartsAreReadAsOnOneThread() throws Exception {
        Random random = new Random(42);
        for (int n = 0; n < 300; n++) {
            List<String> lines = new ArrayList<>();
            int tasks = random.nextInt(60);
            for (int t = 0; t < tasks; t++) {
                String task = TASK.replace("task/7001", "task/" + (8000 + t)).replace("\"cpus\":4", "\"cpus\":" + t);
                lines.add(random.nextInt(25) == 0 ? mutate(random, task, 1) : task);
                if (random.nextInt(10) == 0) {
                    lines.add(random.nextBoolean() ? "" : " \t");
                }
            }
            int runs = random.nextInt(8) == 0 ? 0 : random.nextInt(8) == 0 ? 2 : 1;
            for (int r = 0; r < runs; r++) {
                String run = r == 1 && random.nextBoolean() ? RUN.replace("run/2101313", "run/999")
                        : random.nextBoolean() ? RUN : RUN_WITH_TREES;
                lines.add(random.nextInt(lines.size() + 1), run);
            }
            String separator = random.nextInt(4) == 0 ? "\r\n" : random.nextInt(8) == 0 ? "\r" : "\n";
            byte[] bytes = String.join(separator, lines).getBytes(StandardCharsets.UTF_8);
            for (int parts = 1; parts <= 4; parts++) {
                assertSameOutcome(bytes, parts);
            }
        }
    }

    @Test
    void leadingWhiteSpaceAndByteOrderMarksAreSkippedBeforeEitherForm() throws Exception {
        String bad = "{\"arn\":\"x\"}";
        for (String prefix : List.of("", "\uFEFF", " \n\r\t", "\uFEFF\n\n", "\n\uFEFF ")) {
            for (String text : List.of(RUN + "\n" + TASK, "[" + RUN + "," + TASK + "]")) {
                assertEquals(read(text), read(prefix + text), prefix);
            }
            for (String text : List.of(bad + "\n" + RUN, "[" + bad + "]", "", "[]", "[", "x")) {
                assertEquals(outcome(text), outcome(prefix + text), prefix + text);
            }
        }
        assertEquals("t, line 1: 'arn' is 'x', expected a HealthOmics run or task ARN", outcome("\n\n" + bad));
    }

    @Test
    void aFileIsReadAsItsStream(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        for (String text : List.of(RUN + "\n" + TASK, "[" + RUN + "," + TASK + "]", "\uFEFF" + RUN, "x", "")) {
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("m.json"), text);
            Object expected;
            try {
                expected = ManifestParser.read(new ByteArrayInputStream(bytes(text)), file.toString());
            } catch (RuntimeException e) {
                expected = e.getMessage();
            }
            Object actual;
            try {
                actual = ManifestParser.read(file);
            } catch (RuntimeException e) {
                actual = e.getMessage();
            }
            assertEquals(expected, actual, text);
        }
        assertEquals(java.nio.file.NoSuchFileException.class, org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> ManifestParser.read(dir.resolve("none.json"))).getClass());
    }

    @Test
    void filesReadInPartsAreReadAsOnOneThread(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Random random = new Random(7);
        java.nio.file.Path file = dir.resolve("big.ndjson");
        for (int n = 0; n < 24; n++) {
            List<String> lines = new ArrayList<>();
            assertTrue(2_000 * TASK.length() > NdjsonParts.PARALLEL_MIN);
            for (int t = 0; t < 2_000; t++) { // 1.3 MB: more than NdjsonParts.PARALLEL_MIN
                lines.add(TASK.replace("task/7001", "task/" + (9000 + t)));
            }
            int runAt = random.nextInt(lines.size());
            lines.add(runAt, n % 6 == 5 ? RUN_WITH_TREES : RUN);
            switch (n % 6) {
                case 1 -> lines.set(random.nextInt(lines.size()), mutate(random, TASK, 2)); // an error, maybe
                case 2 -> lines.add(random.nextInt(lines.size()), RUN.replace("run/2101313", "run/999")); // a second run
                case 3 -> lines.add(random.nextInt(lines.size()), RUN); // the same run again
                case 4 -> lines.set(random.nextInt(lines.size()), "{\"arn\":\"x\"}"); // an error for certain
                default -> {
                }
            }
            String separator = n % 4 == 0 ? "\r\n" : "\n";
            String text = (n % 8 == 7 ? "\uFEFF \n" : "") + String.join(separator, lines) + (n % 3 == 0 ? separator : "");
            byte[] bytes = bytes(text);
            java.nio.file.Files.write(file, bytes);
            Object expected;
            try {
                ManifestParser jackson = new ManifestParser(false);
                int start = 0;
                while (start < bytes.length && (bytes[start] == ' ' || bytes[start] == '\n' || (bytes[start] & 0xFF) >= 0xBB)) {
                    start++; // the byte-order mark and white space skipped before the first record
                }
                jackson.readLines(new ManifestParser.Lines(new ByteArrayInputStream(bytes, start, bytes.length - start)),
                        file.toString());
                expected = jackson.manifest(file.toString());
            } catch (RuntimeException e) {
                expected = e.getClass().getName() + ": " + e.getMessage();
            }
            Object actual;
            try {
                actual = ManifestParser.read(file);
            } catch (RuntimeException e) {
                actual = e.getClass().getName() + ": " + e.getMessage();
            }
            assertEquals(expected, actual, "case " + n);
        }
    }

    private static Manifest read(String text) throws Exception {
        return ManifestParser.read(new ByteArrayInputStream(bytes(text)), "t");
    }

    private static String outcome(String text) throws Exception {
        try {
            return read(text).toString();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Reads {@code bytes} as NDJSON in {@code parts} parts with the scanner, and line by line with Jackson only. */
    private static void assertSameOutcome(byte[] bytes, int parts) throws Exception {
        Object expected;
        try {
            ManifestParser jackson = new ManifestParser(false);
            jackson.readLines(new ManifestParser.Lines(new ByteArrayInputStream(bytes)), "t.ndjson");
            expected = jackson.manifest("t.ndjson");
        } catch (RuntimeException e) {
            expected = e.getClass().getName() + ": " + e.getMessage();
        }
        Object actual;
        try {
            actual = NdjsonParts.read(bytes, 0, "t.ndjson", parts, true);
        } catch (RuntimeException e) {
            actual = e.getClass().getName() + ": " + e.getMessage();
        }
        assertEquals(expected, actual, () -> parts + " part(s): " + new String(bytes, StandardCharsets.UTF_8));
    }

    private static String mutate(Random random, String line, int times) {
        StringBuilder s = new StringBuilder(line);
        for (int t = 0; t < times; t++) {
            int at = random.nextInt(s.length() + 1);
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> { // a value replaced
                    int colon = s.indexOf("\":", Math.min(at, s.length()));
                    if (colon < 0) {
                        colon = s.indexOf("\":");
                    }
                    if (colon < 0) {
                        continue;
                    }
                    int start = colon + 2;
                    int end = valueEnd(s, start);
                    s.replace(start, end, VALUES[random.nextInt(VALUES.length)]);
                }
                case 3 -> { // a key replaced, or a pair added
                    String pair = "\"" + KEYS[random.nextInt(KEYS.length)] + "\":" + VALUES[random.nextInt(VALUES.length)];
                    int brace = s.indexOf("{", random.nextInt(s.length() + 1));
                    s.insert(brace < 0 ? 1 : brace + 1, pair + ",");
                }
                case 4 -> s.insert(at, BYTES[random.nextInt(BYTES.length)]);
                case 5 -> {
                    if (at < s.length()) {
                        s.deleteCharAt(at);
                    }
                }
                case 6 -> s.setLength(at);
                default -> { // white space around a token
                    int comma = s.indexOf(",", at);
                    if (comma > 0) {
                        s.insert(comma + (random.nextBoolean() ? 1 : 0), random.nextBoolean() ? " " : "\t ");
                    }
                }
            }
        }
        return s.toString();
    }

    /** Where the JSON value starting at {@code start} ends, roughly: nested braces and strings are skipped. */
    private static int valueEnd(StringBuilder s, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                if (--depth == 0) {
                    return i + 1;
                }
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return s.length();
    }

    private static byte[] invalidUtf8(byte[] bytes, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = bytes.length / 2 + random.nextInt(bytes.length / 2);
        out.write(bytes, 0, at);
        out.write(0xC3); // a lead byte without its continuation
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
