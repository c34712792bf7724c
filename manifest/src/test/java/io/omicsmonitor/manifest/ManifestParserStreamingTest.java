package io.omicsmonitor.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The token-by-token reading: what it must keep from the tree-per-record reading it replaced. */
class ManifestParserStreamingTest {

    private static final String RUN = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"name\":\"wgs\","
            + "\"parameters\":{\"sample\":\"NA12878\",\"threads\":8,\"ratio\":0.5,\"big\":123456789012,\"list\":[1,\"a\",null]},"
            + "\"metrics\":{\"storageReservedGiB\":1200,\"runningSeconds\":3600}}";
    private static final String TASK = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7001\","
            + "\"run\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"name\":\"BwaMem-0-1\",\"status\":\"COMPLETED\","
            + "\"instanceType\":\"omics.m.xlarge\",\"cpus\":4,\"memory\":16,"
            + "\"metrics\":{\"cpusReserved\":4,\"cpusMaximum\":3.25,\"memoryReservedGiB\":16,\"runningSeconds\":1800}}";

    private static Manifest read(byte[] bytes) throws IOException {
        return ManifestParser.read(new ByteArrayInputStream(bytes), "test.json");
    }

    private static Manifest read(String text) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The pattern the parser used to run on every ARN. */
    private static final Pattern RESOURCE = Pattern.compile("^arn:[^:]+:omics:[^:]*:[^:]*:(run|task)/(\\d+)$");

    @Test
    void theArnIsClassifiedAsTheRegexDid() {
        List<String> arns = List.of("arn:aws:omics:us-east-1:1:run/1", "arn:aws:omics:us-east-1:1:task/0042",
                "arn::omics:a:b:run/1", "arn:a:omics:::run/1", "arn:a:omics::run/1", "arn:a:omics:a:b:run/",
                "arn:a:omics:a:b:run/1a", "arn:a:omics:a:b:run/1/2", "arn:a:omics:a:b:c:task/12",
                "arn:a:omicsx:a:b:task/12", "arn:a/b:omics:a:b:task/12", "arn:a:omics:a:b:tasks/12",
                "arn:a:omics:a:b:run/12\n", "xarn:a:omics:a:b:run/1", "arn:a:omics:a:b:run/\u0661", "arn:a:b:omics:a:b:run/1",
                "arn:a:omics:a:b:workflow/1", "arn:a:omics:a:b:run/-1", "arn:a:omics", "arn:", "", "arn:a:omics:a:b:");
        for (String arn : arns) {
            var m = RESOURCE.matcher(arn);
            int id = ManifestParser.resourceIdStart(arn);
            assertEquals(m.matches(), id >= 0, arn);
            if (id >= 0) {
                assertEquals(m.group(2), arn.substring(id), arn);
                assertEquals(m.group(1).equals("run"), arn.startsWith("run/", id - 4), arn);
            }
        }
        assertEquals(-1, ManifestParser.resourceIdStart(null));
    }

