package io.omicsmonitor.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which tasks the run cache served, and how long tasks and the run waited, as read from a manifest's times. */
class CallCacheTest {

    private static final String RUN = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\","
            + "\"creationTime\":\"2024-05-01T09:58:30.250Z\",\"startTime\":\"2024-05-01T10:00:00.000Z\","
            + "\"stopTime\":\"2024-05-01T11:00:00.000Z\",\"metrics\":{}}";
    /** Served from the cache: no times at all (healthomics.md §2), empty metrics. */
    private static final String CACHED = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7001\","
            + "\"name\":\"FastQC-0-0\",\"instanceType\":\"omics.c.large\",\"status\":\"COMPLETED\",\"metrics\":{}}";
    /** Ran: created, queued 95.5 s, started (a time without the Z: UTC), stopped. */
    private static final String RAN = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7002\","
            + "\"name\":\"BwaMem-0-1\",\"status\":\"COMPLETED\",\"creationTime\":\"2024-05-01T10:02:00.000Z\","
            + "\"startTime\":\"2024-05-01T10:03:35.5\",\"stopTime\":\"2024-05-01T10:30:00.000Z\",\"metrics\":{}}";
    /** Its run cancelled before it started: created, no start. Not from the cache (upstream's rule says it is). */
    private static final String NEVER_STARTED = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7003\","
            + "\"name\":\"Merge\",\"status\":\"CANCELLED\",\"creationTime\":\"2024-05-01T10:40:00.000Z\"}";
    /** Started earlier than BwaMem although listed after it: the run's first task start. */
    private static final String FIRST = "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/7004\","
            + "\"name\":\"Split\",\"status\":\"COMPLETED\",\"creationTime\":\"2024-05-01T10:00:10.000Z\","
            + "\"startTime\":\"2024-05-01T10:01:30.000Z\",\"stopTime\":\"2024-05-01T10:02:00.000Z\"}";

    private static Manifest read(String... lines) throws IOException {
        String text = String.join("\n", lines);
        return ManifestParser.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test.ndjson");
    }

    @Test
    void aTaskWithoutAnyTimeWasServedFromTheRunCache() throws IOException {
        Manifest m = read(RUN, CACHED, RAN, NEVER_STARTED, FIRST);

        assertTrue(m.tasks().get(0).callCached());
        assertFalse(m.tasks().get(1).callCached());
        assertFalse(m.tasks().get(2).callCached(), "created but cancelled before it started");
        assertFalse(m.tasks().get(3).callCached());
        assertEquals(1, m.cacheHits());
    }

    @Test
    void aTaskQueuedFromItsCreationToItsStart() throws IOException {
        Manifest m = read(RUN, CACHED, RAN, NEVER_STARTED, FIRST);

        assertNull(m.tasks().get(0).queuedSeconds(), "served from the cache: it never queued");
        assertEquals(95.5, m.tasks().get(1).queuedSeconds());
        assertNull(m.tasks().get(2).queuedSeconds(), "never started");
        assertEquals(80.0, m.tasks().get(3).queuedSeconds());
    }

    @Test
    void theRunQueuedFromItsCreationToItsFirstTaskStart() throws IOException {
        // created 09:58:30.250, Split started first at 10:01:30.000 (BwaMem, listed before it, at 10:03:35.5)
        assertEquals(179.75, read(RUN, CACHED, RAN, NEVER_STARTED, FIRST).queuedSeconds());
        assertNull(read(RUN, CACHED).queuedSeconds(), "every task from the cache: no task ever started");
        assertNull(read(RUN.replace("\"creationTime\":\"2024-05-01T09:58:30.250Z\",", ""), RAN).queuedSeconds(),
                "a run record without its creationTime");
        assertEquals(0, read(RUN, RAN).cacheHits());
    }
}
