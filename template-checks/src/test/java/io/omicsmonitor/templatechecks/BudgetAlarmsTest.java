package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.budgets.BudgetMetrics;
import io.omicsmonitor.budgets.BudgetMonitor;
import io.omicsmonitor.budgets.MonthlyBudgets;
import io.omicsmonitor.common.events.EventSources;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, budgets: the two alarms per MonthlyBudgets entry watch exactly what budget-monitor publishes (its
 * {@link BudgetMetrics} constants: metric, dimension, levels) in the namespace it publishes to, and the schedule sends
 * the event it reads.
 */
class BudgetAlarmsTest {

    static final Template T = Template.PROJECT;
    static final String LOOP = "Fn::ForEach::BudgetAlarms";

    static JsonNode loop() {
        JsonNode loop = T.template.path("Resources").path(LOOP);
        assertEquals(3, loop.size(), LOOP + ": [identifier, collection, resources]");
        return loop;
    }

    @Test
    void theLoopMakesTwoAlarmsPerEntryOfMonthlyBudgets() {
        assertEquals("AWS::LanguageExtensions", T.template.path("Transform").get(0).asText(),
                "Fn::ForEach needs AWS::LanguageExtensions, before SAM's transform");
        JsonNode loop = loop();
        assertEquals("Budget", loop.get(0).asText());
        assertEquals("MonthlyBudgets", Template.referenced(loop.get(1)));
        assertEquals(List.of("BudgetWarning&{Budget}Alarm", "BudgetCritical&{Budget}Alarm"),
                iterable(loop.get(2).fieldNames()));
    }

    @Test
    void eachAlarmWatchesThePublishedPercentageOfItsBudgetAtItsLevel() {
        Map<String, Integer> levels = Map.of("BudgetWarning&{Budget}Alarm", BudgetMetrics.WARNING_PERCENT,
                "BudgetCritical&{Budget}Alarm", BudgetMetrics.CRITICAL_PERCENT);
        assertEquals(80, BudgetMetrics.WARNING_PERCENT, "the issue's warning level");
        assertEquals(100, BudgetMetrics.CRITICAL_PERCENT, "the issue's critical level");
        String nameOfEntry = "{\"Fn::Select\":[0,{\"Fn::Split\":[\"=\",{\"Ref\":\"Budget\"}]}]}";
        loop().get(2).properties().forEach(e -> {
            String id = e.getKey();
            JsonNode alarm = e.getValue();
            assertEquals("AWS::CloudWatch::Alarm", alarm.path("Type").asText(), id);
            assertEquals("BudgetsOn", alarm.path("Condition").asText(), id + ": no alarm without budgets");
            JsonNode p = alarm.path("Properties");
            assertEquals("MetricsNamespace", Template.referenced(p.path("Namespace")), id);
            assertEquals(BudgetMetrics.USED_PERCENT, p.path("MetricName").asText(), id);
            assertEquals(1, p.path("Dimensions").size(), id + ": the one dimension budget-monitor publishes");
            assertEquals(BudgetMetrics.DIMENSION, p.path("Dimensions").get(0).path("Name").asText(), id);
            assertEquals(nameOfEntry, p.path("Dimensions").get(0).path("Value").toString(),
                    id + ": the entry's name, before its '=' (Budget.name())");
            assertEquals((int) levels.get(id), p.path("Threshold").asInt(), id);
            assertEquals("GreaterThanOrEqualToThreshold", p.path("ComparisonOperator").asText(), id);
            assertEquals("Maximum", p.path("Statistic").asText(), id);
            assertEquals(3600, p.path("Period").asInt(), id + ": one hourly point a period (BudgetCheckSchedule)");
            // missing data: not breaching, so no alarm; and 1 of 2 periods, so one missed run does not clear one
            assertEquals("notBreaching", p.path("TreatMissingData").asText(), id);
            assertEquals(2, p.path("EvaluationPeriods").asInt(), id);
            assertEquals(1, p.path("DatapointsToAlarm").asInt(), id);
            // issue 16's routing: 80 % is a warning, 100 % critical
            assertEquals(List.of(id.startsWith("BudgetWarning") ? "WarningAlertTopic" : "AlertTopic"),
                    Template.oneOrMany(p.path("AlarmActions")).stream().map(Template::referenced).toList(), id);
            assertTrue(p.path("AlarmDescription").toString().contains(levels.get(id) + "%"), id);
        });
    }

    /** The dimension the template derives from an entry is the name the function publishes under. */
    @Test
    void theTemplatesNameOfAnEntryIsTheFunctions() {
        for (String entry : List.of("project:oncology=5000", "workflow:1234567=2000", "cost-center:cc 7/a=250.50",
                "team:x:y=1")) {
            assertEquals(entry.split("=")[0], MonthlyBudgets.parse(entry).get(0).name(), entry);
        }
    }