    @Test
    void decimalsAreReadExactlyAsParseDouble() throws IOException {
        Random random = new Random(42);
        StringBuilder values = new StringBuilder("[0.0,-0.0,0.1,0.3,2.675,1.005,-3.0711,100.0,0.000001,123456789012345.6,"
                + "1234567890123456.7,9007199254740993.0,0.1234567890123456789,1.0E12,1e-7,5e-324,1.7976931348623157E308,"
                + "0.30000000000000004,4.35,8.41,0.0005,-0.000000000000000000000012345");
        for (int i = 0; i < 20_000; i++) {
            long digits = random.nextLong() % 10_000_000_000_000_000L;
            int point = 1 + random.nextInt(19);
            String d = Long.toString(Math.abs(digits));
            String text = point < d.length() ? d.substring(0, d.length() - point) + "." + d.substring(d.length() - point)
                    : d + ".5";
            values.append(',').append(digits < 0 ? "-" : "").append(text.startsWith(".") ? "0" + text : text);
        }
        values.append(']');
        try (JsonParser json = JsonMapper.builder().build().createParser(values.toString())) {
            json.nextToken();
            for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
                double expected = Double.parseDouble(json.getText());
                assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(ManifestParser.decimal(json)),
                        json.getText());
            }
        }
    }

    @Test
    void lineEndingsAndBlankLinesAreThoseOfReadLine() throws IOException {
        Manifest m = read("\r\n" + RUN + "\r" + TASK + "\r\n\r\n \t\n" + TASK.replace("7001", "7002") + "\r");
        assertEquals(2, m.tasks().size());

        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read(RUN + "\r\n\r\n" + TASK + "\r{\"arn\":\"x\"}"));
        assertEquals("test.json, line 4: 'arn' is 'x', expected a HealthOmics run or task ARN", e.getMessage());
    }

    @Test
    void aLineLongerThanTheReadBufferIsOneRecord() throws IOException {
        String name = "n".repeat(200_000);
        Manifest m = read(RUN + "\n" + TASK.replace("BwaMem-0-1", name) + "\n" + TASK);
        assertEquals(name, m.tasks().get(0).name());
        assertEquals(2, m.tasks().size());
    }

    @Test
    void whatFollowsARecordOnItsLineIsIgnoredAsBefore() throws IOException {
        Manifest m = read(RUN + " trailing words\n" + TASK + "}");
        assertEquals(1, m.tasks().size());
    }

    @Test
    void aLineWithInvalidUtf8IsReadAsTextWithReplacementCharacters() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((RUN + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(TASK.replace("BwaMem", "Bwa\u0001Mem").getBytes(StandardCharsets.UTF_8));
        byte[] raw = bytes.toByteArray();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 1) {
                raw[i] = (byte) 0xFF; // not UTF-8
            }
        }
        assertEquals("Bwa\uFFFDMem-0-1", read(raw).tasks().get(0).name());
    }

    @Test
    void jsonErrorsNameTheLineOrTheRecordAndSayWhatJacksonSaid() {
        InvalidManifestException line = assertThrows(InvalidManifestException.class,
                () -> read(RUN + "\n" + TASK.substring(0, 40)));
        assertEquals(true, line.getMessage().startsWith("test.json, line 2: not a JSON record: Unexpected end-of-input"),
                line.getMessage());
        InvalidManifestException record = assertThrows(InvalidManifestException.class,
                () -> read("[" + RUN + ",42]"));
        assertEquals("test.json, record 2: not a JSON object", record.getMessage());
        InvalidManifestException array = assertThrows(InvalidManifestException.class,
                () -> read("[" + RUN + "," + TASK.substring(0, 40)));
        assertEquals(true, array.getMessage().startsWith("test.json: not valid JSON: "), array.getMessage());
        InvalidManifestException message = assertThrows(InvalidManifestException.class,
                () -> new ManifestParser().accept("[1,2]", "stream s, event 3"));
        assertEquals("stream s, event 3: not a JSON object", message.getMessage());
    }

    @Test
    void aSecondRunRecordIsNamedWhereItIs() {
        String other = RUN.replace("run/2101313", "run/999");
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read("[" + RUN + "," + TASK + "," + other + "]"));
        assertEquals("test.json, record 3: a second run record (arn:aws:omics:us-west-2:123456789012:run/999) in the "
                + "manifest of arn:aws:omics:us-west-2:123456789012:run/2101313", e.getMessage());
    }

    @Test
    void problemsAreReportedInTheOrderOfTheRecordsValuesWhateverTheOrderOfItsKeys() {
        String task = "{\"metrics\":{\"runningSeconds\":-1},\"cpus\":\"many\",\"arn\":\"arn:aws:omics:r:1:task/5\"}";
        assertEquals("test.json, line 2: record arn:aws:omics:r:1:task/5: 'cpus' is 'many', not a number",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n" + task)).getMessage());
        String repeated = "{\"metrics\":{\"runningSeconds\":-1},\"arn\":\"arn:aws:omics:r:1:task/5\","
                + "\"metrics\":{\"runningSeconds\":1}}";
        assertEquals(1L, assertDoesNotThrow(() -> read(RUN + "\n" + repeated)).tasks().get(0).metrics().runningSeconds());
    }

    @Test
    void treesAreThoseOfTheObjectMapperAndRepeatedValuesAreShared() throws IOException {
        Manifest m = read(RUN + "\n" + TASK + "\n" + TASK.replace("7001", "7002"));
        assertEquals(JsonMapper.builder().build().readTree(RUN).get("parameters"), m.run().parameters());
        assertSame(m.tasks().get(0).run(), m.tasks().get(1).run());
        assertSame(m.tasks().get(0).instanceType(), m.tasks().get(1).instanceType());
        assertEquals(Double.class, m.tasks().get(0).metrics().cpusMaximum().getClass());
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
