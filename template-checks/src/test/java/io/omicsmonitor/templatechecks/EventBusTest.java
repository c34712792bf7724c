package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, blocker 1: no one but HealthOmics, the run-analyzer and the backfill role can make the functions write the
 * lake or publish metrics. HealthOmics' events come on the default bus, where every rule that invokes a function takes
 * only {@code aws.omics} events of this account (and any other rule only sources AWS itself sends); replays and the run-analyzer's own events come on the stack's own bus, whose policy lets
 * only the run-analyzer's role and the backfill role put events, each only its own source.
 */
class EventBusTest {

    static final Template T = Template.PROJECT;

    static final String BUS = "MonitorEventBus";
    static final String ANALYZER_ROLE = "RunAnalyzerRole";
    static final String BACKFILL_ROLE = "BackfillRole";
    static final String OMICS = "aws.omics";
    static final String REPLAY = "omics-monitor.replay";
    static final String MONITOR = "omics-monitor";
    static final String PUT_EVENTS = "events:PutEvents";

    /** One EventBridge rule of the template: a function's {@code EventBridgeRule} event or an AWS::Events::Rule. */
    record Rule(String name, String target, JsonNode bus, JsonNode pattern) {

        boolean onDefaultBus() {
            return bus == null || bus.isMissingNode() || "default".equals(bus.asText(null));
        }

        List<String> sources() {
            return Template.oneOrMany(pattern.path("source")).stream().map(JsonNode::asText).toList();
        }

        /** The pattern without its {@code source}: what the rule selects, wherever the event came from. */
        JsonNode selection() {
            ObjectNode copy = ((ObjectNode) pattern).deepCopy();
            copy.remove("source");
            return copy;
        }
    }

