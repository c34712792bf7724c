package io.omicsmonitor.ack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.escalation.AlertEscalation;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.local.SnsPublishes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An alert's whole story through both functions, as an operator lives it: the alert is published (the escalation
 * function registers it from its SNS notification), someone acknowledges it or nobody does, and the schedule fires at
 * its time. The four cases of issue 16: acknowledged in time, not acknowledged, acknowledged twice, acknowledged after
 * the escalation. State in S3Proxy, the Scheduler and SNS calls on a stub, both through the real SDK clients.
 */
class AcknowledgementTest {

    static final String BUCKET = "omics-lake";
    static final String CRITICAL = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final String WARNING = "arn:aws:sns:us-west-2:123456789012:omics-monitor-warnings";
    static final String ESCALATION_FUNCTION = "arn:aws:lambda:us-west-2:123456789012:function:omics-monitor-AlertEscalationFunction-E5c4l8:live";
    static final String GROUP = "omics-monitor-omics-monitor-alerts";
    static final String ALERT_ID = "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23";

    static LocalS3 s3;
    static ApiStub apis;

    static final class Now extends Clock {
        Instant now = Instant.parse("2026-11-21T14:28:02Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

    Now clock;
    AlertEscalation escalation;
    AlertAck ack;

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
    void publishTheAlert() {
        s3.resetTo(BUCKET);
        apis.reset();
        apis.server().stubFor(post(urlPathMatching("/schedules/.*")).willReturn(okJson(
                "{\"ScheduleArn\": \"arn:aws:scheduler:us-west-2:123456789012:schedule/" + GROUP + "/x\"}")));
        apis.server().stubFor(delete(urlPathMatching("/schedules/.*")).willReturn(okJson("{}")));
        SnsPublishes.stubPublish(apis.server(), "9e8d7c6b-0000-4000-8000-000000000e5c");

        Map<String, String> env = new HashMap<>(LocalAws.alertVariables(CRITICAL, WARNING));
        env.putAll(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake", "ALERT_SCHEDULE_GROUP", GROUP,
                "SCHEDULER_ROLE_ARN", "arn:aws:iam::123456789012:role/scheduler",
                "DEAD_LETTER_QUEUE_ARN", "arn:aws:sqs:us-west-2:123456789012:dlq"));
        var clients = LocalAws.clients(Map.of("s3", s3.endpoint(), "sns", apis.endpoint(), "scheduler", apis.endpoint()));
        clock = new Now();
        escalation = new AlertEscalation(new Env(env), clients, clock);
        ack = new AlertAck(new Env(env), clients, clock);

        // 14:28:01 the recorder published the alert; SNS hands it to the escalation function a second later
        LocalLambda.invoke(escalation, SampleEvents.bytes("alerts/alert-published.json"), ESCALATION_FUNCTION);
    }

