package io.omicsmonitor.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private static final String RUN = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\","
            + "\"uuid\":\"153893cd-097a-40ec-aec7-838a97cd2b21\",\"name\":\"wgs\",\"status\":\"COMPLETED\","
            + "\"storageCapacity\":1200,\"startTime\":\"2024-05-01T10:00:00.000Z\",\"stopTime\":\"2024-05-01T11:00:00.000\","
            + "\"parameters\":{\"sample\":\"NA12878\",\"threads\":8},"
            + "\"metrics\":{\"storageReservedGiB\":1200,\"storageMaximumGiB\":310.5,\"runningSeconds\":3600}}";
    private static final String TASK = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7001\","
            + "\"run\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"name\":\"BwaMem-0-1\","
            + "\"instanceType\":\"omics.m.xlarge\",\"cpus\":4,\"memory\":16,\"gpus\":0,"
            + "\"startTime\":\"2024-05-01T10:01:00.123456\",\"stopTime\":\"2024-05-01T10:31:00.5Z\","
            + "\"metrics\":{\"cpusReserved\":4,\"cpusMaximum\":3.25,\"memoryReservedGiB\":16,\"runningSeconds\":1800}}";
    private static final String CACHED = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7002\","
            + "\"name\":\"FastQC-0-0\",\"instanceType\":\"omics.c.large\",\"cpus\":2,\"memory\":4,\"metrics\":{}}";
    private static final String NO_METRICS = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7003\","
            + "\"name\":\"Merge\",\"cpus\":1,\"memory\":2}";

    private static Manifest read(String text) throws IOException {
        return ManifestParser.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void readsAJsonArrayWithTheRunRecordAnywhere() throws IOException {
        Manifest m = read("[" + TASK + ",\n" + RUN + "," + CACHED + "]");

        assertEquals("2101313", m.run().runId());
        assertEquals("wgs", m.run().name());
        assertEquals(2, m.tasks().size());
        assertEquals("7001", m.tasks().get(0).taskId());
        assertEquals("NA12878", m.run().parameters().get("sample").asText());
        assertEquals(8, m.run().parameters().get("threads").asInt());
    }

    @Test
    void readsNdjsonSkippingBlankLines() throws IOException {
        Manifest m = read(RUN + "\n\n" + TASK + "\r\n" + CACHED + "\n" + NO_METRICS + "\n");

        assertEquals(3, m.tasks().size());
        assertEquals("BwaMem-0-1", m.tasks().get(0).name());
        assertEquals("Merge", m.tasks().get(2).name());
    }

    @Test
    void keepsNumbersAsWritten() throws IOException {
        TaskRecord task = read(RUN + "\n" + TASK).tasks().get(0);

        assertEquals(4L, task.cpus());
        assertEquals(Long.class, task.metrics().cpusReserved().getClass());
        assertEquals(3.25, task.metrics().cpusMaximum());
        assertEquals(Double.class, task.metrics().cpusMaximum().getClass());
        assertNull(task.metrics().memoryMaximumGiB());
        assertEquals(310.5, read(RUN).run().metrics().storageMaximumGiB());
    }

    @Test
    void missingStorageTypeIsStatic() throws IOException {
        RunRecord run = read(RUN).run();

        assertNull(run.storageType());
        assertEquals("STATIC", run.effectiveStorageType());
        assertEquals(1200L, run.storageCapacity());
    }

    @Test
    void cachedTaskHasEmptyMetricsAndNoTimes() throws IOException {
        TaskRecord cached = read(RUN + "\n" + CACHED).tasks().get(0);

        assertEquals(Metrics.EMPTY, cached.metrics());
        assertNull(cached.startTime());
        assertNull(cached.stopTime());
    }

    @Test
    void taskWithoutMetricsKeyHasNullMetrics() throws IOException {
        TaskRecord task = read(RUN + "\n" + NO_METRICS).tasks().get(0);

        assertNull(task.metrics());
        assertEquals(1L, task.cpus());
    }

    @Test
    void timesAreEchoedAsWrittenAndReadAsUtc() throws IOException {
        Manifest m = read(RUN + "\n" + TASK);

        assertEquals("2024-05-01T11:00:00.000", m.run().stopTime());
        assertEquals(Instant.parse("2024-05-01T11:00:00Z"), ManifestTimes.parse(m.run().stopTime()));
        assertEquals(Instant.parse("2024-05-01T10:01:00.123456Z"), ManifestTimes.parse(m.tasks().get(0).startTime()));
        assertEquals(Instant.parse("2024-05-01T10:31:00.500Z"), ManifestTimes.parse(m.tasks().get(0).stopTime()));
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"), ManifestTimes.parse("2024-05-01T10:00:00+00:00"));
        assertNull(ManifestTimes.parse(null));
    }

    @Test
    void aLineThatIsNotJsonIsNamedInTheError() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read(RUN + "\n" + TASK + "\nSTART RequestId: 42\n"));

        assertTrue(e.getMessage().contains("test.json, line 3"), e.getMessage());
    }

    @Test
    void aRecordWithoutAnOmicsArnIsRejected() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read(RUN + "\n{\"arn\":\"arn:aws:s3:::bucket/key\"}"));

        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        assertTrue(e.getMessage().contains("arn:aws:s3:::bucket/key"), e.getMessage());
    }

    @Test
    void noRunRecordIsIncomplete() {
        IncompleteManifestException e = assertThrows(IncompleteManifestException.class,
                () -> read(TASK + "\n" + CACHED));

        assertTrue(e.getMessage().contains("2 task records"), e.getMessage());
    }

    @Test
    void twoDifferentRunRecordsAreRejected() {
        String other = RUN.replace("run/2101313", "run/999");

        assertThrows(InvalidManifestException.class, () -> read(RUN + "\n" + other));
    }

    @Test
    void anUnreadableTimeIsAnInvalidManifest() {
        assertThrows(InvalidManifestException.class, () -> ManifestTimes.parse("yesterday"));
        assertThrows(InvalidManifestException.class, () -> ManifestTimes.parse("2024-02-30T10:00:00Z"));
    }

    @Test
    void theHandReadShapesAgreeWithIso8601() {
        String[] times = {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00", "2024-05-01T10:00:00.1Z",
            "2024-05-01T10:00:00.123", "2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.123456789",
            "2024-12-31T23:59:59.999999Z"};
        for (String t : times) {
            String utc = t.endsWith("Z") ? t : t + "Z";
            assertEquals(Instant.parse(utc), ManifestTimes.parse(t), t);
        }
        // offsets take the formatter path: +00:00 is UTC, and another offset is honoured
        assertEquals(Instant.parse("2024-05-01T08:00:00Z"), ManifestTimes.parse("2024-05-01T10:00:00+02:00"));
    }

    @Test
    void messagesCanBeFedOneByOne() {
        ManifestParser parser = new ManifestParser();
        parser.accept(TASK, "event 1");
        assertTrue(!parser.hasRunRecord());
        parser.accept(RUN, "event 2");

        assertTrue(parser.hasRunRecord());
        assertEquals(1, parser.taskCount());
        assertEquals("2101313", parser.manifest("stream").run().runId());
    }
    @Test
    void aTaskWithANegativeMetricIsRejectedNamingTheRunTheTaskAndTheField() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read(RUN + "\n" + TASK.replace("\"cpusMaximum\":3.25", "\"cpusMaximum\":-4")));

        assertEquals("test.json, line 2: run 2101313, task arn:aws:omics:us-west-2:123456789012:task/7001: "
                + "'metrics.cpusMaximum' is -4, expected a number from 0 to 1000", e.getMessage());
    }

    @Test
    void anAbsurdMetricIsRejectedAsWrittenWhateverItsForm() {
        assertEquals("test.json, line 2: run 2101313, task arn:aws:omics:us-west-2:123456789012:task/7001: "
                        + "'metrics.memoryReservedGiB' is 1.0E12, expected a number from 0 to 10000",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n"
                        + TASK.replace("\"memoryReservedGiB\":16", "\"memoryReservedGiB\":1.0E12"))).getMessage());
        assertEquals("test.json, line 2: run 2101313, task arn:aws:omics:us-west-2:123456789012:task/7001: "
                        + "'metrics.runningSeconds' is \"NaN\", expected a number from 0 to 31622400",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n"
                        + TASK.replace("\"runningSeconds\":1800", "\"runningSeconds\":\"NaN\""))).getMessage());
        assertEquals("test.json, line 2: run 2101313, task arn:aws:omics:us-west-2:123456789012:task/7001: "
                        + "'metrics.gpusReserved' is \"Infinity\", expected a number from 0 to 64",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n"
                        + TASK.replace("\"cpusReserved\":4", "\"gpusReserved\":\"Infinity\""))).getMessage());
    }

    @Test
    void aRunWithAnAbsurdMetricIsRejectedNamingTheRun() {
        InvalidManifestException e = assertThrows(InvalidManifestException.class,
                () -> read(RUN.replace("\"storageMaximumGiB\":310.5", "\"storageMaximumGiB\":2000000") + "\n" + TASK));

        assertEquals("test.json, line 1: run 2101313 (arn:aws:omics:us-west-2:123456789012:run/2101313): "
                + "'metrics.storageMaximumGiB' is 2000000, expected a number from 0 to 1000000", e.getMessage());
    }

    @Test
    void aTaskWithoutItsRunFieldIsNamedByTheRunRecordReadBeforeIt() {
        String bad = CACHED.replace("\"metrics\":{}", "\"metrics\":{\"runningSeconds\":-60}");

        assertEquals("test.json, line 2: run 2101313, task arn:aws:omics:us-west-2:123456789012:task/7002: "
                        + "'metrics.runningSeconds' is -60, expected a number from 0 to 31622400",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n" + bad)).getMessage());
        assertEquals("test.json, record 1: run (not named in the task record), task "
                        + "arn:aws:omics:us-west-2:123456789012:task/7002: 'metrics.runningSeconds' is -60, "
                        + "expected a number from 0 to 31622400",
                assertThrows(InvalidManifestException.class, () -> read("[" + bad + "," + RUN + "]")).getMessage());
    }

    @Test
    void aMetricThatIsNotANumberNamesTheRecordAndTheField() throws IOException {
        assertEquals("test.json, line 2: record arn:aws:omics:us-west-2:123456789012:task/7001: "
                        + "'metrics.cpusMaximum' is 'lots', not a number",
                assertThrows(InvalidManifestException.class, () -> read(RUN + "\n"
                        + TASK.replace("\"cpusMaximum\":3.25", "\"cpusMaximum\":\"lots\""))).getMessage());
        assertEquals(4L, read(RUN + "\n" + TASK.replace("\"cpus\":4", "\"cpus\":\"4\"")).tasks().get(0).cpus());
        assertEquals(-1.5e3, read(RUN + "\n" + TASK.replace("\"memory\":16", "\"memory\":\"-1.5e3\"")).tasks().get(0).memory());
    }

    @Test
    void theBoundsThemselvesAreAccepted() throws IOException {
        String edge = TASK.replace("\"cpusReserved\":4,\"cpusMaximum\":3.25,\"memoryReservedGiB\":16,\"runningSeconds\":1800",
                "\"cpusReserved\":1000,\"cpusMaximum\":0,\"gpusReserved\":64,\"memoryReservedGiB\":10000,"
                        + "\"runningSeconds\":31622400");

        Metrics m = read(RUN + "\n" + edge).tasks().get(0).metrics();

        assertEquals(1000L, m.cpusReserved());
        assertEquals(0L, m.cpusMaximum());
        assertEquals(31622400L, m.runningSeconds());
    }
}
