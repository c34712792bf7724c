package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the three topics by severity, where each alarm goes, the escalation's wiring, the optional chat channels
 * and the saved log queries.
 */
class AlertsTest {

    static final Template T = Template.PROJECT;
    static final List<String> TOPICS = List.of("AlertTopic", "WarningAlertTopic", "InfoAlertTopic");

    /** Metrics whose alarms mean an event was lost or is about to be: critical (docs/reliability.md). */
    static final Set<String> SILENT_LOSS = Set.of("FailedInvocations", "InvocationsFailedToBeSentToDlq",
            "DestinationDeliveryFailures", "AsyncEventsDropped", "ApproximateAgeOfOldestMessage", "InvocationDroppedCount");

    @Test
    void threeTopicsEachEncryptedAuditedAndWithAnEmailOfItsOwn() {
        Map<String, String> emails = Map.of("AlertTopic", "AlertEmail", "WarningAlertTopic", "WarningAlertEmail",
                "InfoAlertTopic", "InfoAlertEmail");
        for (String topic : TOPICS) {
            JsonNode p = T.resource(topic).path("Properties");
            assertEquals("DataKey", Template.referenced(p.path("KmsMasterKeyId")), topic + " is encrypted with the stack's key");
            assertEquals("AlertTopicDataProtectionOn", p.path("DataProtectionPolicy").path("Fn::If").get(0).asText(),
                    topic + ": the same opt-in data-protection audit");
            List<String> subscriptions = new ArrayList<>();
            T.resources("AWS::SNS::Subscription").forEach((id, s) -> {
                if (topic.equals(Template.referenced(s.path("Properties").path("TopicArn")))
                        && s.path("Properties").path("Protocol").asText().equals("email")) {
                    assertEquals(emails.get(topic), Template.referenced(s.path("Properties").path("Endpoint")), id);
                    String condition = s.path("Condition").asText();
                    assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"" + emails.get(topic) + "\"},\"\"]}]}",
                            T.template.path("Conditions").path(condition).toString(), id + ": only when the address is set");
                    subscriptions.add(id);
                }
            });
            assertEquals(1, subscriptions.size(), topic + ": one e-mail subscription, found " + subscriptions);
            boolean tlsOnly = T.resources("AWS::SNS::TopicPolicy").values().stream()
                    .filter(tp -> Template.oneOrMany(tp.path("Properties").path("Topics")).stream()
                            .anyMatch(t -> topic.equals(Template.referenced(t))))
                    .flatMap(tp -> Template.oneOrMany(tp.path("Properties").path("PolicyDocument").path("Statement")).stream())
                    .anyMatch(s -> s.path("Effect").asText().equals("Deny")
                            && s.path("Condition").path("Bool").path("aws:SecureTransport").asText().equals("false"));
            assertTrue(tlsOnly, topic + ": a topic policy denying publishes without TLS");
        }
    }

    /** Silent loss is critical (AlertTopic); a function's errors, throttles and dead letters, and run trends, warnings. */
    @Test
    void eachAlarmGoesToTheTopicOfItsSeverity() {
        Map<String, String> wrong = new TreeMap<>();
        T.resources("AWS::CloudWatch::Alarm").forEach((id, a) -> {
            JsonNode p = a.path("Properties");
            List<String> actions = Template.oneOrMany(p.path("AlarmActions")).stream().map(Template::referenced).toList();
            if (actions.isEmpty()) {
                return; // a part of a composite alarm
            }
            String metric = p.path("MetricName").asText();
            String expected = SILENT_LOSS.contains(metric) ? "AlertTopic" : "WarningAlertTopic";
            if (!actions.equals(List.of(expected))) {
                wrong.put(id, metric + " -> " + actions + ", expected " + expected);
            }
        });
        assertEquals(Map.of(), wrong);
        T.resources("AWS::CloudWatch::CompositeAlarm").forEach((id, a) -> assertEquals(
                List.of(id.equals("HealthOmicsHeartbeatAlarm") ? "AlertTopic" : "WarningAlertTopic"),
                Template.oneOrMany(a.path("Properties").path("AlarmActions")).stream().map(Template::referenced).toList(),
                id + ": the heartbeat says events are being lost (critical); pipeline unhealthy is a warning"));
    }

    /** The escalation sees the critical and warning topics, never info, never its own escalations. */
    @Test
    void theEscalationWatchesTheCriticalAndWarningTopicsButNotItsOwnEscalations() {
        JsonNode events = T.resource("AlertEscalationFunction").path("Properties").path("Events");
        Set<String> topics = new TreeSet<>();
        events.properties().forEach(e -> {
            assertEquals("SNS", e.getValue().path("Type").asText(), e.getKey());
            JsonNode p = e.getValue().path("Properties");
            topics.add(Template.referenced(p.path("Topic")));
            assertEquals("{\"escalation\":[{\"exists\":false}]}", p.path("FilterPolicy").toString(), e.getKey());
        });
        assertEquals(Set.of("AlertTopic", "WarningAlertTopic"), topics);

        assertEquals(List.of("AlertTopic"), publishes("AlertEscalationRole"), "escalations go to the critical topic only");
        assertEquals(List.of("AlertTopic", "WarningAlertTopic"), publishes("StatusEventRecorderRole"));
        assertEquals(List.of(), publishes("AlertAckRole"));
        assertEquals(List.of("InfoAlertTopic"), publishes("ReportGeneratorRole"),
                "the scheduled reports are info: announced, never escalated");

        JsonNode invoke = T.resource("AlertSchedulerInvokesEscalation").path("Properties");
        assertEquals("AlertSchedulerRole", Template.referenced(invoke.path("RoleName")));
        JsonNode statement = invoke.path("PolicyDocument").path("Statement").get(0);
        assertEquals("lambda:InvokeFunction", statement.path("Action").asText());
        assertEquals("{\"Ref\":\"AlertEscalationFunction.Alias\"}", statement.path("Resource").toString(),
                "the schedules invoke the escalation's live alias, nothing else");
        JsonNode env = T.resource("AlertEscalationFunction").path("Properties").path("Environment").path("Variables");
        assertEquals("EscalationMinutes", Template.referenced(env.path("ESCALATION_MINUTES")));
        assertEquals("AlertScheduleGroup", Template.referenced(env.path("ALERT_SCHEDULE_GROUP")));
        assertEquals("AlertEscalationDeadLetterQueue", Template.referenced(env.path("DEAD_LETTER_QUEUE_ARN")));
    }

    /** Chat channels only when all their ids are set; each gets the three topics; from chat, only the acknowledgement. */
    @Test
    void chatChannelsExistOnlyWhenConfiguredAndMayOnlyAcknowledge() {
        Map<String, String> channels = Map.of("SlackAlertChannel", "SlackOn", "TeamsAlertChannel", "TeamsOn");
        assertEquals(Map.of("SlackAlertChannel", "AWS::Chatbot::SlackChannelConfiguration",
                        "TeamsAlertChannel", "AWS::Chatbot::MicrosoftTeamsChannelConfiguration"),
                Map.of("SlackAlertChannel", T.resource("SlackAlertChannel").path("Type").asText(),
                        "TeamsAlertChannel", T.resource("TeamsAlertChannel").path("Type").asText()));
        channels.forEach((id, condition) -> {
            JsonNode channel = T.resource(id);
            assertEquals(condition, channel.path("Condition").asText(), id);
            assertEquals(TOPICS, Template.oneOrMany(channel.path("Properties").path("SnsTopicArns")).stream()
                    .map(Template::referenced).toList(), id + ": the three topics");
            assertEquals(List.of("ChatChannelPolicy"), Template.oneOrMany(channel.path("Properties").path("GuardrailPolicies"))
                    .stream().map(Template::referenced).toList(), id + ": the guardrail");
            assertEquals("ChatChannelRole", Template.referenced(channel.path("Properties").path("IamRoleArn")), id);
        });
        JsonNode conditions = T.template.path("Conditions");
        assertEquals(2, conditions.path("SlackOn").path("Fn::And").size(), "Slack: workspace and channel");
        assertEquals(3, conditions.path("TeamsOn").path("Fn::And").size(), "Teams: tenant, team and channel");
        for (String parameter : List.of("SlackWorkspaceId", "SlackChannelId", "TeamsTenantId", "TeamsTeamId", "TeamsChannelId")) {
            assertEquals("", T.template.path("Parameters").path(parameter).path("Default").asText("x"),
                    parameter + ": empty by default, so no channel is created unless asked for");
        }
        for (String id : List.of("ChatChannelPolicy", "ChatChannelRole")) {
            assertEquals("ChatOn", T.resource(id).path("Condition").asText(), id);
        }
        assertEquals("chatbot.amazonaws.com", T.resource("ChatChannelRole").path("Properties")
                .path("AssumeRolePolicyDocument").path("Statement").get(0).path("Principal").path("Service").asText());
        List<JsonNode> statements = Template.oneOrMany(T.resource("ChatChannelPolicy").path("Properties")
                .path("PolicyDocument").path("Statement"));
        JsonNode invoke = statements.stream().filter(s -> s.path("Action").asText().equals("lambda:InvokeFunction"))
                .findFirst().orElseThrow();
        assertEquals(Set.of("AlertAckFunction"), Set.copyOf(Template.oneOrMany(invoke.path("Resource")).stream()
                .map(r -> Template.referenced(r).replace(".Alias", "")).toList()), "from chat, only the ack function");
        statements.stream().filter(s -> s != invoke).forEach(s -> Template.oneOrMany(s.path("Action")).forEach(a ->
                assertTrue(a.asText().startsWith("cloudwatch:Describe") || a.asText().startsWith("cloudwatch:Get"),
                        "only reads for the alarms' cards: " + a.asText())));
    }

    /** The four saved Logs Insights queries, each over every function's log group. */
    @Test
    void theLogQueriesCoverEveryFunctionsLogGroup() {
        Set<String> logGroups = new TreeSet<>();
        T.functions().keySet().forEach(f -> logGroups.add(Template.referenced(T.functionProperty(f, "LoggingConfig").path("LogGroup"))));
        Map<String, JsonNode> queries = T.resources("AWS::Logs::QueryDefinition");
        assertEquals(Set.of("ErrorsByTypeAndFunctionLogQuery", "SlowestInvocationsLogQuery", "OneRunLogQuery",
                "DeadLetteredEventsLogQuery"), queries.keySet());
        queries.forEach((id, q) -> {
            assertEquals(logGroups, new TreeSet<>(Template.oneOrMany(q.path("Properties").path("LogGroupNames")).stream()
                    .map(Template::referenced).toList()), id);
            assertFalse(q.path("Properties").path("QueryString").asText().isBlank(), id);
        });
        // the fields common's Log writes
        assertTrue(queries.get("ErrorsByTypeAndFunctionLogQuery").path("Properties").path("QueryString").asText()
                .contains("by function, errorType"));
        assertTrue(queries.get("OneRunLogQuery").path("Properties").path("QueryString").asText().contains("filter runId = "));
    }

    private static List<String> publishes(String role) {
        List<String> topics = new ArrayList<>();
        for (JsonNode policy : Template.oneOrMany(T.resource(role).path("Properties").path("Policies"))) {
            for (JsonNode s : Template.oneOrMany(policy.path("PolicyDocument").path("Statement"))) {
                if (Template.oneOrMany(s.path("Action")).stream().anyMatch(a -> a.asText().equals("sns:Publish"))) {
                    Template.oneOrMany(s.path("Resource")).forEach(r -> topics.add(Template.referenced(r)));
                }
            }
        }
        return topics;
    }
}
