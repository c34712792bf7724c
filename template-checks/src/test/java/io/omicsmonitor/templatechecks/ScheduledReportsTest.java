package io.omicsmonitor.templatechecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.common.events.EventSources;
import io.omicsmonitor.reportgenerator.ReportGenerator;
import io.omicsmonitor.reports.Period;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The scheduled reports' wiring (issue 14): three schedules sending the event report-generator reads. */
class ScheduledReportsTest {

    static final Template T = Template.PROJECT;

    @Test
    void theFunctionIsGivenTheWorkgroupTheBucketTheInfoTopicAndTheTagKeys() {
        JsonNode variables = T.resource("ReportGeneratorFunction").path("Properties").path("Environment")
                .path("Variables");
        assertEquals("AthenaWorkGroup", Template.referenced(variables.path(ReportGenerator.WORKGROUP_VARIABLE)));
        assertEquals("GlueDatabaseName", Template.referenced(variables.path(ReportGenerator.DATABASE_VARIABLE)));
        assertEquals("LakeBucket", Template.referenced(variables.path(ReportGenerator.BUCKET_VARIABLE)));
        assertEquals("InfoAlertTopic", Template.referenced(variables.path(ReportGenerator.TOPIC_VARIABLE)));
        assertEquals("CostAllocationTagKeys", Template.referenced(variables.path(ReportGenerator.TAG_KEYS_VARIABLE)));
    }

    /**
     * The daily report's CloudWatch figures cover the whole stack: every other function (report-generator adds its own
     * name, which it cannot be given), every dead-letter queue, each labelled by its function's module (its CodeUri).
     */
    @Test
    void theDailyReportIsGivenEveryFunctionAndEveryDeadLetterQueueByItsModule() {
        JsonNode variables = T.resource("ReportGeneratorFunction").path("Properties").path("Environment")
                .path("Variables");
        Map<String, String> modules = new TreeMap<>();
        T.functions().keySet().forEach(f -> modules.put(f.replaceAll("Function$", ""),
                Template.text(T.functionProperty(f, "CodeUri")).replace("/target/function.jar", "")));
        Map<String, String> functions = new TreeMap<>();
        for (String entry : Template.text(variables.path(ReportGenerator.FUNCTIONS_VARIABLE)).split(",")) {
            String[] p = entry.split("=", 2);
            functions.put(p[1], p[0]);
        }
        Map<String, String> expected = new TreeMap<>();
        modules.forEach((name, module) -> {
            if (!module.equals("report-generator")) {
                expected.put("${" + name + "Function}", module);
            }
        });
        assertEquals(expected, functions);
        Map<String, String> queues = new TreeMap<>();
        for (String entry : Template.text(variables.path(ReportGenerator.QUEUES_VARIABLE)).split(",")) {
            String[] p = entry.split("=", 2);
            queues.put(p[1], p[0]);
        }
        Map<String, String> deadLetter = new TreeMap<>();
        T.resources("AWS::SQS::Queue").keySet().stream().filter(q -> q.endsWith("DeadLetterQueue")).forEach(q ->
                deadLetter.put("${" + q + ".QueueName}", modules.get(q.replaceAll("DeadLetterQueue$", ""))));
        assertEquals(deadLetter, queues);
        assertEquals(T.functions().size(), queues.size(), "a dead-letter queue per function");
    }

    /** Each schedule's Input, with the scheduler's context attributes filled in, is the event the function reads. */
    @Test
    void eachPeriodHasAScheduleSendingTheEventTheFunctionReads() throws Exception {
        Map<String, String> schedules = new TreeMap<>();
        for (String id : new String[] {"DailyReportSchedule", "WeeklyReportSchedule", "MonthlyReportSchedule"}) {
            JsonNode p = T.resource(id).path("Properties");
            assertEquals("ReportScheduleGroup", Template.referenced(p.path("GroupName")), id);
            assertEquals("UTC", p.path("ScheduleExpressionTimezone").asText(), id);
            JsonNode target = p.path("Target");
            assertEquals("{\"Ref\":\"ReportGeneratorFunction.Alias\"}", target.path("Arn").toString(), id);
            String input = Template.text(target.path("Input"))
                    .replace("${AWS::AccountId}", "123456789012").replace("${AWS::Region}", "us-west-2")
                    .replace("<aws.scheduler.execution-id>", "d32c5kddcf5bb8c3")
                    .replace("<aws.scheduler.scheduled-time>", "2026-11-16T06:00:00Z")
                    .replace("<aws.scheduler.schedule-arn>", "arn:aws:scheduler:us-west-2:123456789012:schedule/g/s");
            JsonNode event = new ObjectMapper().readTree(input);
            assertEquals(ReportGenerator.DETAIL_TYPE, event.path("detail-type").asText(), id);
            assertEquals(EventSources.MONITOR, event.path("source").asText(), id);
            assertEquals("2026-11-16T06:00:00Z", event.path("time").asText(), id);
            schedules.put(Period.parse(event.path("detail").path("period").asText()).id(),
                    p.path("ScheduleExpression").asText());
        }
        assertEquals(Map.of("daily", "cron(0 6 * * ? *)", "weekly", "cron(0 6 ? * MON *)",
                "monthly", "cron(0 6 1 * ? *)"), schedules, "at 06:00 UTC, after the night's compaction");
    }
}
