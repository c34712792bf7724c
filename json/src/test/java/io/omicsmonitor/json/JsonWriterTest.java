package io.omicsmonitor.json;

import static io.omicsmonitor.json.Mappers.MAPPER;
import static io.omicsmonitor.json.Mappers.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    enum Status { PENDING, RUNNING, COMPLETED }

    enum WithBodies {
        ONE { @Override public String toString() { return "one!"; } },
        TWO
    }

    /** The shape of the lake's rows: snake_case by strategy, some names spelled out, every kind of value. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Row(
            String eventId,
            Instant eventTime,
            String runOutputUri,
            boolean replay,
            Integer storageCapacity,
            Number cpus,
            @JsonProperty("memory_reserved_gib") Number memoryReservedGiB,
            Number storageReservedGiB,
            Double runningSeconds,
            double estimatedUsd,
            int taskCount,
            long bytes,
            JsonNode parameters,
            SortedMap<String, String> tags,
            List<String> missingPrices,
            Metrics metrics,
            Status status,
            Duration took,
            LocalDate day,
            String s3Uri,
            String gpuURLCount) {
    }

    /** Names spelled out, no strategy: as the metrics rows. */
    record Metrics(@JsonProperty("cpus_reserved") Number cpusReserved, @JsonProperty("running_seconds") Number runningSeconds) {
    }

    /** No annotation at all: the component names as they are, as the functions' results. */
    record Result(String eventId, String object, Integer taskCount, List<String> metrics, String skipped) {
    }

    static Row row(Instant time, Double seconds, JsonNode parameters, Number cpus) {
        SortedMap<String, String> tags = new TreeMap<>(Map.of("team", "genomics", "cost-center", "42", "é", "ü"));
        return new Row("3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23", time, "s3://bucket/out/", true, 1200, cpus,
                new BigDecimal("7.50"), 1.2e3, seconds, 0.1 + 0.2, 7, Long.MAX_VALUE, parameters, tags,
                List.of("omics.c.large", "omics.m.4xlarge"), new Metrics(2, 1e-7), Status.COMPLETED,
                Duration.ofMillis(90_061_001), LocalDate.of(2022, 10, 20), "s3://x", "n");
    }

    static JsonNode tree() {
        ObjectNode tree = NODES.objectNode();
        tree.put("int", 3).put("long", 1L << 40).put("double", 0.1 + 0.2).put("tiny", 1e-7).put("huge", 1e21)
                .put("nan", Double.NaN).put("inf", Double.NEGATIVE_INFINITY).put("float", 0.1f).put("short", (short) 7)
                .put("decimal", new BigDecimal("1.2300E+5")).put("bigint", new BigInteger("123456789012345678901234567890"))
                .put("text", "tab\t quote\" backslash\\ nul\u0000 line\u2028 é 日本 🧬").put("yes", true).putNull("none");
        tree.put("binary", new byte[] {0, 1, 2, (byte) 255});
        tree.putPOJO("pojo", Instant.parse("2022-10-20T22:07:35.120Z"));
        tree.putPOJO("pojoNull", null);
        ArrayNode array = tree.putArray("array");
        array.add(1).add("two").addNull().add(NODES.objectNode()).add(NODES.arrayNode()).add(MissingNode.getInstance());
        tree.putObject("nested").putObject("deeper").putArray("list").add(-0.0);
        return tree;
    }

    @Test
    void writesRowsAsTheMapperDoes() throws IOException {
        assertSameJson(row(Instant.parse("2022-10-20T22:07:35Z"), 3600.0, tree(), 4));
        assertSameJson(row(Instant.parse("2022-10-20T22:07:35.1Z"), null, null, 4L));
        assertSameJson(row(Instant.parse("2022-10-20T22:07:35.123456789Z"), Double.NaN, NODES.objectNode(), 2.5));
        assertSameJson(row(Instant.parse("2022-10-20T22:07:35.000001Z"), Double.POSITIVE_INFINITY, NODES.textNode("x"),
                new BigInteger("18446744073709551616")));
        assertSameJson(new Row(null, null, null, false, null, null, null, null, null, 0, 0, 0, null, null, null, null,
                null, null, null, null, null));
        assertSameJson(new Row("", Instant.EPOCH, "", false, 0, (short) 1, (byte) 2, 1e21f, -0.0, -1e-300, -1, -1,
                NODES.nullNode(), new TreeMap<>(), List.of(), new Metrics(null, null), Status.PENDING, Duration.ZERO,
                LocalDate.MIN, "", ""));
        assertSameJson(new Result("e-1", "s3://b/k.json", 3, List.of("RunsCompleted", "RunCostUsd"), null));
        assertSameJson(new Result("e-1", null, null, new ArrayList<>(), "status RUNNING is not terminal"));
        assertSameJson(List.of(new Result("a", "b", 1, List.of(), null), new Result("c", "d", 2, List.of("x"), "y")));
    }

    @Test
    void writesScalarsAsTheMapperDoes() throws IOException {
        for (Object value : new Object[] {null, "", "plain", "\u0000\u001f\u007f\"\\/\b\f\n\r\t", "é 日本 🧬 \u2028\u2029",
                true, false, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, (short) -3,
                (byte) 7, 0.0, -0.0, 0.1 + 0.2, 1e-7, 1e21, 1e22, 123456789012345680.0, 1.0, 100.0, 2.5e-5,
                Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                0.1f, 1e10f, Float.NaN, Float.MIN_VALUE, new BigDecimal("0.000001"), new BigDecimal("1E+3"),
                new BigDecimal("123.4500"), new BigDecimal("-0"), new BigDecimal("1e-10"), BigInteger.TEN.pow(40),
                'c', Status.RUNNING, WithBodies.ONE, WithBodies.TWO,
                Instant.EPOCH, Instant.ofEpochSecond(-1), Instant.ofEpochSecond(1666303655, 120_000_000),
                Instant.ofEpochSecond(1666303655, 1), Instant.parse("+10000-01-01T00:00:00Z"), Instant.MIN, Instant.MAX,
                Duration.ZERO, Duration.ofNanos(1), Duration.ofSeconds(-90, 5), Duration.ofDays(3).plusMillis(1),
                LocalDate.of(2024, 2, 29), LocalDate.of(-1, 1, 1), LocalDate.MAX}) {
            assertSameJson(value);
        }
    }

    @Test
    void writesTreesMapsAndArraysAsTheMapperDoes() throws IOException {
        assertSameJson(tree());
        assertSameJson(NODES.arrayNode().add(tree()).add(NODES.numberNode(1.5f)));
        assertSameJson(MissingNode.getInstance());
        assertSameJson(NODES.nullNode());

        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", "2026-11-24T12:00:00.123456Z");
        line.put("level", "INFO");
        line.put("status", Status.COMPLETED);
        line.put("tasks", 12);
        line.put("estimatedUsd", 0.1 + 0.2);
        line.put("resourceTypes", List.of("a", "b"));
        line.put("getRunFailed", false);
        line.put("nothing", null);
        line.put("nested", Map.of("k", List.of(1, 2L, 3.0)));
        line.put("row", new Metrics(1, 2));
        assertSameJson(line);
        assertSameJson(new TreeMap<>(Map.of(3, "three", 1, "one")));
        assertSameJson(new TreeMap<>(Map.of(3L, "three", 1L, "one")));
        EnumMap<Status, Integer> byStatus = new EnumMap<>(Status.class);
        byStatus.put(Status.RUNNING, 1);
        byStatus.put(Status.PENDING, 2);
        assertSameJson(byStatus);
        assertSameJson(new LinkedHashSet<>(List.of("z", "a")));
        assertSameJson(Arrays.asList("a", null, 1));
        assertSameJson(new int[] {1, -2});
        assertSameJson(new long[] {Long.MIN_VALUE});
        assertSameJson(new double[] {0.1, Double.NaN});
        assertSameJson(new float[] {0.5f});
        assertSameJson(new short[] {1});
        assertSameJson(new boolean[] {true, false});
        assertSameJson(new byte[] {0, 1, 2, 3, (byte) 254, (byte) 255, 64});
        assertSameJson(new byte[0]);
        assertSameJson(new char[] {'a', '"', 'é'});
        assertSameJson(new String[] {"a", null});
        assertSameJson(new Object[] {1, "two", null, Instant.EPOCH, List.of()});
    }

    @Test
    void writesRecordsOneAfterAnotherOnOneStreamLeavingItOpen() throws IOException {
        List<Object> rows = List.of(new Result("a", null, 1, List.of(), null), new Metrics(1.5, 2), tree());
        ByteArrayOutputStream mapper = new ByteArrayOutputStream();
        ByteArrayOutputStream writer = new ByteArrayOutputStream();
        for (Object row : rows) {
            MAPPER.writeValue(mapper, row);
            mapper.write('\n');
            JsonWriter.write(writer, row);
            writer.write('\n');
        }
        assertEquals(mapper.toString(StandardCharsets.UTF_8), writer.toString(StandardCharsets.UTF_8));
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Names(String runId, String storageReservedGiB, String s3Uri, String gpuURLCount, String a, String aB,
                 String already_snake, String ABC, @JsonProperty("explicit_wins") String renamedByStrategy,
                 @JsonProperty("") String emptyMeansDefault) {
    }

    record Unnamed(String runId, @JsonProperty("run_arn") String runArn) {
    }

    @Test
    void namesComponentsByJsonPropertyElseByTheSnakeCaseStrategyElseAsTheyAre() throws IOException {
        Names names = new Names("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        assertEquals("{\"run_id\":\"1\",\"storage_reserved_gi_b\":\"2\",\"s3_uri\":\"3\",\"gpu_urlcount\":\"4\",\"a\":\"5\","
                + "\"a_b\":\"6\",\"already_snake\":\"7\",\"abc\":\"8\",\"explicit_wins\":\"9\",\"empty_means_default\":\"10\"}",
                JsonWriter.toString(names));
        assertSameJson(names);
        assertEquals("{\"runId\":\"1\",\"run_arn\":\"arn\"}", JsonWriter.toString(new Unnamed("1", "arn")));
        assertSameJson(new Unnamed("1", "arn"));
    }

    record WithGetter(String runId) {
        public String getRunName() {
            return "extra";
        }
    }

    record WithIsGetter(String runId) {
        public boolean isFinished() {
            return true;
        }
    }

    record WithIgnore(@JsonIgnore String secret, String runId) {
    }

    @JsonNaming(PropertyNamingStrategies.KebabCaseStrategy.class)
    record Kebab(String runId) {
    }

    record HoldsOptional(Optional<String> name) {
    }

    enum Renamed { @JsonProperty("one") ONE }

    @Test
    void failsLoudlyNamingTheClassOnWhatItDoesNotWriteAsTheMapperWould() {
        assertFails(Optional.of("x"), "java.util.Optional");
        assertFails(new AtomicLong(1), "java.util.concurrent.atomic.AtomicLong");
        assertFails(new StringBuilder("x"), "java.lang.StringBuilder");
        assertFails(new java.util.Date(0), "java.util.Date");
        assertFails(new WithGetter("1"), WithGetter.class.getName(), "getRunName()");
        assertFails(new WithIsGetter("1"), WithIsGetter.class.getName(), "isFinished()");
        assertFails(new WithIgnore("s", "1"), WithIgnore.class.getName(), "@JsonIgnore");
        assertFails(new Kebab("1"), Kebab.class.getName(), "KebabCaseStrategy");
        assertFails(Renamed.ONE, Renamed.class.getName(), "@JsonProperty");
        // nested: the inner class is named, wherever it is
        assertFails(new HoldsOptional(Optional.empty()), "java.util.Optional");
        assertFails(List.of(Map.of("k", new Object())), "java.lang.Object");
        Map<Object, String> objectKey = new LinkedHashMap<>();
        objectKey.put(List.of(1), "v");
        assertFails(objectKey, "java.util.LinkedHashMap", "java.util.ImmutableCollections");
        Map<String, String> nullKey = new LinkedHashMap<>();
        nullKey.put(null, "v");
        assertFails(nullKey, "java.util.LinkedHashMap", "is null");
    }

    private static void assertFails(Object value, String... named) {
        JsonGenerationException e = assertThrows(JsonGenerationException.class, () -> JsonWriter.toBytes(value));
        for (String name : named) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertThrows(JsonGenerationException.class, () -> JsonWriter.toString(value));
        assertThrows(JsonGenerationException.class, () -> JsonWriter.write(new ByteArrayOutputStream(), value));
    }

    @Test
    void leavesNoHalfWrittenValueCompletedOnAFailure() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(JsonGenerationException.class, () -> JsonWriter.write(out, List.of("a", Optional.empty())));
        // what was generated before the failure may be flushed (as the mapper does) but is never closed into valid JSON
        assertTrue(!out.toString(StandardCharsets.UTF_8).endsWith("]"), out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void writesWhatItDoesNotKnowAsStringValueOfWhenLenient() throws IOException {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("message", "x");
        line.put("optional", Optional.of("y"));
        line.put("record", new WithGetter("1"));
        line.put("status", Status.RUNNING);
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JsonWriter.factory().createGenerator(text)) {
            JsonWriter.writeLenient(json, line);
        }
        assertEquals("{\"message\":\"x\",\"optional\":\"Optional[y]\",\"record\":\"WithGetter[runId=1]\","
                + "\"status\":\"RUNNING\"}", text.toString());
    }
}
