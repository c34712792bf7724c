package io.omicsmonitor.escalation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.local.ApiStub;
import io.omicsmonitor.local.LocalAws;
import io.omicsmonitor.local.LocalLambda;
import io.omicsmonitor.local.LocalS3;
import io.omicsmonitor.local.SampleEvents;
import io.omicsmonitor.local.SnsPublishes;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * The escalation function end to end: SNS notifications (as SNS hands them to Lambda) in, the alert's record read back
 * from S3Proxy, the CreateSchedule request the real Scheduler client sent to a stub, the escalation's SNS Publish.
 */
class AlertEscalationTest {

    static final String BUCKET = "omics-lake";
    static final String CRITICAL = "arn:aws:sns:us-west-2:123456789012:omics-monitor-alerts";
    static final String WARNING = "arn:aws:sns:us-west-2:123456789012:omics-monitor-warnings";
    static final String SELF = "arn:aws:lambda:us-west-2:123456789012:function:omics-monitor-AlertEscalationFunction-E5c4l8:live";
    static final String ROLE = "arn:aws:iam::123456789012:role/omics-monitor-AlertSchedulerRole-R0l3";
    static final String QUEUE = "arn:aws:sqs:us-west-2:123456789012:omics-monitor-AlertEscalationDeadLetterQueue-Q";
    static final String GROUP = "omics-monitor-omics-monitor-alerts";
    static final String ALERT_ID = "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23";
    static final String EPISODE = "5b4e8f6a-1d2c-4b3a-9e8f-7a6b5c4d3e2f";

    static LocalS3 s3;
    static ApiStub apis;

    /** A clock the test moves: the wait passes in no time. */
    static final class Now extends Clock {
        Instant now;

        Now(Instant start) {
            now = start;
        }

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }

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
    void empty() {
        s3.resetTo(BUCKET);
        apis.reset();
        apis.server().stubFor(post(urlPathMatching("/schedules/.*")).willReturn(okJson(
                "{\"ScheduleArn\": \"arn:aws:scheduler:us-west-2:123456789012:schedule/" + GROUP + "/x\"}")));
        SnsPublishes.stubPublish(apis.server(), "9e8d7c6b-0000-4000-8000-000000000e5c");
    }

    static Map<String, String> variables() {
        Map<String, String> env = new HashMap<>(LocalAws.alertVariables(CRITICAL, WARNING));
        env.putAll(Map.of("LAKE_BUCKET", BUCKET, "LAKE_PREFIX", "lake", "ALERT_SCHEDULE_GROUP", GROUP,
                "SCHEDULER_ROLE_ARN", ROLE, "DEAD_LETTER_QUEUE_ARN", QUEUE));
        return env;
    }

    static AlertEscalation function(Clock clock) {
        return new AlertEscalation(new Env(variables()),
                LocalAws.clients(Map.of("s3", s3.endpoint(), "sns", apis.endpoint(), "scheduler", apis.endpoint())), clock);
    }

    static JsonNode invoke(AlertEscalation function, byte[] event) {
        return LocalLambda.invoke(function, event, SELF);
    }

    static JsonNode onlyCreateSchedule() throws IOException {
        List<LoggedRequest> creates = apis.server().findAll(postRequestedFor(urlPathMatching("/schedules/.*")));
        assertEquals(1, creates.size(), "one CreateSchedule");
        JsonNode body = Json.MAPPER.readTree(creates.get(0).getBodyAsString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_path",
                URLDecoder.decode(creates.get(0).getUrl(), StandardCharsets.UTF_8));
        return body;
    }

    @Test
    void aRecordersAlertIsRegisteredWithAScheduleAtItsPublishTimePlusTheWait() throws IOException {
        Now clock = new Now(Instant.parse("2026-11-21T14:28:02Z"));
        JsonNode result = invoke(function(clock), SampleEvents.bytes("alerts/alert-published.json"));

        assertEquals("registered", result.at("/registered/0/outcome").asText());
        JsonNode create = onlyCreateSchedule();
        String schedule = create.get("_path").asText().substring("/schedules/".length());
        assertTrue(schedule.matches("alert-[0-9a-f]{40}"), schedule);
        assertEquals("at(2026-11-21T14:58:02)", create.path("ScheduleExpression").asText(),
                "published 14:28:01.250, waits 30 minutes, rounded up to the second");
        assertEquals("UTC", create.path("ScheduleExpressionTimezone").asText());
        assertEquals(GROUP, create.path("GroupName").asText());
        assertEquals("OFF", create.at("/FlexibleTimeWindow/Mode").asText());
        assertEquals("DELETE", create.path("ActionAfterCompletion").asText(), "a one-time schedule deletes itself");
        assertEquals(SELF, create.at("/Target/Arn").asText(), "it invokes this function's live alias");
        assertEquals(ROLE, create.at("/Target/RoleArn").asText());
        assertEquals(QUEUE, create.at("/Target/DeadLetterConfig/Arn").asText());
        assertEquals("{\"escalate\":\"" + ALERT_ID + "\",\"episode\":\"" + EPISODE + "\"}",
                create.at("/Target/Input").asText());

        JsonNode record = Json.MAPPER.readTree(s3.read(BUCKET, "lake/_state/alerts/" + ALERT_ID + ".json"));
        assertEquals(ALERT_ID, record.path("alert_id").asText());
        assertEquals(EPISODE, record.path("episode").asText());
        assertEquals("critical", record.path("severity").asText());
        assertEquals("[CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)", record.path("subject").asText());
        assertTrue(record.path("text").asText().startsWith("HealthOmics run 9103774 \"HG002-somatic-tumor-normal\" FAILED."));
        assertEquals("2026-11-21T14:28:01.250Z", record.path("published_at").asText());
        assertEquals("2026-11-21T14:58:02Z", record.path("escalate_at").asText());
        assertEquals(schedule, record.path("schedule").asText());
        assertTrue(record.path("escalated_at").isNull());
    }

