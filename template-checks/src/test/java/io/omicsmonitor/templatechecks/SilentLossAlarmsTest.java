package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, "Silent-loss paths": every way an event can vanish without a failed invocation has an alarm on the alert
 * topic. Each check walks the template for what must be covered (every rule, every function, every dead-letter queue,
 * every crawler), so a rule, function, queue or crawler added without its alarm fails the build.
 */
class SilentLossAlarmsTest {

    static final Template T = Template.PROJECT;
    static final String TOPIC = "AlertTopic";

    /** SQS keeps a message at most 14 days: the queues keep them that long, and the age alarm fires at most at half. */
    static final long SQS_MAX_RETENTION = 1_209_600;

    /** An alarm of the template: its logical id and properties. */
    record Alarm(String id, JsonNode p) {

        String namespace() {
            return p.path("Namespace").asText();
        }

        String metric() {
            return p.path("MetricName").asText();
        }

        /** Dimension name to value (as JSON, so that intrinsics compare exactly). */
        Map<String, String> dimensions() {
            Map<String, String> dims = new TreeMap<>();
            Template.oneOrMany(p.path("Dimensions")).forEach(d -> dims.put(d.path("Name").asText(), d.path("Value").toString()));
            return dims;
        }

        boolean notifiesTheAlertTopic() {
            return Template.oneOrMany(p.path("AlarmActions")).stream().anyMatch(a -> TOPIC.equals(Template.referenced(a)));
        }
    }

    static List<Alarm> alarms() {
        List<Alarm> alarms = new ArrayList<>();
        T.resources("AWS::CloudWatch::Alarm").forEach((id, a) -> alarms.add(new Alarm(id, a.path("Properties"))));
        return alarms;
    }

    static List<Alarm> alarmsOn(String namespace, String metric, Map<String, String> dimensions) {
        return alarms().stream()
                .filter(a -> a.namespace().equals(namespace) && a.metric().equals(metric) && a.dimensions().equals(dimensions))
                .toList();
    }

    static String ref(String logicalId) {
        return "{\"Ref\":\"" + logicalId + "\"}";
    }

    static String getAtt(String logicalId, String attribute) {
        return "{\"Fn::GetAtt\":[\"" + logicalId + "\",\"" + attribute + "\"]}";
    }

    /**
     * The dimensions of a rule's metrics. On the default bus: RuleName alone. On a custom bus: EventBusName and RuleName,
     * where {@code !Ref} of a rule on a custom bus gives {@code <bus>|<rule>} (CloudFormation's documented quirk,
     * cloudformation-coverage-roadmap#1131), so the name is the part after the '|'.
     */
    static Map<String, String> ruleDimensions(EventBusTest.Rule rule) {
        if (rule.onDefaultBus()) {
            return Map.of("RuleName", ref(rule.name()));
        }
        return Map.of("EventBusName", rule.bus().toString(),
                "RuleName", "{\"Fn::Select\":[1,{\"Fn::Split\":[\"|\"," + ref(rule.name()) + "]}]}");
    }

    /** A rule's targets send undeliverable events to a dead-letter queue: SAM's DeadLetterConfig, or a target's. */
    static boolean hasDeadLetterQueue(EventBusTest.Rule rule) {
        JsonNode rules = T.template.path("Resources").path(rule.name());
        if (!rules.isMissingNode()) {
            return Template.oneOrMany(rules.path("Properties").path("Targets")).stream()
                    .anyMatch(t -> t.has("DeadLetterConfig"));
        }
        JsonNode event = T.resource(rule.target()).path("Properties").path("Events")
                .path(rule.name().substring(rule.target().length()));
        return event.path("Properties").has("DeadLetterConfig");
    }

    static Stream<EventBusTest.Rule> rules() {
        return EventBusTest.rules().stream();
    }

    static Stream<String> functions() {
        return T.functions().keySet().stream();
    }

    static Stream<String> queues() {
        return T.resources("AWS::SQS::Queue").keySet().stream();
    }