    JsonNode acknowledge(String by) {
        return LocalLambda.invoke(ack, ("{\"alertId\": \"" + ALERT_ID + "\", \"by\": \"" + by + "\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The schedule fires at its time (14:58:02). */
    JsonNode scheduleFires() {
        clock.now = Instant.parse("2026-11-21T14:58:02Z");
        return LocalLambda.invoke(escalation, SampleEvents.bytes("alerts/alert-escalate.json"), ESCALATION_FUNCTION);
    }

    List<LoggedRequest> deletedSchedules() {
        return apis.server().findAll(deleteRequestedFor(urlPathMatching("/schedules/.*")));
    }

    @Test
    void acknowledgedInTime() throws IOException {
        clock.now = Instant.parse("2026-11-21T14:41:30Z");
        JsonNode answer = acknowledge("jane.doe@example.org");

        assertEquals("acknowledged", answer.path("outcome").asText());
        assertEquals("Alert " + ALERT_ID + " acknowledged at 2026-11-21T14:41:30Z, before its escalation (due "
                + "2026-11-21T14:58:02Z): it will not be escalated.", answer.path("message").asText());
        JsonNode record = Json.MAPPER.readTree(s3.read(BUCKET, "lake/_state/alerts/" + ALERT_ID + ".ack.json"));
        assertEquals("{\"alert_id\":\"" + ALERT_ID + "\",\"episode\":\"5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f\","
                + "\"acknowledged_at\":\"2026-11-21T14:41:30Z\",\"by\":\"jane.doe@example.org\"}", record.toString());
        List<LoggedRequest> deleted = deletedSchedules();
        assertEquals(1, deleted.size(), "the schedule is deleted");
        String schedule = Json.MAPPER.readTree(s3.read(BUCKET, "lake/_state/alerts/" + ALERT_ID + ".json")).path("schedule").asText();
        assertTrue(deleted.get(0).getUrl().startsWith("/schedules/" + schedule + "?"), deleted.get(0).getUrl());
        assertEquals(GROUP, deleted.get(0).queryParameter("groupName").firstValue());

        // were the deletion lost, or the schedule already running: the escalation reads the acknowledgement first
        JsonNode fired = scheduleFires();
        assertEquals("acknowledged at 2026-11-21T14:41:30Z by jane.doe@example.org: not escalated",
                fired.at("/escalation/outcome").asText());
        assertEquals(List.of(), SnsPublishes.all(apis.server()), "nothing sent again");
    }

    @Test
    void notAcknowledged() {
        JsonNode fired = scheduleFires();

        assertEquals("escalated", fired.at("/escalation/outcome").asText());
        List<SnsPublishes> published = SnsPublishes.all(apis.server());
        assertEquals(1, published.size());
        assertEquals(CRITICAL, published.get(0).topicArn());
        assertTrue(published.get(0).subject().startsWith("[CRITICAL] ESCALATION, unacknowledged 30m 00s: "),
                published.get(0).subject());
        assertTrue(published.get(0).email().startsWith("ESCALATION: nobody acknowledged this critical alert within "
                + "30 minutes. It was published at 2026-11-21T14:28:01.250Z to the critical topic and has waited 30m 00s.\n"),
                published.get(0).email());
        assertEquals("1800", published.get(0).attributes().get("waitedSeconds"));
        assertEquals(0, deletedSchedules().size(), "the one-time schedule deletes itself (ActionAfterCompletion DELETE)");
    }

    @Test
    void acknowledgedTwice() {
        clock.now = Instant.parse("2026-11-21T14:41:30Z");
        acknowledge("jane.doe@example.org");
        clock.now = Instant.parse("2026-11-21T14:45:00Z");
        JsonNode second = acknowledge("sam.roe@example.org");

        assertEquals("already acknowledged", second.path("outcome").asText());
        assertEquals("Alert " + ALERT_ID + " was already acknowledged at 2026-11-21T14:41:30Z by jane.doe@example.org; "
                + "nothing changed.", second.path("message").asText());
        assertEquals("jane.doe@example.org", second.path("by").asText(), "the first acknowledgement stands");
        assertTrue(s3.read(BUCKET, "lake/_state/alerts/" + ALERT_ID + ".ack.json").contains("jane.doe@example.org"));
        assertEquals(1, deletedSchedules().size());
        assertEquals("acknowledged at 2026-11-21T14:41:30Z by jane.doe@example.org: not escalated",
                scheduleFires().at("/escalation/outcome").asText());
    }

    @Test
    void acknowledgedAfterEscalation() {
        scheduleFires();
        apis.server().stubFor(delete(urlPathMatching("/schedules/.*")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                .withBody("{\"Message\": \"Schedule not found.\"}")));
        clock.now = Instant.parse("2026-11-21T15:02:10Z");
        JsonNode answer = acknowledge("jane.doe@example.org");

        assertEquals("acknowledged after escalation", answer.path("outcome").asText());
        assertEquals("Alert " + ALERT_ID + " acknowledged at 2026-11-21T15:02:10Z; it had been escalated to the "
                + "critical topic at 2026-11-21T14:58:02Z. Nothing more will be sent.", answer.path("message").asText());
        assertEquals(1, SnsPublishes.all(apis.server()).size(), "the one escalation, nothing after the acknowledgement");
        // a late duplicate delivery of the schedule sends nothing either
        JsonNode again = scheduleFires();
        assertTrue(again.at("/escalation/outcome").asText().startsWith("acknowledged at 2026-11-21T15:02:10Z"));
        assertEquals(1, SnsPublishes.all(apis.server()).size());
    }

    @Test
    void anUnknownIdIsAnsweredNotFailed() {
        JsonNode answer = LocalLambda.invoke(ack, "{\"alertId\": \"no-such-alert\"}".getBytes(StandardCharsets.UTF_8));
        assertEquals("unknown alert", answer.path("outcome").asText());
        assertTrue(answer.path("message").asText().startsWith("No alert no-such-alert is waiting for an acknowledgement"));
    }

    @Test
    void aMalformedRequestFailsSayingWhatItNeeds() {
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class,
                () -> LocalLambda.invoke(ack, "{\"id\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(noId.getMessage().startsWith("the request needs \"alertId\""), noId.getMessage());
        IllegalArgumentException badBy = assertThrows(IllegalArgumentException.class, () -> LocalLambda.invoke(ack,
                ("{\"alertId\": \"" + ALERT_ID + "\", \"by\": \"<script>\"}").getBytes(StandardCharsets.UTF_8)));
        assertTrue(badBy.getMessage().startsWith("\"by\" is"), badBy.getMessage());
    }
}