    @Test
    void aRedeliveredNotificationFindsItsScheduleAndSucceeds() throws IOException {
        apis.server().stubFor(post(urlPathMatching("/schedules/.*")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json").withHeader("x-amzn-ErrorType", "ConflictException")
                .withBody("{\"Message\": \"Schedule alert-x already exists.\"}")));
        JsonNode result = invoke(function(new Now(Instant.parse("2026-11-21T14:28:02Z"))), SampleEvents.bytes("alerts/alert-published.json"));

        assertEquals("registered", result.at("/registered/0/outcome").asText());
        assertEquals(List.of("lake/_state/alerts/" + ALERT_ID + ".json"), s3.keys(BUCKET));
    }

    @Test
    void anAlarmIsWatchedUnderItsNameAndItsReadableSentence() throws IOException {
        invoke(function(new Now(Instant.parse("2026-11-21T14:30:13Z"))), SampleEvents.bytes("alerts/alarm-published.json"));

        String id = "omics-monitor-StatusEventRecorderErrorsAlarm-1Q2W3E4R5T6Y";
        JsonNode record = Json.MAPPER.readTree(s3.read(BUCKET, "lake/_state/alerts/" + id + ".json"));
        assertEquals("warning", record.path("severity").asText(), "no severity attribute: the warning topic's");
        assertEquals("7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01", record.path("episode").asText());
        assertEquals("""
                CloudWatch alarm omics-monitor-StatusEventRecorderErrorsAlarm-1Q2W3E4R5T6Y went to ALARM at 2026-11-21T14:30:12.345+0000.

                Description:    status-event-recorder invocations failed.
                Reason:         Threshold Crossed: 1 out of the last 1 datapoints [2.0 (21/11/26 14:25:00)] was greater than or equal to the threshold (1.0) (minimum 1 datapoint for OK -> ALARM transition).
                Region:         US West (Oregon)
                """, record.path("text").asText());
        assertEquals("at(2026-11-21T15:00:13)", onlyCreateSchedule().path("ScheduleExpression").asText());
    }

    @Test
    void escalationsInfoAlertsAndAlarmsBackToOkAreNotWatched() {
        String published = new String(SampleEvents.bytes("alerts/alert-published.json"), StandardCharsets.UTF_8);
        String alarm = new String(SampleEvents.bytes("alerts/alarm-published.json"), StandardCharsets.UTF_8);
        AlertEscalation function = function(new Now(Instant.parse("2026-11-21T14:28:02Z")));
        for (String event : List.of(
                published.replace("\"category\": {", "\"escalation\": {\"Type\": \"String\", \"Value\": \"true\"}, \"category\": {"),
                published.replace("\"Value\": \"critical\"", "\"Value\": \"info\""),
                alarm.replace("\\\"NewStateValue\\\":\\\"ALARM\\\"", "\\\"NewStateValue\\\":\\\"OK\\\""))) {
            assertTrue(event.length() != published.length() || !event.equals(published));
            JsonNode result = invoke(function, event.getBytes(StandardCharsets.UTF_8));
            assertEquals("not escalated (info, an escalation, or not an ALARM)", result.at("/registered/0/outcome").asText());
        }
        assertEquals(List.of(), s3.keys(BUCKET));
        assertEquals(0, apis.server().findAll(anyRequestedFor(anyUrl())).size(), "no schedule, nothing published");
    }