    /** Every alarm of this class counts an event lost or stuck: one is enough, missing data is "nothing happened". */
    static void assertCountsOneLoss(Alarm alarm) {
        assertEquals("Sum", alarm.p().path("Statistic").asText(), alarm.id() + ": Statistic");
        assertTrue(alarm.p().path("Period").asInt() <= 300, alarm.id() + ": at most 5 minutes to notice");
        assertEquals(1, alarm.p().path("EvaluationPeriods").asInt(), alarm.id() + ": EvaluationPeriods");
        assertEquals(1, alarm.p().path("Threshold").asInt(), alarm.id() + ": Threshold");
        assertEquals("GreaterThanOrEqualToThreshold", alarm.p().path("ComparisonOperator").asText(), alarm.id());
        assertEquals("notBreaching", alarm.p().path("TreatMissingData").asText(),
                alarm.id() + ": these metrics are published only when not zero");
        assertTrue(alarm.notifiesTheAlertTopic(), alarm.id() + " must notify " + TOPIC);
    }

    static Alarm theOneAlarm(String what, String namespace, String metric, Map<String, String> dimensions) {
        List<Alarm> found = alarmsOn(namespace, metric, dimensions);
        assertEquals(1, found.size(), () -> what + ": expected one " + namespace + " " + metric + " alarm with dimensions "
                + dimensions + ", found " + found.stream().map(Alarm::id).toList());
        return found.get(0);
    }

    @Test
    void theRulesAreFound() {
        Set<String> names = new TreeSet<>(rules().map(EventBusTest.Rule::name).toList());
        assertTrue(names.containsAll(Set.of("StatusEventRecorderFunctionStatusChanges",
                "StatusEventRecorderFunctionStatusChangeReplays", "CustomMetricsFunctionRunAnalysisCompleted",
                "StatusEventRecorderFunctionWorkflowHistoryAndJobFailures", "StatusEventRecorderFunctionSecurityChanges",
                "CustomMetricsFunctionTaskFailures",
                "CrawlerFailedRule")), names.toString());
    }

