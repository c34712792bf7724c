package io.omicsmonitor.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omicsmonitor.common.Json;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published-event markers (the function's one lake write) and its result: the bytes Json.MAPPER wrote. */
class PublishedEventsJsonTest {

    static void assertSameJson(Object value) throws IOException {
        byte[] expected = Json.MAPPER.writeValueAsBytes(value);
        byte[] actual = JsonWriter.toBytes(value);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);
        assertEquals(Json.MAPPER.writeValueAsString(value), JsonWriter.toString(value));
    }

    @Test
    void writesMarkersAndResultsAsTheMapperDid() throws IOException {
        assertSameJson(new PublishedEvents.Marker("2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12", "Run Status Change", "7382915",
                "OmicsMonitor", 6, Instant.parse("2026-11-24T12:00:00.123456Z")));
        assertSameJson(new PublishedEvents.Marker("e", "Run Analysis Completed", null, "Omics \"Monitor\" é", 0,
                Instant.parse("2026-11-24T12:00:00Z")));
        assertSameJson(new PublishedEvents.Marker(null, null, null, null, Integer.MAX_VALUE, null));
        assertSameJson(new CustomMetricsPublisher.Result("e", "OmicsMonitor", List.of("RunsCompleted", "RunDurationSeconds"),
                6, 1, null));
        assertSameJson(new CustomMetricsPublisher.Result("e", "OmicsMonitor", List.of(), 0, 0, "already published"));
    }
}
