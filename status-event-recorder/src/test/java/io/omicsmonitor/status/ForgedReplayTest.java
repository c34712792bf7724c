package io.omicsmonitor.status;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.FaultyS3;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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

/**
 * Issue 12, blocker 1: a replay ({@code source: omics-monitor.replay}) can never replace, or pre-empt, a record written
 * from a live HealthOmics event, whatever {@code id} and {@code detail.replayId} it carries. Through the real handler
 * ({@code handleRequest}) and a real S3 server (S3Proxy), behind a proxy that records every object PUT, so the test
 * proves both that the live object's bytes are unchanged and that no PUT ever reached its key again.
 */
class ForgedReplayTest {

    static final String BUCKET = "omics-lake";
    static final String TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final String WARNING_TOPIC = "arn:aws:sns:us-west-2:123456789012:omics-monitor-warnings";
    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    static final String LIVE_RUN_ID = "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23"; // run-failed.json
    static final String LIVE_RUN_KEY = "lake/run_status_events/year=2026/month=11/day=21/" + LIVE_RUN_ID + ".json";
    static final String LIVE_TASK_ID = "60718293-a4b5-c6d7-e8f9-0a1b2c3d4e56"; // task-completed.json
    static final String LIVE_TASK_KEY = "lake/task_status_events/year=2026/month=11/day=20/" + LIVE_TASK_ID + ".json";

    static LocalS3 s3;
    static ApiStub apis;
    static FaultyS3 recorded;

    @BeforeAll
    static void start() {
        s3 = LocalS3.inMemory();
        apis = new ApiStub();
        recorded = new FaultyS3(s3.endpoint(), Duration.ofSeconds(1)); // no faults set: it passes through and records
    }

    @AfterAll
    static void stop() {
        recorded.close();
        apis.close();
        s3.close();
    }