    /** EventBridge gave up on a delivery (after 185 attempts in a day): FailedInvocations, per rule. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyRuleHasAFailedInvocationsAlarm(EventBusTest.Rule rule) {
        assertCountsOneLoss(theOneAlarm(rule.name(), "AWS/Events", "FailedInvocations", ruleDimensions(rule)));
    }

    /** EventBridge could not even put the undeliverable event into the dead-letter queue: the event is gone. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void everyRuleWithADeadLetterQueueHasAnAlarmOnEventsItCouldNotPutThere(EventBusTest.Rule rule) {
        if (!hasDeadLetterQueue(rule)) {
            assertTrue(alarmsOn("AWS/Events", "InvocationsFailedToBeSentToDlq", ruleDimensions(rule)).isEmpty(),
                    rule.name() + " has no dead-letter queue: an alarm on failing to reach one would never fire");
            return;
        }
        assertCountsOneLoss(theOneAlarm(rule.name(), "AWS/Events", "InvocationsFailedToBeSentToDlq", ruleDimensions(rule)));
    }

    @Test
    void everyFunctionsRulesHaveADeadLetterQueue() {
        rules().filter(r -> r.target() != null).forEach(r -> assertTrue(hasDeadLetterQueue(r), r.name()));
    }

    /**
     * Lambda could not hand a failed invocation to the OnFailure destination (DestinationDeliveryFailures), or dropped
     * an event from its async queue (AsyncEventsDropped: too old, or retries exhausted) with nowhere to put it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyFunctionHasAlarmsOnLambdasOwnLosses(String function) {
        Map<String, String> dims = Map.of("FunctionName", ref(function));
        assertCountsOneLoss(theOneAlarm(function, "AWS/Lambda", "DestinationDeliveryFailures", dims));
        assertCountsOneLoss(theOneAlarm(function, "AWS/Lambda", "AsyncEventsDropped", dims));
    }

    /**
     * A dead-letter message nobody redrives is deleted by SQS when its retention ends: the age alarm fires while at least
     * half the retention is left. Every queue of the template is a dead-letter queue.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("queues")
    void everyDeadLetterQueueAlarmsLongBeforeItsMessagesExpire(String queue) {
        long retention = T.resource(queue).path("Properties").path("MessageRetentionPeriod").asLong(345_600);
        assertEquals(SQS_MAX_RETENTION, retention, queue + ": keep dead letters as long as SQS allows (14 days)");
        Alarm age = theOneAlarm(queue, "AWS/SQS", "ApproximateAgeOfOldestMessage",
                Map.of("QueueName", getAtt(queue, "QueueName")));
        assertEquals("Maximum", age.p().path("Statistic").asText(), age.id());
        assertEquals("GreaterThanOrEqualToThreshold", age.p().path("ComparisonOperator").asText(), age.id());
        long threshold = age.p().path("Threshold").asLong();
        assertTrue(threshold > 0 && threshold <= retention / 2,
                age.id() + ": threshold " + threshold + " s must leave at least half of the " + retention + " s retention");
        assertTrue(age.notifiesTheAlertTopic(), age.id());
    }

    /**
     * EventBridge Scheduler drops an invocation it could not make after its retries (InvocationDroppedCount, per
     * schedule group): every schedule group of the template has an alarm on it, on the alert topic.
     */
    @Test
    void everyScheduleGroupAlarmsWhenTheSchedulerDropsAnInvocation() {
        Set<String> groups = T.resources("AWS::Scheduler::ScheduleGroup").keySet();
        assertTrue(groups.containsAll(Set.of("CompactionScheduleGroup", "BudgetScheduleGroup")), groups.toString());
        for (String group : groups) {
            Alarm dropped = theOneAlarm(group, "AWS/Scheduler", "InvocationDroppedCount",
                    Map.of("ScheduleGroup", ref(group)));
            assertEquals("Sum", dropped.p().path("Statistic").asText(), dropped.id());
            assertEquals(0, dropped.p().path("Threshold").asInt(), dropped.id());
            assertEquals("GreaterThanThreshold", dropped.p().path("ComparisonOperator").asText(), dropped.id());
            assertEquals("notBreaching", dropped.p().path("TreatMissingData").asText(), dropped.id());
            assertTrue(dropped.notifiesTheAlertTopic(), dropped.id());
        }
        T.resources("AWS::Scheduler::Schedule").forEach((id, schedule) -> assertTrue(
                groups.contains(Template.referenced(schedule.path("Properties").path("GroupName"))),
                id + " belongs to a schedule group of the template, which its alarm watches"));
    }

    /**
     * Glue publishes no CloudWatch metric for crawlers; its "Glue Crawler State Change" event does say Failed. Every
     * crawler of the template has a rule on that event, for that crawler, with the alert topic as its target and a
     * readable message.
     */
    @Test
    void everyCrawlerFailureReachesTheAlertTopic() {
        Set<String> crawlers = T.resources("AWS::Glue::Crawler").keySet();
        assertFalse(crawlers.isEmpty());
        for (String crawler : crawlers) {
            List<String> rules = new ArrayList<>();
            T.resources("AWS::Events::Rule").forEach((id, r) -> {
                JsonNode pattern = r.path("Properties").path("EventPattern");
                if (pattern.path("source").toString().equals("[\"aws.glue\"]")
                        && pattern.path("detail-type").toString().equals("[\"Glue Crawler State Change\"]")
                        && pattern.path("detail").path("crawlerName").toString().equals("[" + ref(crawler) + "]")) {
                    assertEquals("[\"Failed\"]", pattern.path("detail").path("state").toString(), id);
                    JsonNode target = r.path("Properties").path("Targets").get(0);
                    assertEquals(TOPIC, Template.referenced(target.path("Arn")), id + " must notify " + TOPIC);
                    String template = target.path("InputTransformer").path("InputTemplate").asText();
                    assertTrue(template.contains("<crawler>") && template.contains("<error>"),
                            id + ": the alert names the crawler and Glue's error message: " + template);
                    assertEquals("$.detail.errorMessage",
                            target.path("InputTransformer").path("InputPathsMap").path("error").asText(), id);
                    rules.add(id);
                }
            });
            assertEquals(1, rules.size(), crawler + ": one failure rule, found " + rules);
        }
    }

