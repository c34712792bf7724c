package io.omicsmonitor.workflows;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.FlakyS3;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;

import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.omics.model.ResourceNotFoundException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The workflow recorder end to end: sample events in, Omics answered by a local stub in the service's JSON shape
 * through the real SDK client, objects read back from a real S3 server.
 */
class WorkflowRecorderTest {

    static final String BUCKET = "omics-lake";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    static final String WORKFLOW_KEY = "lake/workflows/year=2026/month=11/day=18/4716932.json";
    static final String VERSION_KEY = "lake/workflow_versions/year=2026/month=11/day=19/4716932_v2.1.0.json";

    static LocalS3 s3;
    static ApiStub omics;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        omics = new ApiStub();
    }

    @AfterAll
    static void stop() {
        omics.close();
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndStub() {
        s3.resetTo(BUCKET);
        omics.reset();
        // Exact URLs: a request with a wrong or missing type / owner id finds no answer and fails the test.
        answer("/workflow/4716932?type=PRIVATE", "get-workflow-4716932.json");
        answer("/workflow/4716932/version/v2.1.0?type=PRIVATE", "get-workflow-version-4716932-v2.1.0.json");
    }

    static WorkflowRecorder recorder(URI s3Endpoint) {
        Env env = new Env(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake"));
        return new WorkflowRecorder(env, LocalAws.clients(Map.of("s3", s3Endpoint, "omics", omics.endpoint())), NOW);
    }

    static JsonNode invoke(WorkflowRecorder recorder, byte[] event) {
        return LocalLambda.invoke(recorder, event);
    }

    @Test
    void writesTheWorkflowExactlyUnderItsCreationDate() {
        JsonNode result = invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-active.json"));

        assertEquals(List.of(WORKFLOW_KEY), s3.keys(BUCKET));
        assertEquals("s3://" + BUCKET + "/" + WORKFLOW_KEY, result.get("workflowObject").asText());
        assertTrue(result.get("versionObject").isNull());
        assertEquals("application/x-ndjson", s3.contentType(BUCKET, WORKFLOW_KEY));
        assertEquals("{\"workflow_id\":\"4716932\","
                + "\"workflow_arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\","
                + "\"workflow_uuid\":\"c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f\","
                + "\"name\":\"germline-wgs-gatk4\","
                + "\"description\":\"GATK4 best-practices germline short variants for 30x WGS\","
                + "\"type\":\"PRIVATE\",\"owner_account\":\"123456789012\",\"status\":\"ACTIVE\",\"status_message\":null,"
                + "\"engine\":\"WDL\",\"main\":\"main.wdl\","
                + "\"digest\":\"sha256:8c1f0e5b7d3a92c4e6f1a0b8d7c5e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6\","
                + "\"parameter_template\":{"
                + "\"fastq_r1\":{\"description\":\"Read 1 FASTQ (S3 URI)\",\"optional\":false},"
                + "\"fastq_r2\":{\"description\":\"Read 2 FASTQ (S3 URI)\",\"optional\":false},"
                + "\"intervals\":{\"description\":\"Calling intervals (BED); whole genome when absent\",\"optional\":true},"
                + "\"ref_fasta\":{\"description\":\"Reference genome FASTA\",\"optional\":false},"
                + "\"sample_name\":{\"description\":\"Sample name, used in output file names\",\"optional\":false}},"
                + "\"storage_type\":\"DYNAMIC\",\"storage_capacity\":null,\"accelerators\":null,\"metadata\":null,"
                + "\"tags\":{\"cost-center\":\"CC-4410\",\"team\":\"genomics-platform\"},"
                + "\"creation_time\":\"2026-11-18T15:58:40.127Z\","
                + "\"account\":\"123456789012\",\"region\":\"us-west-2\","
                + "\"event_id\":\"718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67\",\"event_time\":\"2026-11-18T16:02:11Z\","
                + "\"replay\":false}\n", s3.read(BUCKET, WORKFLOW_KEY));
    }

    @Test
    void writesTheWorkflowAndTheVersionTheEventNames() throws IOException {
        JsonNode result = invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-version-active.json"));

        assertEquals(List.of(VERSION_KEY, WORKFLOW_KEY), s3.keys(BUCKET));
        assertEquals("s3://" + BUCKET + "/" + VERSION_KEY, result.get("versionObject").asText());
        assertEquals("v2.1.0", result.get("versionName").asText());
        JsonNode version = Json.MAPPER.readTree(s3.read(BUCKET, VERSION_KEY));
        assertEquals("4716932", version.get("workflow_id").asText());
        assertEquals("v2.1.0", version.get("version_name").asText());
        assertEquals("arn:aws:omics:us-west-2:123456789012:workflow/4716932/version/v2.1.0", version.get("version_arn").asText());
        assertEquals("d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f60", version.get("version_uuid").asText());
        assertEquals("germline-wgs-gatk4", version.get("workflow_name").asText());
        assertEquals("sha256:1d9e4a7c0b3f62e8d5a1c4b7e0f3a6d9c2b5e8f1a4d7c0b3e6f9a2d5c8b1e4f7", version.get("digest").asText());
        assertEquals("STATIC", version.get("storage_type").asText());
        assertEquals(1200, version.get("storage_capacity").numberValue());
        assertEquals("{\"description\":\"Apply DRAGEN-GATK hard filters\",\"optional\":true}",
                version.get("parameter_template").get("hard_filter").toString());
        assertEquals("2026-11-19T10:41:02.508Z", version.get("creation_time").asText());
        assertEquals("8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078", version.get("event_id").asText());
        // The workflow row is refreshed by the version's event, in place: same key, this event's id.
        assertEquals("8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078",
                Json.MAPPER.readTree(s3.read(BUCKET, WORKFLOW_KEY)).get("event_id").asText());
    }

    @Test
    void neverStoresThePresignedDefinitionUrl() {
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-version-active.json"));

        for (String key : List.of(WORKFLOW_KEY, VERSION_KEY)) {
            String body = s3.read(BUCKET, key);
            assertFalse(body.contains("definition"), body);
            assertFalse(body.contains("X-Amz-Signature"), body);
        }
    }

    @Test
    void aReplayedEventLeavesTheSameObjectsWithTheSameBytes() {
        WorkflowRecorder recorder = recorder(s3.endpoint());
        invoke(recorder, SampleEvents.bytes("workflow-version-active.json"));
        String workflow = s3.read(BUCKET, WORKFLOW_KEY);
        String version = s3.read(BUCKET, VERSION_KEY);
        invoke(recorder, SampleEvents.bytes("workflow-version-active.json"));

        assertEquals(List.of(VERSION_KEY, WORKFLOW_KEY), s3.keys(BUCKET));
        assertEquals(workflow, s3.read(BUCKET, WORKFLOW_KEY));
        assertEquals(version, s3.read(BUCKET, VERSION_KEY));
    }

    @Test
    void anotherEventForTheWorkflowOnAnotherDayOverwritesTheSameObject() {
        WorkflowRecorder recorder = recorder(s3.endpoint());
        invoke(recorder, SampleEvents.bytes("workflow-active.json"));
        invoke(recorder, mutate("workflow-active.json", e -> e.put("id", "a1b2c3d4-0000-4000-8000-000000000001")
                .put("time", "2026-11-23T09:00:00Z")));

        assertEquals(List.of(WORKFLOW_KEY), s3.keys(BUCKET));
    }

    @Test
    void readsAReady2RunWorkflowByItsType() throws IOException {
        answer("/workflow/9500764?type=READY2RUN", "get-workflow-9500764.json");
        byte[] event = mutate("workflow-active.json", e -> {
            ((ObjectNode) e.get("detail")).put("arn", "arn:aws:omics:us-west-2::workflow/9500764").remove("workflowUuid");
            e.putArray("resources").add("arn:aws:omics:us-west-2::workflow/9500764");
        });
        invoke(recorder(s3.endpoint()), event);

        String key = "lake/workflows/year=2023/month=11/day=29/9500764.json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, key));
        assertEquals("READY2RUN", row.get("type").asText());
        assertEquals("GATK-BP Germline fq2vcf for 30x genome", row.get("name").asText());
        assertEquals("0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", row.get("workflow_uuid").asText());
        assertTrue(row.get("owner_account").isNull(), "AWS owns READY2RUN workflows");
        assertEquals("123456789012", row.get("account").asText());
        assertEquals("{\"license\":\"Apache-2.0\"}", row.get("metadata").toString());
    }

    @Test
    void readsASharedWorkflowAndVersionWithTheOwnersAccount() throws IOException {
        omics.reset();
        answer("/workflow/4716932?type=PRIVATE&workflowOwnerId=210987654321", "get-workflow-4716932.json");
        answer("/workflow/4716932/version/v2.1.0?type=PRIVATE&workflowOwnerId=210987654321",
                "get-workflow-version-4716932-v2.1.0.json");
        byte[] event = mutate("workflow-version-active.json",
                e -> ((ObjectNode) e.get("detail")).put("arn", "arn:aws:omics:us-west-2:210987654321:workflow/4716932"));
        invoke(recorder(s3.endpoint()), event);

        assertEquals(List.of(VERSION_KEY, WORKFLOW_KEY), s3.keys(BUCKET));
        assertEquals("210987654321", Json.MAPPER.readTree(s3.read(BUCKET, WORKFLOW_KEY)).get("owner_account").asText());
        assertEquals("210987654321", Json.MAPPER.readTree(s3.read(BUCKET, VERSION_KEY)).get("owner_account").asText());
        assertEquals("123456789012", Json.MAPPER.readTree(s3.read(BUCKET, VERSION_KEY)).get("account").asText());
    }

    @Test
    void readsTheVersionNamedByAVersionArn() {
        byte[] event = mutate("workflow-version-active.json", e -> ((ObjectNode) e.get("detail"))
                .put("arn", "arn:aws:omics:us-west-2:123456789012:workflow/4716932/version/v2.1.0")
                .remove("workflowVersionName"));
        invoke(recorder(s3.endpoint()), event);

        assertEquals(List.of(VERSION_KEY, WORKFLOW_KEY), s3.keys(BUCKET));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATING", "UPDATING", "FAILED", "INACTIVE", "DELETED"})
    void recordsNothingForAStatusOtherThanActive(String status) {
        byte[] event = mutate("workflow-active.json", e -> ((ObjectNode) e.get("detail")).put("status", status));
        JsonNode result = invoke(recorder(s3.endpoint()), event);

        assertEquals("status " + status + ": only ACTIVE workflows are recorded", result.get("skipped").asText());
        assertTrue(result.get("workflowObject").isNull());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, omicsRequests().size());
    }

    @Test
    void failsOnAnEventWithoutDetailAndWritesNothing() {
        byte[] event = mutate("workflow-active.json", e -> e.remove("detail"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67: field 'detail' is missing or empty", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, omicsRequests().size());
    }

    @Test
    void failsOnADetailTypeItDoesNotHandle() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-completed.json")));
        assertEquals("event 2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12: detail-type 'Run Status Change' is not one this "
                + "function handles [Workflow Status Change]", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void failsOnAnUnparseableTime() {
        byte[] event = mutate("workflow-active.json", e -> e.put("time", "2026-11-18 16:02"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67: field 'time' is '2026-11-18 16:02', expected an "
                + "ISO-8601 time with a zone, like 2022-10-20T22:07:35Z", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, omicsRequests().size());
    }

    @Test
    void failsOnAnArnThatIsNotAWorkflows() {
        byte[] event = mutate("workflow-active.json", e -> ((ObjectNode) e.get("detail"))
                .put("arn", "arn:aws:omics:us-west-2:123456789012:run/7382915"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67: field 'detail.arn' is a HealthOmics run ARN, "
                + "expected a workflow ARN", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void failsOnAVersionNameThatCannotNameAnObject() {
        byte[] event = mutate("workflow-version-active.json",
                e -> ((ObjectNode) e.get("detail")).put("workflowVersionName", "v2..1"));

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6078: workflow version name 'v2..1' contains '..', "
                + "which cannot be part of a lake object name", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, omicsRequests().size());
    }

    @Test
    void failsAndWritesNothingWhenGetWorkflowFails() {
        omics.reset();
        omics.server().stubFor(get(urlEqualTo("/workflow/4716932?type=PRIVATE")).willReturn(aResponse().withStatus(404)
                .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Workflow 4716932 not found\"}")));

        ResourceNotFoundException e = assertThrows(ResourceNotFoundException.class,
                () -> invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-active.json")));
        assertTrue(e.getMessage().startsWith("Workflow 4716932 not found"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void writesNeitherRowWhenGetWorkflowVersionFails() {
        omics.reset();
        answer("/workflow/4716932?type=PRIVATE", "get-workflow-4716932.json");
        omics.server().stubFor(get(urlEqualTo("/workflow/4716932/version/v2.1.0?type=PRIVATE")).willReturn(aResponse()
                .withStatus(404).withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"Workflow version v2.1.0 not found\"}")));

        assertThrows(ResourceNotFoundException.class,
                () -> invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-version-active.json")));
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void retriesAnS3ErrorAndThenSucceeds() {
        try (FlakyS3 flaky = new FlakyS3(s3.endpoint()).failPuts(1, 500)) {
            invoke(recorder(flaky.endpoint()), SampleEvents.bytes("workflow-active.json"));

            assertEquals(2, flaky.putAttempts());
            assertEquals(List.of(WORKFLOW_KEY), s3.keys(BUCKET));
        }
    }

    @Test
    void failsTheInvocationWhenS3FailsForGood() {
        try (FlakyS3 flaky = new FlakyS3(s3.endpoint()).failAllPuts(500)) {
            S3Exception e = assertThrows(S3Exception.class,
                    () -> invoke(recorder(flaky.endpoint()), SampleEvents.bytes("workflow-active.json")));

            assertEquals(500, e.statusCode());
            assertEquals(4, flaky.putAttempts(), "the SDK's retries (4 attempts for S3), then the invocation fails");
            assertEquals(List.of(), s3.keys(BUCKET));
        }
    }

    @Test
    void theResultNamesWhatWasRecorded() {
        JsonNode result = invoke(recorder(s3.endpoint()), SampleEvents.bytes("workflow-active.json"));

        assertEquals("718293a4-b5c6-d7e8-f90a-1b2c3d4e5f67", result.get("eventId").asText());
        assertEquals("4716932", result.get("workflowId").asText());
        assertTrue(result.get("versionName").isNull());
        assertNull(result.get("skipped").textValue());
    }

    @Test
    void primingForSnapStartSendsNothingAndLeavesTheRecorderWorking() {
        WorkflowRecorder recorder = recorder(s3.endpoint());
        recorder.prime();

        assertEquals(List.of(), s3.keys(BUCKET), "priming writes nothing");
        assertEquals(List.of(), omicsRequests(), "priming sends no Omics request");
        invoke(recorder, SampleEvents.bytes("workflow-version-active.json"));
        assertEquals(2, s3.keys(BUCKET).size());
    }

    private static void answer(String url, String recorded) {
        omics.server().stubFor(get(urlEqualTo(url)).willReturn(okJson(
                new String(SampleEvents.bytes("recorded/omics/" + recorded), StandardCharsets.UTF_8))));
    }

    private static List<LoggedRequest> omicsRequests() {
        return omics.server().findAll(anyRequestedFor(anyUrl()));
    }

    private static byte[] mutate(String sample, Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(SampleEvents.bytes(sample));
            change.accept(event);
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
