package io.omicsmonitor.metrics;

import static io.omicsmonitor.local.SameJson.assertSameJson;

import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published-event markers (the function's one lake write) and its result: the bytes Json.MAPPER wrote. */
class PublishedEventsJsonTest {

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