    /**
     * The heartbeat: HealthOmics wrote run logs (its own activity, which nothing in this stack feeds) and the status
     * recorder was invoked zero times, over the same window of HeartbeatHours. A composite of two alarms, each without
     * actions of its own: the quiet recorder treats missing data as breaching (no invocation publishes no data), the
     * busy HealthOmics as not breaching (no logs: nothing running, nothing expected).
     */
    @Test
    void theHeartbeatFiresWhenHealthOmicsIsBusyAndNothingIsRecorded() throws Exception {
        Map<String, JsonNode> composites = T.resources("AWS::CloudWatch::CompositeAlarm");
        JsonNode heartbeat = composites.get("HealthOmicsHeartbeatAlarm");
        assertNotNull(heartbeat, "a composite alarm HealthOmicsHeartbeatAlarm");
        JsonNode hp = heartbeat.path("Properties");
        assertEquals(List.of(TOPIC), Template.oneOrMany(hp.path("AlarmActions")).stream().map(Template::referenced).toList());
        String rule = Template.text(hp.path("AlarmRule"));
        Matcher m = Pattern.compile("^ALARM\\(\"\\$\\{(\\w+)}\"\\) AND ALARM\\(\"\\$\\{(\\w+)}\"\\)$").matcher(rule);
        assertTrue(m.matches(), "two alarms, both in ALARM: " + rule);
        Map<String, Alarm> parts = new LinkedHashMap<>();
        for (String id : List.of(m.group(1), m.group(2))) {
            parts.put(id, new Alarm(id, T.resource(id).path("Properties")));
        }
        Alarm busy = parts.values().stream().filter(a -> a.namespace().equals("AWS/Logs")).findFirst().orElseThrow();
        Alarm quiet = parts.values().stream().filter(a -> a.namespace().equals("AWS/Lambda")).findFirst().orElseThrow();

        assertEquals("IncomingLogEvents", busy.metric());
        assertEquals(Map.of("LogGroupName", ref("ManifestLogGroup")), busy.dimensions(),
                "HealthOmics' run log group, where it writes run and task logs and the manifests");
        assertEquals("GreaterThanOrEqualToThreshold", busy.p().path("ComparisonOperator").asText());
        assertEquals(1, busy.p().path("Threshold").asInt());
        assertEquals("notBreaching", busy.p().path("TreatMissingData").asText());

        assertEquals("Invocations", quiet.metric());
        assertEquals(Map.of("FunctionName", ref("StatusEventRecorderFunction")), quiet.dimensions());
        assertEquals("LessThanThreshold", quiet.p().path("ComparisonOperator").asText());
        assertEquals(1, quiet.p().path("Threshold").asInt());
        assertEquals("breaching", quiet.p().path("TreatMissingData").asText(),
                "a recorder never invoked publishes no Invocations at all: that must count as quiet");

        String period = "{\"Fn::FindInMap\":[\"HeartbeatPeriod\",{\"Ref\":\"HeartbeatHours\"},\"Seconds\"]}";
        for (Alarm part : List.of(busy, quiet)) {
            assertEquals("Sum", part.p().path("Statistic").asText(), part.id());
            assertEquals(period, part.p().path("Period").toString(), part.id() + ": one window of HeartbeatHours");
            assertEquals(1, part.p().path("EvaluationPeriods").asInt(), part.id());
            assertTrue(part.p().path("AlarmActions").isMissingNode(), part.id() + ": only the composite alerts");
        }

        JsonNode hours = T.template.path("Parameters").path("HeartbeatHours");
        JsonNode mapping = T.template.path("Mappings").path("HeartbeatPeriod");
        List<String> allowed = Template.oneOrMany(hours.path("AllowedValues")).stream().map(JsonNode::asText).toList();
        assertTrue(allowed.contains(hours.path("Default").asText()));
        assertEquals(new TreeSet<>(allowed), new TreeSet<>(iterable(mapping.fieldNames())), "a period for every allowed value");
        for (String h : allowed) {
            long seconds = mapping.path(h).path("Seconds").asLong();
            assertEquals(Long.parseLong(h) * 3600, seconds, "HeartbeatPeriod " + h);
            assertTrue(seconds <= 86_400, "an alarm period of at most a day");
        }
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
