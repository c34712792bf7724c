package io.omicsmonitor.cli.invoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.CommandRun;
import io.omicsmonitor.cli.ProjectFiles;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `invoke` on the project's template.yaml and sample events, against the embedded local AWS. */
class InvokeCommandTest {

    static final Path EVENTS = ProjectFiles.locate().events();
    static final String BUCKET = "omics-monitor-lake-bucket";

    @TempDir
    Path lake;

    @Test
    void runsAFunctionByItsShortNameAndPrintsItsResult() throws IOException {
        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", event("run-completed.json"),
                "--lake", lake.toString());

        assertEquals(0, run.exitCode(), run.err());
        String key = "lake/run_status_events/year=2026/month=11/day=20/2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12.json";
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertEquals("2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12", result.get("eventId").asText());
        assertEquals("s3://" + BUCKET + "/" + key, result.get("object").asText());
        assertTrue(result.get("alertMessageId").isNull());
        JsonNode row = Json.MAPPER.readTree(lake.resolve(BUCKET).resolve(key).toFile());
        assertEquals("COMPLETED", row.get("status").asText());
        assertEquals("7382915", row.get("run_id").asText());
    }

    /** invoke runs what it is asked to, and says when the template's rules would not have routed the event there. */
    @Test
    void anEventNoRuleOfTheFunctionMatchesIsNoted() throws IOException {
        CommandRun routed = CommandRun.of("invoke", "manifest-processor", "-e", event("run-completed.json"),
                "--lake", lake.toString());
        CommandRun notRouted = CommandRun.of("invoke", "manifest-processor", "-e", event("run-running.json"),
                "--lake", lake.toString());

        assertFalse(routed.err().contains("note: no rule"), routed.err());
        assertTrue(notRouted.err().contains("note: no rule of manifest-processor in the template matches this event; on "
                + "AWS EventBridge would not deliver it to the function (invoked anyway, as asked)\n"), notRouted.err());
    }

    @Test
    void aFailedRunsAlertGoesToTheLocalSns() throws IOException {
        CommandRun run = CommandRun.of("invoke", "StatusEventRecorderFunction", "-e", event("run-failed.json"),
                "--lake", lake.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Json.MAPPER.readTree(run.out()).get("alertMessageId").isTextual(), run.out());
        assertTrue(run.err().contains("local SNS publish: [CRITICAL] HealthOmics run FAILED: HG002-somatic-tumor-normal (9103774)\n"),
                run.err());
    }

    @Test
    void readsTheRecordedManifestThroughTheLogsApi() throws IOException {
        CommandRun run = CommandRun.of("invoke", "manifest-processor", "-e", event("run-completed.json"),
                "--lake", lake.toString());

        assertEquals(0, run.exitCode(), run.err());
        long tasks = Files.readAllLines(EVENTS.resolve("recorded/logs/manifest-run-7382915.ndjson")).stream()
                .filter(l -> l.contains(":task/")).count();
        JsonNode result = Json.MAPPER.readTree(run.out());
        assertEquals(tasks, result.get("taskCount").asLong());
        assertEquals(tasks, Files.readAllLines(lake.resolve(BUCKET).resolve(
                result.get("tasksObject").asText().substring(("s3://" + BUCKET + "/").length()))).size());
    }

    @Test
    void aBadEventFailsAsLambdaReportsIt() throws IOException {
        ObjectNode event = (ObjectNode) Json.MAPPER.readTree(EVENTS.resolve("run-completed.json").toFile());
        event.remove("detail");
        Path file = lake.resolve("no-detail.json");
        Files.write(file, Json.MAPPER.writeValueAsBytes(event));

        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", file.toString(), "--lake", lake.toString());

        assertEquals(1, run.exitCode());
        JsonNode error = Json.MAPPER.readTree(run.out());
        assertEquals("event 2c3d4e5f-6071-8293-a4b5-c6d7e8f90a12: field 'detail' is missing or empty",
                error.get("errorMessage").asText());
        assertEquals("io.omicsmonitor.common.events.InvalidEventException", error.get("errorType").asText());
        assertTrue(error.get("stackTrace").get(0).asText().startsWith("io.omicsmonitor.common."), error.toString());
        assertEquals("[errorMessage, errorType, stackTrace]", fieldNames(error));
    }

    @Test
    void aConfigurationErrorIsTheFunctionsInitError() throws IOException {
        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", event("run-pending.json"),
                "--lake", lake.toString(), "--env", "LAKE_PREFIX=../escape");

        assertEquals(1, run.exitCode());
        JsonNode error = Json.MAPPER.readTree(run.out());
        assertEquals("io.omicsmonitor.common.Env$ConfigurationException", error.get("errorType").asText());
        assertEquals("lake prefix segment '..' must be letters, digits, '.', '_', '=' or '-'",
                error.get("errorMessage").asText());
    }

    @Test
    void anUnreadableEventFileSaysWhatToGive() {
        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", "events/nope.json", "--lake", lake.toString());

        assertEquals(2, run.exitCode());
        assertEquals("invoke: cannot read the event file events/nope.json: it does not exist; give the path of a JSON "
                + "event, e.g. -e events/run-completed.json\n", run.err());
    }

    @Test
    void anEventFileThatIsNotJsonSaysWhere() throws IOException {
        Path file = lake.resolve("broken.json");
        Files.writeString(file, "{\n  \"id\": \"x\",\n  oops\n}\n");

        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", file.toString(), "--lake", lake.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("invoke: the event file " + file + " is not valid JSON: "), run.err());
        assertTrue(run.err().endsWith("(line 3, column 3)\n"), run.err());
    }

    @Test
    void anUnknownFunctionListsTheTemplatesFunctions() {
        CommandRun run = CommandRun.of("invoke", "no-such-function", "-e", event("run-pending.json"));

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("its functions are: status-event-recorder (StatusEventRecorderFunction), "
                + "workflow-records (WorkflowRecordsFunction), "), run.err());
    }

    @Test
    void againstAwsTheStacksValuesMustBeGiven() {
        CommandRun run = CommandRun.of("invoke", "status-event-recorder", "-e", event("run-pending.json"), "--aws",
                "--region", "us-west-2");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("invoke: StatusEventRecorderFunction needs values that only the deployed stack "
                + "knows:\n  LAKE_BUCKET (the template sets it to the deployed resource LakeBucket (AWS::S3::Bucket))\n"
                + "  ALERT_TOPIC_ARN (the template sets it to the deployed resource AlertTopic (AWS::SNS::Topic))\n"),
                run.err());
    }

    private static String event(String name) {
        return EVENTS.resolve(name).toString();
    }

    private static String fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.toString();
    }
}