    @BeforeEach
    void emptyLakeAndStub() {
        s3.resetTo(BUCKET);
        recorded.forgetRequests();
        apis.reset();
        apis.server().stubFor(get(urlEqualTo("/run/9103774")).willReturn(okJson(new String(
                SampleEvents.bytes("recorded/omics/get-run-9103774.json"), StandardCharsets.UTF_8))));
        // a FAILED task's reason (GetRunTask), for the forged FAILED task replays
        apis.server().stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/run/\\d+/task/\\d+"))
                .willReturn(okJson(new String(SampleEvents.bytes("recorded/omics/get-run-task-9103774-4804296.json"),
                        StandardCharsets.UTF_8))));
        apis.server().stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/xml")
                .withBody("<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                        + "<MessageId>5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f</MessageId></PublishResult>"
                        + "<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>")));
    }

    static StatusEventRecorder recorder() {
        Map<String, String> variables = new java.util.HashMap<>(LocalAws.alertVariables(TOPIC, WARNING_TOPIC));
        variables.putAll(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake"));
        Env env = new Env(variables);
        return new StatusEventRecorder(env, LocalAws.clients(Map.of("s3", recorded.endpoint(), "omics", apis.endpoint(),
                "sns", apis.endpoint())), NOW);
    }

    /**
     * The forgeries: the live event's id as {@code replayId}; as the envelope {@code id} with no replayId; both; and
     * with the replay name space's own prefix already on it. Each also changes what the row would say.
     */
    static final List<Consumer<ObjectNode>> FORGERIES = List.of(
            e -> detail(e).put("replayId", e.get("id").asText()),
            e -> detail(e).remove("replayId"),
            e -> {
                detail(e).put("replayId", e.get("id").asText());
                e.put("id", "99999999-0000-0000-0000-000000000000");
            },
            e -> detail(e).put("replayId", "replay-" + e.get("id").asText()));

    @ParameterizedTest(name = "forgery {0}")
    @ValueSource(ints = {0, 1, 2, 3})
    void aForgedReplayOfALiveRunStatusChangeLeavesTheLiveObjectsBytesAsTheyWere(int forgery) {
        StatusEventRecorder recorder = recorder();
        JsonNode live = LocalLambda.invoke(recorder, SampleEvents.bytes("run-failed.json"));
        assertEquals("s3://" + BUCKET + "/" + LIVE_RUN_KEY, live.get("object").asText());
        byte[] before = bytes(LIVE_RUN_KEY);
        recorded.forgetRequests();

        byte[] forged = mutate("run-failed.json", e -> {
            e.put("source", "omics-monitor.replay");
            ObjectNode d = detail(e);
            d.put("status", "COMPLETED");
            d.put("runName", "forged");
            FORGERIES.get(forgery).accept(e);
        });
        JsonNode result = LocalLambda.invoke(recorder, forged);

        assertArrayEquals(before, bytes(LIVE_RUN_KEY), "the live object's bytes");
        String replayKey = result.get("object").asText().substring(("s3://" + BUCKET + "/").length());
        assertTrue(replayKey.matches("lake/run_status_events/year=2026/month=11/day=21/replay-[^/]+\\.json"), replayKey);
        assertEquals(List.of(BUCKET + "/" + replayKey), recorded.objectPuts(), "the replay's one PUT, never the live key");
        assertEquals(List.of(LIVE_RUN_KEY, replayKey).stream().sorted().toList(), s3.keys(BUCKET));
        JsonNode row = row(replayKey);
        assertTrue(row.get("replay").asBoolean());
        assertTrue(row.get("event_id").asText().startsWith("replay-"), row.toString());
        assertEquals(1, alerts(), "the live failure alerted once; a replay alerts nobody");
    }

    @Test
    void aForgedReplayOfALiveTaskStatusChangeLeavesTheLiveObjectsBytesAsTheyWere() {
        StatusEventRecorder recorder = recorder();
        LocalLambda.invoke(recorder, SampleEvents.bytes("task-completed.json"));
        byte[] before = bytes(LIVE_TASK_KEY);
        recorded.forgetRequests();

        for (Consumer<ObjectNode> forgery : FORGERIES) {
            LocalLambda.invoke(recorder, mutate("task-completed.json", e -> {
                e.put("source", "omics-monitor.replay");
                detail(e).put("status", "FAILED");
                forgery.accept(e);
            }));
        }

        assertArrayEquals(before, bytes(LIVE_TASK_KEY), "the live object's bytes");
        assertTrue(recorded.objectPuts().stream().noneMatch(p -> p.equals(BUCKET + "/" + LIVE_TASK_KEY)),
                "no PUT reached the live key: " + recorded.objectPuts());
        assertTrue(recorded.objectPuts().stream().allMatch(p -> p.contains("/day=20/replay-")), recorded.objectPuts().toString());
    }

    /**
     * A replay put on the bus before HealthOmics' own event, with the id that event will have, takes nothing from it:
     * the live event is recorded under its own name and alerted (the alert is skipped only when its own record exists).
     */
    @Test
    void aReplayThatComesFirstNeitherTakesTheLiveEventsNameNorSilencesItsAlert() {
        StatusEventRecorder recorder = recorder();
        LocalLambda.invoke(recorder, mutate("run-failed.json", e -> {
            e.put("source", "omics-monitor.replay");
            detail(e).put("replayId", LIVE_RUN_ID);
        }));
        assertEquals(0, alerts(), "a replay alerts nobody");

        JsonNode live = LocalLambda.invoke(recorder, SampleEvents.bytes("run-failed.json"));

        assertEquals("5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f", live.get("alertMessageId").asText(), "the live failure is alerted");
        assertEquals(1, alerts());
        JsonNode row = row(LIVE_RUN_KEY);
        assertEquals(LIVE_RUN_ID, row.get("event_id").asText());
        assertTrue(!row.get("replay").asBoolean(), "the live row is the live event's");
    }

    /** The replays' name space is theirs alone: an event from any other source with such an id writes nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"aws.omics", "omics-monitor"})
    void aNonReplayEventCannotUseTheReplayNameSpace(String source) {
        byte[] event = mutate("run-failed.json", e -> {
            e.put("source", source);
            e.put("id", "replay-" + LIVE_RUN_ID);
        });

        InvalidEventException e = assertThrows(InvalidEventException.class, () -> LocalLambda.invoke(recorder(), event));
        assertEquals("event replay-" + LIVE_RUN_ID + ": field 'id' starts with 'replay-', which only omics-monitor.replay"
                + " events may use (EventBridge's own ids are UUIDs)", e.getMessage());
        assertEquals(List.of(), recorded.objectPuts());
        assertEquals(0, alerts());
    }

    private static ObjectNode detail(ObjectNode event) {
        return (ObjectNode) event.get("detail");
    }

    private static byte[] bytes(String key) {
        return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    }

    private static JsonNode row(String key) {
        try {
            return Json.MAPPER.readTree(s3.read(BUCKET, key));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int alerts() {
        return apis.server().countRequestsMatching(postRequestedFor(urlEqualTo("/")).build()).getCount();
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
