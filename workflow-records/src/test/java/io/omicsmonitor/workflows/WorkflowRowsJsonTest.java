package io.omicsmonitor.workflows;

import static io.omicsmonitor.local.SameJson.assertSameJson;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.omics.model.GetWorkflowResponse;
import software.amazon.awssdk.services.omics.model.GetWorkflowVersionResponse;
import software.amazon.awssdk.services.omics.model.WorkflowParameter;

/** The workflow tables' rows and the function's result: JsonWriter writes the bytes Json.MAPPER wrote. */
class WorkflowRowsJsonTest {

    static final EventReader READER = new EventReader(Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC));

    /** A recorded GetWorkflow answer, read through the SDK model's own builder (test code: the mapper is fine here). */
    static GetWorkflowResponse workflow(String file) throws IOException {
        return Json.MAPPER.readValue(SampleEvents.bytes("recorded/omics/" + file),
                GetWorkflowResponse.serializableBuilderClass()).build();
    }

    static GetWorkflowVersionResponse version(String file) throws IOException {
        return Json.MAPPER.readValue(SampleEvents.bytes("recorded/omics/" + file),
                GetWorkflowVersionResponse.serializableBuilderClass()).build();
    }

    static EventEnvelope<WorkflowStatusChange> event(String file) {
        EventEnvelope<JsonNode> event = READER.read(SampleEvents.bytes(file));
        return event.withDetail(WorkflowStatusChange.from(event));
    }

    @ParameterizedTest
    @ValueSource(strings = {"workflow-active.json", "workflow-version-active.json"})
    void writesTheRowsOfTheSampleEventsAndRecordedAnswersAsTheMapperDid(String file) throws IOException {
        EventEnvelope<WorkflowStatusChange> event = event(file);
        for (String recorded : new String[] {"get-workflow-4716932.json", "get-workflow-9500764.json"}) {
            GetWorkflowResponse workflow = workflow(recorded);
            assertTrue(workflow.hasParameterTemplate(), recorded);
            WorkflowRecord row = WorkflowRecord.of(event, workflow);
            assertSameJson(row);
            assertTrue(JsonWriter.toString(row).contains("\"parameter_template\":{\""), JsonWriter.toString(row));
            assertSameJson(WorkflowVersionRecord.of(event, workflow, version("get-workflow-version-4716932-v2.1.0.json")));
        }
        assertSameJson(new WorkflowRecorder.Result(event.id(), "4716932", "v2.1.0", "s3://b/w.json", "s3://b/v.json", null));
        assertSameJson(new WorkflowRecorder.Result(event.id(), "4716932", null, null, null, "not ACTIVE"));
    }

    @Test
    void writesEdgeRowsAsTheMapperDid() throws IOException {
        EventEnvelope<WorkflowStatusChange> event = event("workflow-version-active.json");
        // an answer with nothing in it: null maps and template, no times
        assertSameJson(WorkflowRecord.of(event, GetWorkflowResponse.builder().build()));
        assertSameJson(WorkflowVersionRecord.of(event, GetWorkflowResponse.builder().build(),
                GetWorkflowVersionResponse.builder().build()));
        // empty maps, a parameter without description or optional, odd text, nanos, a GPU workflow
        GetWorkflowResponse odd = GetWorkflowResponse.builder()
                .name("näme \"q\" \\ \u0000\n🧬").description("").type("PRIVATE").status("ACTIVE").engine("NEXTFLOW")
                .parameterTemplate(Map.of("z", WorkflowParameter.builder().build(),
                        "a", WorkflowParameter.builder().description("é").optional(true).build()))
                .metadata(Map.of()).tags(Map.of("b", "", "a", "1")).storageCapacity(0).accelerators("GPU")
                .creationTime(Instant.parse("2026-11-18T15:58:40.123456789Z")).build();
        assertSameJson(WorkflowRecord.of(event, odd));
        assertSameJson(WorkflowRecord.of(event, odd.toBuilder().parameterTemplate(Map.of()).build()));
    }
}
