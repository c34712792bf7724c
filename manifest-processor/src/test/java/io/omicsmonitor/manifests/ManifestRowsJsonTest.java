package io.omicsmonitor.manifests;

import static io.omicsmonitor.local.SameJson.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import io.omicsmonitor.manifest.TaskRecord;
import io.omicsmonitor.manifest.logs.RunAttribution;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/** The runs and tasks tables' rows and the function's result: JsonWriter writes the bytes Json.MAPPER wrote. */
class ManifestRowsJsonTest {

    static final EventReader READER = new EventReader(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @ParameterizedTest
    @CsvSource({"run-completed.json, 7382915", "run-cancelled.json, 8264019", "run-failed.json, 9103774"})
    void writesTheRowsOfEveryRecordedManifestAsTheMapperDid(String eventFile, String runId) throws IOException {
        EventEnvelope<JsonNode> envelope = READER.read(SampleEvents.bytes(eventFile));
        RunStatusChange change = RunStatusChange.from(envelope);
        Manifest manifest;
        try (InputStream in = Files.newInputStream(SampleEvents.path("recorded/logs/manifest-run-" + runId + ".ndjson"))) {
            manifest = ManifestParser.read(in, runId);
        }
        assertSameJson(RunRow.of(manifest, change, RunAttribution.UNKNOWN));
        assertSameJson(RunRow.of(manifest, change, RunAttribution.of(GetRunResponse.builder()
                .workflowVersionName("v2.1.0").runGroupId("5291847").priority(100).cacheId("8130264")
                .cacheBehavior("CACHE_ON_FAILURE").tags(Map.of("project", "germline-validation", "cost-center", "CC-4410"))
                .build())));
        assertTrue(manifest.tasks().size() > 5);
        for (TaskRecord task : manifest.tasks()) {
            assertSameJson(TaskRow.of(task, manifest.run()));
        }
        // the priming's form: all task rows as one JSON array
        assertSameJson(manifest.tasks().stream().map(task -> TaskRow.of(task, manifest.run())).toList());
        assertSameJson(new ManifestProcessor.Result(envelope.id(), runId, change.status().name(), "s3://b/r.json",
                "s3://b/t.json", manifest.tasks().size(), null));
    }

    @Test
    void writesEdgeRowsAsTheMapperDid() throws IOException {
        ObjectNode parameters = NODES.objectNode();
        parameters.put("sample", "NA12878 \"é\" \\ \u0000").put("threads", 16).put("big", 12345678901L)
                .put("huge", new BigInteger("123456789012345678901234567890")).put("ratio", 0.1 + 0.2)
                .put("tiny", 1e-7).put("far", 1e21).put("exact", new BigDecimal("1.50")).putNull("none").put("on", true);
        parameters.putArray("files").add("s3://a").add(NODES.objectNode()).add(NODES.arrayNode());
        Instant nanos = Instant.parse("2026-11-20T08:11:43.605123456Z");
        assertSameJson(new RunRow("1", "arn", "u", "n", "a", "r", "wa", "1", "wn", "PRIVATE", "WDL", "main.wdl", "d",
                "COMPLETED", "", "", "role", "me", "s3://o", parameters, NODES.objectNode(), NODES.arrayNode(), "STATIC",
                1200L, nanos, Instant.EPOCH, Instant.parse("2026-11-20T08:11:43Z"), 1236.142,
                new RunMetricsRow(new BigDecimal("1200.0"), 512.25, BigInteger.TWO, 3600), "v1", "5291847", 100, "8130264",
                "CACHE_ALWAYS", new TreeMap<>(Map.of("project", "p \"x\"", "cost-center", "", "é", "\u2028")), 734.5, 3));
        assertSameJson(new RunRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null));
        assertSameJson(new RunRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, NODES.nullNode(), null, null, null, 0, null, null, null, Double.NaN,
                new RunMetricsRow(null, null, null, null), null, null, null, null, null, Map.of(), Double.NaN, 0));
        assertSameJson(new TaskRow("1", "arn", "t", "tarn", "u", "name \u2028", "img", "sha256:x", "omics.c.large", 2,
                4.5, 0, "FAILED", "exit 137", "OOM", nanos, null, null, Double.POSITIVE_INFINITY,
                new TaskMetricsRow(2, 1.999999999, 2L, 0, 8, 3.27, 5.12, 1e-7), false, 131.728));
        assertSameJson(new TaskRow(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, new TaskMetricsRow(null, null, null, null, null, null, null, null), true,
                null));
        assertSameJson(List.of());
        assertSameJson(new ManifestProcessor.Result("e", "1", "RUNNING", null, null, null, "status RUNNING is not terminal"));
    }
}
