package io.omicsmonitor.status;

import static io.omicsmonitor.local.SameJson.assertSameJson;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.events.TaskStatusChange;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The status tables' rows and the function's result: JsonWriter writes the bytes Json.MAPPER wrote. */
class StatusRowsJsonTest {

    static final EventReader READER = new EventReader(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

    @ParameterizedTest
    @ValueSource(strings = {"run-pending.json", "run-running.json", "run-completed.json", "run-completed-legacy.json",
            "run-cancelled.json", "run-failed.json", "task-completed.json"})
    void writesTheRowOfEverySampleEventAsTheMapperDid(String file) throws IOException {
        EventEnvelope<JsonNode> event = READER.read(SampleEvents.bytes(file));
        Object row = event.detailType().equals(DetailTypes.RUN_STATUS_CHANGE)
                ? RunStatusRecord.of(event.withDetail(RunStatusChange.from(event)))
                : TaskStatusRecord.of(event.withDetail(TaskStatusChange.from(event)), java.util.Optional.empty());
        assertSameJson(row);
        assertSameJson(new StatusEventRecorder.Result(event.id(), "s3://omics-lake/lake/x/" + event.id() + ".json", null));
    }

    @Test
    void writesEdgeRowsAsTheMapperDid() throws IOException {
        assertSameJson(new RunStatusRecord(null, null, null, null, null, null, null, null, null, null, null, null, null, false));
        assertSameJson(new RunStatusRecord("e", Instant.parse("2026-11-20T11:42:18.123456789Z"), "1", "r", "7", "arn",
                "u", "name \"quoted\" \\ \u0000 é 🧬\n", "FAILED", "", "", "s3://b/k", "1.0.0", true));
        assertSameJson(new RunStatusRecord("e", Instant.parse("2026-11-20T11:42:18.100Z"), "1", "r", "7", "arn", "u",
                "n", "RUNNING", "w", "wn", null, null, false));
        assertSameJson(new TaskStatusRecord(null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, false, null, null));
        assertSameJson(new TaskStatusRecord("e", Instant.EPOCH, "1", "r", "t", "arn", "FAILED", "7", "runArn", "u",
                "\u2028", "w", "wn", "1.0.0", true, "OUT_OF_MEMORY", "exit \"137\"\n"));
        assertSameJson(new WorkflowStatusRecord("e", Instant.EPOCH, "1", "r", "7", "arn", null, "v1", null, "DELETED",
                "1.0.0", false));
        assertSameJson(new SecurityEvent("e", Instant.EPOCH, "1", "r", "S3 Access Policy Status Change", "arn", "ACTIVE",
                null, "1.0.0", io.omicsmonitor.mapper.Json.MAPPER.createObjectNode().put("storeId", "1"), false));
        assertSameJson(new StatusEventRecorder.Result("e", "s3://b/k", "5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f"));
        assertSameJson(new StatusEventRecorder.Result(null, null, null));
    }
}
