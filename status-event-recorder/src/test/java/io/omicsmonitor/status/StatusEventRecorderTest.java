package io.omicsmonitor.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.omicsmonitor.local.SnsPublishes;

import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The status recorder end to end: sample events in, objects read back from a real S3 server, alerts read back from
 * the SNS wire requests the real SDK client sent to a local stub.
 */
class StatusEventRecorderTest {

    static final String BUCKET = "omics-lake";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final String WARNING_TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-warnings";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    static LocalS3 s3;
    static ApiStub apis;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        apis = new ApiStub();
    }

    @AfterAll
    static void stop() {
        apis.close();
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndStub() {
        s3.resetTo(BUCKET);
        apis.reset();
        apis.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    static StatusEventRecorder recorder(URI s3Endpoint) {
        Map<String, String> variables = new java.util.HashMap<>(LocalAws.alertVariables(TOPIC, WARNING_TOPIC));
        variables.putAll(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake"));
        Env env = new Env(variables);
        return new StatusEventRecorder(env,
                LocalAws.clients(Map.of("s3", s3Endpoint, "omics", apis.endpoint(), "sns", apis.endpoint())), NOW);
    }

    static JsonNode invoke(StatusEventRecorder recorder, byte[] event) {
        return LocalLambda.invoke(recorder, event);
    }

    @ParameterizedTest
    @CsvSource({
        "run-pending.json,   day=20, 0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f0, PENDING,   7382915",
        "run-running.json,   day=20, 1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901, RUNNING,   7382915",
        "run-completed.json, day=20, 2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12, COMPLETED, 7382915",
        "run-cancelled.json, day=22, 4e5f6071-8293-a4b5-c6d7-e8f90a1b2c34, CANCELLED, 8264019",
        "run-failed.json,    day=21, 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23, FAILED,    9103774",
    })
    void recordsEachRunSampleEventUnderItsEventDate(String file, String day, String eventId, String status, String runId)
            throws IOException {
        stubGetRun();
        JsonNode result = invoke(recorder(s3.endpoint()), SampleEvents.bytes(file));

        String key = "lake/run_status_events/year=2026/month=11/" + day + "/" + eventId + ".json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        assertEquals("s3://" + BUCKET + "/" + key, result.get("object").asText());
        assertEquals("application/x-ndjson", s3.contentType(BUCKET, key));
        String body = s3.read(BUCKET, key);
        assertTrue(body.endsWith("}\n") && body.indexOf('\n') == body.length() - 1, "one JSON line: " + body);
        JsonNode row = Json.MAPPER.readTree(body);
        assertEquals(eventId, row.get("event_id").asText());
        assertEquals(status, row.get("status").asText());
        assertEquals(runId, row.get("run_id").asText());
    }

    @Test
    void writesTheCompletedRunExactly() {
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-completed.json"));

        assertEquals("{\"event_id\":\"2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12\",\"event_time\":\"2026-11-20T11:42:18Z\","
                        + "\"account\":\"123456789012\",\"region\":\"us-west-2\",\"run_id\":\"7382915\","
                        + "\"run_arn\":\"arn:aws:omics:us-west-2:123456789012:run/7382915\","
                        + "\"run_uuid\":\"5f2b8a1e-3c4d-4e6f-9a7b-1c2d3e4f5a6b\",\"run_name\":\"NA12878-germline-wgs\","
                        + "\"status\":\"COMPLETED\",\"workflow_id\":\"4716932\",\"workflow_name\":\"germline-wgs-gatk4\","
                        + "\"run_output_uri\":\"s3://genomics-results-123456789012/omics-runs/7382915\","
                        + "\"omics_version\":\"1.0.0\",\"replay\":false}\n",
                s3.read(BUCKET, "lake/run_status_events/year=2026/month=11/day=20/2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12.json"));
        assertEquals(0, apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount(),
                "no alert for a completed run");
    }

    @Test
    void takesTheRunIdFromTheArnOfAnOlderEvent() throws IOException {
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-completed-legacy.json"));

        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET,
                "lake/run_status_events/year=2022/month=10/day=20/5f607182-93a4-b5c6-d7e8-f90a1b2c3d45.json"));
        assertEquals("2101313", row.get("run_id").asText());
        assertEquals("COMPLETED", row.get("status").asText());
        assertTrue(row.get("run_name").isNull());
        assertTrue(row.get("workflow_id").isNull());
    }

    @Test
    void recordsTaskStatusChangesInTheirOwnTable() throws IOException {
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("task-completed.json"));

        String key = "lake/task_status_events/year=2026/month=11/day=20/60718293-a4b5-c6d7-e8f9-0a1b2c3d4e56.json";
        assertEquals(List.of(key), s3.keys(BUCKET));
        JsonNode row = Json.MAPPER.readTree(s3.read(BUCKET, key));
        assertEquals("4402781", row.get("task_id").asText());
        assertEquals("arn:aws:omics:us-west-2:123456789012:task/4402781", row.get("task_arn").asText());
        assertEquals("7382915", row.get("run_id").asText());
        assertEquals("arn:aws:omics:us-west-2:123456789012:run/7382915", row.get("run_arn").asText());
        assertEquals("COMPLETED", row.get("status").asText());
    }

    @Test
    void aReplayedEventLeavesOneObjectWithTheSameBytes() {
        StatusEventRecorder recorder = recorder(s3.endpoint());
        invoke(recorder, SampleEvents.bytes("run-running.json"));
        String key = s3.keys(BUCKET).get(0);
        String first = s3.read(BUCKET, key);
        invoke(recorder, SampleEvents.bytes("run-running.json"));

        assertEquals(List.of(key), s3.keys(BUCKET));
        assertEquals(first, s3.read(BUCKET, key));
    }

    @Test
    void alertsAFailedRunWithGetRunsDetails() {
        stubGetRun();
        JsonNode result = invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-failed.json"));

        assertEquals("5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f", result.get("alertMessageId").asText());
        SnsPublishes publish = onlyPublish();
                assertEquals(TOPIC, publish.topicArn(), "priority 100, at CRITICAL_RUN_PRIORITY: critical");
        assertEquals("[CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)", publish.subject());
        assertEquals("""
                HealthOmics run 9103774 "HG002-somatic-tumor-normal" FAILED.

                Workflow:       somatic-mutect2 (5829046)
                Failure reason: OUT_OF_MEMORY
                Status message: Task Mutect2_scatter-3-1 failed: container exited with code 137
                Started:        2026-11-21T13:07:12.480Z
                Stopped:        2026-11-21T14:27:41.903Z
                Duration:       1h 20m 29s
                Output:         s3://genomics-results-123456789012/omics-runs/9103774
                Manifest log:   /aws/omics/WorkflowLog, stream manifest/run/9103774/9e8d7c6b-5a49-4838-9271-6a5b4c3d2e1f
                Console:        https://us-west-2.console.aws.amazon.com/omics/home?region=us-west-2#/runs/9103774
                Run ARN:        arn:aws:omics:us-west-2:123456789012:run/9103774
                Event:          3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23 at 2026-11-21T14:27:55Z

                Acknowledge it within 30 minutes, or it is sent again to the critical topic as an escalation:
                  omics-monitor ack 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23 --stack omics-monitor --region us-west-2
                or in the chat channel:
                  @Amazon Q lambda invoke --function-name omics-monitor-AlertAckFunction-L0c4lAck --region us-west-2 --payload {"alertId": "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23"}
                """, publish.email());
        assertEquals(publish.email(), publish.text(), "other protocols (the escalation function) read the same text");
        assertEquals(Map.of("severity", "critical", "alertId", "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23",
                "category", "failure", "status", "FAILED", "runId", "9103774", "workflowId", "5829046", "priority", "100"),
                publish.attributes());
        assertEquals("json", publish.messageStructure());
        JsonNode card = publish.chat().path("content");
        assertEquals(":red_circle: [CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)",
                card.path("title").asText());
        assertTrue(card.path("description").asText().startsWith("HealthOmics run 9103774 \"HG002-somatic-tumor-normal\" "
                + "FAILED.\n\n*Workflow:* somatic-mutect2 (5829046)\n*Failure reason:* OUT_OF_MEMORY\n"), card.toString());
        assertEquals("Open the run in the console: "
                + "https://us-west-2.console.aws.amazon.com/omics/home?region=us-west-2#/runs/9103774",
                card.path("nextSteps").get(0).asText());
    }

    /** A failed run below CRITICAL_RUN_PRIORITY is a warning: the warning topic, the tag, the attribute. */
    @Test
    void aFailedRunBelowTheCriticalPriorityIsAWarning() {
        apis.server().stubFor(get(urlEqualTo("/run/9103774")).willReturn(okJson(new String(
                SampleEvents.bytes("recorded/omics/get-run-9103774.json"), StandardCharsets.UTF_8)
                .replace("\"priority\": 100", "\"priority\": 99"))));
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-failed.json"));

        SnsPublishes publish = onlyPublish();
        assertEquals(WARNING_TOPIC, publish.topicArn());
        assertEquals("[WARNING] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)", publish.subject());
        assertEquals("warning", publish.attributes().get("severity"));
        assertEquals("99", publish.attributes().get("priority"));
        assertTrue(publish.chat().path("content").path("title").asText().startsWith(":large_orange_circle: [WARNING] "));
    }

    @Test
    void alertsWithWhatTheEventCarriesWhenGetRunFails() {
        apis.server().stubFor(get(urlEqualTo("/run/9103774")).willReturn(aResponse().withStatus(403)
                .withHeader("x-amzn-ErrorType", "AccessDeniedException")
                .withHeader("Content-Type", "application/json")
                .withBody("{\"message\":\"User is not authorized to perform: omics:GetRun\"}")));
        invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-failed.json"));

        SnsPublishes publish = onlyPublish();
        assertEquals(TOPIC, publish.topicArn(), "priority unknown: critical, rather than miss a high-priority run");
        assertEquals(null, publish.attributes().get("priority"));
        String message = publish.email();
        assertTrue(message.startsWith("HealthOmics run 9103774 \"HG002-somatic-tumor-normal\" FAILED.\n\n"
                + "Workflow:       somatic-mutect2 (5829046)\n"
                + "Output:         s3://genomics-results-123456789012/omics-runs/9103774\n"), message);
        assertTrue(message.contains("\nGetRun failed (User is not authorized to perform: omics:GetRun"), message);
        assertTrue(message.contains("so the failure reason, status message and times are not in this alert; "
                + "the console link above shows them.\n\nAcknowledge it within 30 minutes"), message);
        assertEquals(1, s3.keys(BUCKET).size(), "the event is still recorded");
    }

    @Test
    void aReplayedFailureIsAlertedOnce() {
        stubGetRun();
        StatusEventRecorder recorder = recorder(s3.endpoint());
        invoke(recorder, SampleEvents.bytes("run-failed.json"));
        JsonNode second = invoke(recorder, SampleEvents.bytes("run-failed.json"));

        assertNull(second.get("alertMessageId").textValue());
        onlyPublish();
        assertEquals(1, s3.keys(BUCKET).size());
    }

    @Test
    void aBackfillReplayIsKeyedByItsReplayIdAndNotAlerted() {
        stubGetRun();
        StatusEventRecorder recorder = recorder(s3.endpoint());
        for (String eventBridgeId : new String[] {"11111111-aaaa-bbbb-cccc-000000000001", "22222222-aaaa-bbbb-cccc-000000000002"}) {
            byte[] replay = mutate("run-failed.json", e -> {
                e.put("id", eventBridgeId);
                e.put("source", "omics-monitor.replay");
                ((ObjectNode) e.get("detail")).put("replayId", "6c1f3a2e-9b7d-3e4f-8a5b-1c2d3e4f5a6b");
            });
            invoke(recorder, replay);
        }

        String key = "lake/run_status_events/year=2026/month=11/day=21/replay-6c1f3a2e-9b7d-3e4f-8a5b-1c2d3e4f5a6b.json";
        assertEquals(List.of(key), s3.keys(BUCKET), "two deliveries of one replay, one object");
        assertTrue(s3.read(BUCKET, key).endsWith(",\"replay\":true}\n"), s3.read(BUCKET, key));
        assertEquals(0, apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount(),
                "history is not alerted");
    }

    @Test
    void failsOnAnEventWithoutDetailAndWritesNothing() {
        byte[] event = mutate("run-completed.json", e -> e.remove("detail"));

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12: field 'detail' is missing or empty", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void failsOnADetailTypeItDoesNotHandle() {
        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(recorder(s3.endpoint()), SampleEvents.bytes("run-analysis-completed.json")));
        assertTrue(e.getMessage().startsWith("event 8293a4b5-c6d7-e8f9-0a1b-2c3d4e5f6071: "
                + "detail-type 'Run Analysis Completed' is not one this function handles"), e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
    }

    @Test
    void failsOnAnUnparseableTime() {
        byte[] event = mutate("run-failed.json", e -> e.put("time", "20 Oct 2022 22:07"));

        InvalidEventException e = assertThrows(InvalidEventException.class,
                () -> invoke(recorder(s3.endpoint()), event));
        assertEquals("event 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23: field 'time' is '20 Oct 2022 22:07', expected an "
                + "ISO-8601 time with a zone, like 2022-10-20T22:07:35Z", e.getMessage());
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount());
    }

    @Test
    void retriesAnS3ErrorAndThenSucceeds() {
        try (FlakyS3 flaky = new FlakyS3(s3.endpoint()).failPuts(1, 500)) {
            invoke(recorder(flaky.endpoint()), SampleEvents.bytes("run-pending.json"));

            assertEquals(2, flaky.putAttempts());
            assertEquals(List.of("lake/run_status_events/year=2026/month=11/day=20/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f0.json"),
                    s3.keys(BUCKET));
        }
    }

    @Test
    void failsTheInvocationWhenS3FailsForGood() {
        try (FlakyS3 flaky = new FlakyS3(s3.endpoint()).failAllPuts(500)) {
            S3Exception e = assertThrows(S3Exception.class,
                    () -> invoke(recorder(flaky.endpoint()), SampleEvents.bytes("run-pending.json")));

            assertEquals(500, e.statusCode());
            assertEquals(4, flaky.putAttempts(), "the SDK's retries (4 attempts for S3), then the invocation fails");
            assertEquals(List.of(), s3.keys(BUCKET));
        }
    }

    @Test
    void primingForSnapStartSendsNothingAndLeavesTheRecorderWorking() {
        StatusEventRecorder recorder = recorder(s3.endpoint());
        recorder.prime();

        assertEquals(List.of(), s3.keys(BUCKET), "priming writes nothing");
        assertEquals(0, apis.server().getAllServeEvents().size(), "priming sends no Omics or SNS request");
        stubGetRun();
        invoke(recorder, SampleEvents.bytes("run-failed.json"));
        onlyPublish();
        assertEquals(1, s3.keys(BUCKET).size());
    }

    private static void stubGetRun() {
        apis.server().stubFor(get(urlEqualTo("/run/9103774"))
                .willReturn(okJson(new String(SampleEvents.bytes("recorded/omics/get-run-9103774.json"), StandardCharsets.UTF_8))));
    }

    private static byte[] mutate(String sample, java.util.function.Consumer<ObjectNode> change) {
        try {
            ObjectNode event = (ObjectNode) Json.MAPPER.readTree(SampleEvents.bytes(sample));
            change.accept(event);
            return Json.MAPPER.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** The one SNS Publish request the stub received. */
    static SnsPublishes onlyPublish() {
        List<SnsPublishes> requests = SnsPublishes.all(apis.server());
        assertEquals(1, requests.size(), "exactly one Publish");
        return requests.get(0);
    }
}