    static List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        T.functions().forEach((function, fn) -> fn.path("Properties").path("Events").properties().forEach(e -> {
            String type = e.getValue().path("Type").asText();
            if (type.equals("EventBridgeRule") || type.equals("CloudWatchEvent")) {
                JsonNode p = e.getValue().path("Properties");
                rules.add(new Rule(function + e.getKey(), function, p.path("EventBusName"), p.path("Pattern")));
            }
        }));
        T.resources("AWS::Events::Rule").forEach((id, r) -> rules.add(new Rule(id, targetFunction(r),
                r.path("Properties").path("EventBusName"), r.path("Properties").path("EventPattern"))));
        return rules;
    }

    /** The function an AWS::Events::Rule invokes, or null when none of its targets is a function of the template. */
    private static String targetFunction(JsonNode rule) {
        for (JsonNode target : Template.oneOrMany(rule.path("Properties").path("Targets"))) {
            String text = Template.text(target.path("Arn"));
            for (String function : T.functions().keySet()) {
                if (text.startsWith("${" + function + ".") || text.equals("${" + function + "}")) {
                    return function;
                }
            }
        }
        return null;
    }

    /** The functions write the lake and publish metrics: on the default bus only HealthOmics may invoke them. */
    @Test
    void everyRuleOnTheDefaultBusThatInvokesAFunctionTakesOnlyHealthOmicsEventsOfThisAccount() {
        List<Rule> onDefault = rules().stream().filter(r -> r.onDefaultBus() && r.target() != null).toList();
        assertFalse(onDefault.isEmpty(), "HealthOmics' events come on the default bus: some rule must take them");
        for (Rule rule : onDefault) {
            assertEquals(List.of(OMICS), rule.sources(), rule.name() + ": source on the default bus");
            assertEquals("[{\"Ref\":\"AWS::AccountId\"}]", rule.pattern().path("account").toString(),
                    rule.name() + ": account on the default bus must be exactly [!Ref AWS::AccountId]");
        }
    }

    /**
     * A rule on the default bus that invokes no function (an alert straight to the topic, say) still takes only events
     * that AWS itself sends: PutEvents refuses {@code aws.*} sources to everyone else.
     */
    @Test
    void everyOtherRuleOnTheDefaultBusTakesOnlyEventsAwsSends() {
        for (Rule rule : rules().stream().filter(r -> r.onDefaultBus() && r.target() == null).toList()) {
            assertFalse(rule.sources().isEmpty(), rule.name() + " must name its sources");
            rule.sources().forEach(source -> assertTrue(source.startsWith("aws."),
                    rule.name() + ": source " + source + " on the default bus; anyone allowed PutEvents could send it"));
        }
    }

    @Test
    void replayAndAnalysisRulesAreOnTheStacksOwnBus() {
        List<Rule> others = rules().stream().filter(r -> !r.onDefaultBus()
                || r.sources().stream().anyMatch(source -> !source.startsWith("aws."))).toList();
        assertFalse(others.isEmpty());
        for (Rule rule : others) {
            assertEquals(BUS, Template.referenced(rule.bus()), rule.name() + " (sources " + rule.sources()
                    + ") must be on the stack's own bus: EventBusName: !Ref " + BUS);
            assertEquals(1, rule.sources().size(), rule.name() + ": one source per rule on the stack's bus");
            assertTrue(Set.of(REPLAY, MONITOR).contains(rule.sources().get(0)), rule.name() + ": " + rule.sources());
            assertEquals("[{\"Ref\":\"AWS::AccountId\"}]", rule.pattern().path("account").toString(),
                    rule.name() + ": account must be exactly [!Ref AWS::AccountId]");
        }
        Map<String, String> analyses = new TreeMap<>();
        others.stream().filter(r -> r.sources().equals(List.of(MONITOR)))
                .forEach(r -> analyses.put(r.name(), r.pattern().path("detail-type").toString()));
        assertEquals(Map.of("CustomMetricsFunctionRunAnalysisCompleted", "[\"Run Analysis Completed\"]"), analyses,
                "only custom-metrics takes the run-analyzer's events");
    }

    /**
     * Backfill replays history through the same functions as live events: a replay rule selects exactly what a live
     * rule of its function selects (only the source differs), and every live rule that takes what backfill replays
     * (a Run Status Change in any status, a Workflow Status Change ACTIVE) has such a replay twin.
     */
    @Test
    void replayRulesAreTwinsOfLiveRules() {
        List<Rule> rules = rules();
        List<Rule> live = rules.stream().filter(r -> r.onDefaultBus() && r.target() != null).toList();
        List<Rule> replays = rules.stream().filter(r -> r.sources().equals(List.of(REPLAY))).toList();
        assertFalse(replays.isEmpty(), "backfill's replays must reach some function");
        for (Rule replay : replays) {
            assertTrue(live.stream().anyMatch(r -> r.target().equals(replay.target())
                            && r.selection().equals(replay.selection())),
                    () -> replay.name() + " selects " + replay.selection() + ", which no live rule of its function does");
        }
        for (Rule rule : live.stream().filter(EventBusTest::takesWhatBackfillReplays).toList()) {
            assertTrue(replays.stream().anyMatch(r -> r.target().equals(rule.target())
                            && r.selection().equals(rule.selection())),
                    () -> rule.name() + " has no replay twin on " + BUS + " selecting " + rule.selection());
        }
    }

    private static boolean takesWhatBackfillReplays(Rule rule) {
        List<String> types = Template.oneOrMany(rule.pattern().path("detail-type")).stream().map(JsonNode::asText).toList();
        List<String> statuses = Template.oneOrMany(rule.pattern().path("detail").path("status")).stream()
                .map(JsonNode::asText).toList();
        return types.contains("Run Status Change")
                || types.contains("Workflow Status Change") && (statuses.isEmpty() || statuses.contains("ACTIVE"));
    }

    @Test
    void theBusPolicyLetsOnlyTheRunAnalyzerAndTheBackfillRolePutEachItsOwnSource() {
        assertEquals(Set.of(BUS), T.resources("AWS::Events::EventBus").keySet(), "the stack's one bus");
        assertEquals(Map.of(), T.resources("AWS::Events::EventBusPolicy"), "the bus's policy is its Policy property alone");
        JsonNode bus = T.resource(BUS).path("Properties");
        String busArn = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/"
                + Template.text(bus.path("Name"));
        assertEquals("omics-monitor-${AWS::StackName}", Template.text(bus.path("Name")));

        Map<String, String> allowed = new TreeMap<>();
        Set<String> denied = new TreeSet<>();
        for (JsonNode json : Template.oneOrMany(bus.path("Policy").path("Statement"))) {
            Template.Statement s = new Template.Statement(BUS, json);
            assertEquals(List.of(PUT_EVENTS), s.actions(), s + ": the bus policy is about PutEvents only");
            assertEquals(List.of(busArn), s.resources(), s + ": the bus's own ARN");
            String effect = json.path("Effect").asText();
            if (effect.equals("Allow")) {
                String role = Template.referenced(json.path("Principal").path("AWS"));
                assertNotNull(role, s + ": an Allow must name one role of this template");
                assertEquals(1, json.path("Principal").size(), s + ": one principal");
                allowed.put(role, s.condition("StringEquals", "events:source").asText());
            } else {
                assertEquals("Deny", effect, s.toString());
                assertEquals("\"*\"", json.path("Principal").toString(), s + ": a Deny holds for every principal");
                JsonNode notThese = s.condition("ArnNotEquals", "aws:PrincipalArn");
                if (!notThese.isMissingNode()) {
                    Set<String> exempt = new TreeSet<>();
                    Template.oneOrMany(notThese).forEach(r -> exempt.add(Template.referenced(r)));
                    assertEquals(Set.of(ANALYZER_ROLE, BACKFILL_ROLE), exempt, s + ": the only principals not denied");
                    assertEquals(1, json.path("Condition").size(), s + ": no further condition may narrow the denial");
                    denied.add("others");
                } else {
                    String role = Template.referenced(s.condition("ArnEquals", "aws:PrincipalArn"));
                    String source = s.condition("StringNotEquals", "events:source").asText();
                    assertEquals(2, json.path("Condition").size(), s + ": the role and the source only");
                    denied.add(role + " unless " + source);
                }
            }
        }
        assertEquals(Map.of(ANALYZER_ROLE, MONITOR, BACKFILL_ROLE, REPLAY), allowed,
                "who may put, and with which source");
        assertEquals(Set.of("others", ANALYZER_ROLE + " unless " + MONITOR, BACKFILL_ROLE + " unless " + REPLAY), denied,
                "an identity policy of this account cannot widen the bus policy: only explicit denials hold against it");
        assertEquals(ANALYZER_ROLE, Template.referenced(T.functionProperty("RunAnalyzerFunction", "Role")),
                "the role the bus lets put analyses is the run-analyzer's");
    }

    @Test
    void onlyTheRunAnalyzerAndTheBackfillRoleMayPutEventsAndOnlyOnTheStacksBus() {
        String busArn = "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/"
                + Template.text(T.resource(BUS).path("Properties").path("Name"));
        Map<String, String> puts = new TreeMap<>();
        T.forEachStatement(s -> {
            if (!s.owner().equals(BUS) && s.actions().contains(PUT_EVENTS)
                    && s.json().path("Effect").asText().equals("Allow")) {
                assertEquals(List.of(PUT_EVENTS), s.actions(), s + ": PutEvents in a statement of its own");
                assertEquals(List.of(busArn), s.resources(), s + ": only on the stack's own bus");
                puts.put(s.owner(), s.condition("StringEquals", "events:source").asText());
            }
        });
        assertEquals(Map.of(ANALYZER_ROLE, MONITOR, BACKFILL_ROLE, REPLAY), puts);

        JsonNode trust = T.resource(BACKFILL_ROLE).path("Properties").path("AssumeRolePolicyDocument").path("Statement");
        assertEquals(1, trust.size());
        assertEquals("arn:${AWS::Partition}:iam::${AWS::AccountId}:root",
                Template.text(trust.get(0).path("Principal").path("AWS")),
                "the backfill role is assumable within this account only (its IAM policies decide by whom)");
    }

    @Test
    void theRunAnalyzerPutsItsAnalysesOnTheStacksBus() {
        JsonNode bus = T.resource("RunAnalyzerFunction").path("Properties").path("Environment").path("Variables")
                .path("EVENT_BUS_NAME");
        assertEquals(BUS, Template.referenced(bus), "RunAnalyzerFunction's EVENT_BUS_NAME must be !Ref " + BUS);
        assertTrue(bus.has("Ref"), "!Ref of an EventBus is its name, what PutEvents' EventBusName takes");
    }

    @Test
    void theStackOutputsTheBusAndTheBackfillRole() {
        JsonNode outputs = T.template.path("Outputs");
        assertEquals(BUS, Template.referenced(outputs.path("EventBusName").path("Value")));
        assertEquals("{\"Fn::GetAtt\":[\"" + BUS + "\",\"Arn\"]}", outputs.path("EventBusArn").path("Value").toString());
        assertEquals("{\"Fn::GetAtt\":[\"" + BACKFILL_ROLE + "\",\"Arn\"]}",
                outputs.path("BackfillRoleArn").path("Value").toString());
    }
}