    /** An empty MonthlyBudgets is one empty member: BudgetsOn is false for it, true for any budget. */
    @Test
    void withoutBudgetsThereAreNoAlarmsAndTheScheduleIsOff() {
        JsonNode parameter = T.template.path("Parameters").path("MonthlyBudgets");
        assertEquals("CommaDelimitedList", parameter.path("Type").asText());
        assertEquals("", parameter.path("Default").asText(), "budgets are off by default");
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Fn::Join\":[\"\",{\"Ref\":\"MonthlyBudgets\"}]},\"\"]}]}",
                T.template.path("Conditions").path("BudgetsOn").toString());
        assertEquals("{\"Fn::If\":[\"BudgetsOn\",\"ENABLED\",\"DISABLED\"]}",
                T.resource("BudgetCheckSchedule").path("Properties").path("State").toString());
        JsonNode rule = T.template.path("Rules").path("BudgetsHaveNoEmptyEntry");
        assertEquals("{\"Fn::Not\":[{\"Fn::EachMemberEquals\":[{\"Ref\":\"MonthlyBudgets\"},\"\"]}]}",
                rule.path("RuleCondition").toString(), "only with budgets set");
        assertEquals("{\"Fn::Not\":[{\"Fn::Contains\":[{\"Ref\":\"MonthlyBudgets\"},\"\"]}]}",
                rule.path("Assertions").get(0).path("Assert").toString(), "an empty entry among budgets is refused");
    }

    /** The parameter's pattern (each member) lets through what the function accepts, and refuses the shapes it cannot. */
    @Test
    void theParametersPatternAgreesWithTheParser() {
        Pattern member = Pattern.compile(T.template.path("Parameters").path("MonthlyBudgets").path("AllowedPattern")
                .asText());
        for (String ok : List.of("project:oncology=5000", "workflow:1234567=2000", "cost-center:cc 7/a=250.50",
                "team:x:y=0.01")) {
            assertTrue(member.matcher(ok).matches(), ok);
            assertEquals(1, MonthlyBudgets.parse(ok).size(), ok);
        }
        for (String bad : List.of("oncology=5", "project:oncology", "project:x=$5", "a:b=1=2", "project:x=1.234",
                ":x=5", "project:=5")) {
            assertFalse(member.matcher(bad).matches(), bad);
            assertThrows(MonthlyBudgets.InvalidBudgetsException.class, () -> MonthlyBudgets.parse(bad), bad);
        }
    }

    @Test
    void theFunctionIsGivenTheBudgetsAndTheNamespaceItReads() {
        JsonNode variables = T.resource("BudgetMonitorFunction").path("Properties").path("Environment").path("Variables");
        assertEquals("{\"Fn::Join\":[\",\",{\"Ref\":\"MonthlyBudgets\"}]}",
                variables.path(BudgetMonitor.BUDGETS_VARIABLE).toString());
        assertEquals("MetricsNamespace", Template.referenced(variables.path(BudgetMetrics.NAMESPACE_VARIABLE)));
        assertEquals("AthenaWorkGroup", Template.referenced(variables.path(BudgetMonitor.WORKGROUP_VARIABLE)));
        assertEquals("GlueDatabaseName", Template.referenced(variables.path(BudgetMonitor.DATABASE_VARIABLE)));
    }

    /** The schedule's Input, with the scheduler's context attributes filled in, is the event the function reads. */
    @Test
    void theScheduleSendsTheEventTheFunctionReads() throws Exception {
        JsonNode target = T.resource("BudgetCheckSchedule").path("Properties").path("Target");
        String input = Template.text(target.path("Input"))
                .replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "us-west-2")
                .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                .replace("<aws.scheduler.scheduled-time>", "2026-11-24T11:25:00Z")
                .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-west-2:123456789012:schedule/g/s");
        JsonNode event = new ObjectMapper().readTree(input);
        assertEquals(BudgetMonitor.DETAIL_TYPE, event.path("detail-type").asText());
        assertEquals(EventSources.MONITOR, event.path("source").asText());
        assertEquals("2026-11-24T11:25:00Z", event.path("time").asText());
        assertEquals("d32c5kddcf5bb8c3", event.path("id").asText());
        JsonNode sample = new ObjectMapper().readTree(T.root.resolve("events/budget-check.json").toFile());
        assertEquals(sample.path("detail-type"), event.path("detail-type"), "events/budget-check.json is what it sends");
        assertEquals(sample.path("source"), event.path("source"));
        assertEquals("cron(25 * * * ? *)", T.resource("BudgetCheckSchedule").path("Properties")
                .path("ScheduleExpression").asText(), "hourly, after run_analysis' compaction at minute 15");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