    /** Nobody acknowledged: at its time the alert goes to the critical topic, saying it is an escalation and how long it waited. */
    @Test
    void anUnacknowledgedAlertIsSentAgainToTheCriticalTopic() {
        Now clock = new Now(Instant.parse("2026-11-21T14:28:02Z"));
        AlertEscalation function = function(clock);
        invoke(function, SampleEvents.bytes("alerts/alert-published.json"));
        clock.now = Instant.parse("2026-11-21T14:58:03Z");
        JsonNode result = invoke(function, SampleEvents.bytes("alerts/alert-escalate.json"));

        assertEquals("escalated", result.at("/escalation/outcome").asText());
        assertEquals("30m 01s", result.at("/escalation/waited").asText());
        List<SnsPublishes> published = SnsPublishes.all(apis.server());
        assertEquals(1, published.size());
        SnsPublishes escalation = published.get(0);
        assertEquals(CRITICAL, escalation.topicArn());
        assertEquals("[CRITICAL] ESCALATION, unacknowledged 30m 01s: [CRITICAL] HealthOmics run FAILED: HG002-somatic-t...",
                escalation.subject());
        assertTrue(escalation.email().startsWith("""
                ESCALATION: nobody acknowledged this critical alert within 30 minutes. It was published at 2026-11-21T14:28:01.250Z to the critical topic and has waited 30m 01s.

                Alert id:       3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23

                Acknowledge it (nothing more is sent once it is acknowledged):
                  omics-monitor ack 3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23 --stack omics-monitor --region us-west-2
                or in the chat channel:
                  @Amazon Q lambda invoke --function-name omics-monitor-AlertAckFunction-L0c4lAck --region us-west-2 --payload {"alertId": "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23"}

                The original alert, "[CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)":

                HealthOmics run 9103774 "HG002-somatic-tumor-normal" FAILED.
                """), escalation.email());
        assertEquals(Map.of("severity", "critical", "alertId", ALERT_ID, "category", "escalation", "escalation", "true",
                "originalSeverity", "critical", "waitedSeconds", "1801"), escalation.attributes());
        assertEquals(ALERT_ID, escalation.chat().at("/metadata/threadId").asText(), "in the original alert's chat thread");

        // the scheduler delivers at least once: a second delivery sends nothing more
        JsonNode again = invoke(function, SampleEvents.bytes("alerts/alert-escalate.json"));
        assertTrue(again.at("/escalation/outcome").asText().startsWith("escalated already at 2026-11-21T14:58:03Z"));
        assertEquals(1, SnsPublishes.all(apis.server()).size());
    }

    @Test
    void anAlarmFiringAgainSupersedesTheEarlierEpisodesSchedule() {
        Now clock = new Now(Instant.parse("2026-11-21T14:30:13Z"));
        AlertEscalation function = function(clock);
        String alarm = new String(SampleEvents.bytes("alerts/alarm-published.json"), StandardCharsets.UTF_8);
        invoke(function, alarm.getBytes(StandardCharsets.UTF_8));
        invoke(function, alarm.replace("7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01", "8e9f0a1b-2c3d-4e5f-9a6b-7c8d9e0f1a2b")
                .getBytes(StandardCharsets.UTF_8));
        clock.now = clock.now.plus(Duration.ofHours(1));

        JsonNode first = invoke(function, ("{\"escalate\": \"omics-monitor-StatusEventRecorderErrorsAlarm-1Q2W3E4R5T6Y\", "
                + "\"episode\": \"7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f01\"}").getBytes(StandardCharsets.UTF_8));
        assertTrue(first.at("/escalation/outcome").asText().startsWith("superseded"), first.toString());
        assertEquals(0, SnsPublishes.all(apis.server()).size());
    }

    @Test
    void anEscalationBeforeItsTimeSendsNothing() {
        Now clock = new Now(Instant.parse("2026-11-21T14:28:02Z"));
        AlertEscalation function = function(clock);
        invoke(function, SampleEvents.bytes("alerts/alert-published.json"));
        clock.now = Instant.parse("2026-11-21T14:40:00Z");

        JsonNode result = invoke(function, SampleEvents.bytes("alerts/alert-escalate.json"));
        assertEquals("not due until 2026-11-21T14:58:02Z: not escalated", result.at("/escalation/outcome").asText());
        assertEquals(0, SnsPublishes.all(apis.server()).size());
    }

    @Test
    void badInputFailsTheInvocationSayingWhatIsWrong() {
        AlertEscalation function = function(new Now(Instant.parse("2026-11-21T14:28:02Z")));
        IllegalArgumentException notOurs = assertThrows(IllegalArgumentException.class,
                () -> invoke(function, "{\"alertId\": \"x\"}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(notOurs.getMessage().startsWith("neither an SNS event"), notOurs.getMessage());
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> invoke(function,
                "{\"escalate\": \"no-such-alert\", \"episode\": \"e\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("alert no-such-alert: nothing at s3://omics-lake/lake/_state/alerts/no-such-alert.json; the alert "
                + "was never registered, or its record expired (30 days)", unknown.getMessage());
        IllegalArgumentException noContext = assertThrows(IllegalArgumentException.class,
                () -> LocalLambda.invoke(function, SampleEvents.bytes("alerts/alert-published.json")));
        assertTrue(noContext.getMessage().contains("invoked function's ARN"), noContext.getMessage());
    }

    @Test
    void primingSendsNothing() {
        function(new Now(Instant.parse("2026-11-21T14:28:02Z"))).prime();
        assertEquals(0, apis.server().findAll(anyRequestedFor(anyUrl())).size());
        assertEquals(List.of(), s3.keys(BUCKET));
    }
}
