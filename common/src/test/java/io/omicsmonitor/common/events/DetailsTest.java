package io.omicsmonitor.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The typed details: what they derive, and what they refuse (values that become S3 keys, ARNs of the wrong kind). */
class DetailsTest {

    static EventEnvelope<JsonNode> withDetail(String type, String detail) {
        return EventReaderTest.read(EventReaderTest.event("detail", detail)
                .replace("\"Run Status Change\"", "\"" + type + "\""));
    }

    static String message(Runnable parse) {
        return assertThrows(InvalidEventException.class, parse::run).getMessage()
                .replace("event c0e540f4-df38-b986-86c1-3e3730f971fe: ", "");
    }

    @Test
    void anOlderRunEventTakesItsRunIdFromTheArn() {
        RunStatusChange run = RunStatusChange.from(withDetail("Run Status Change",
                "{\"omicsVersion\":\"1.0.0\",\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\",\"status\":\"FAILED\"}"));
        assertEquals("2101313", run.runId());
        assertEquals(RunStatus.FAILED, run.status());
        assertNull(run.uuid());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "an S3 ARN         | `{\"arn\":\"arn:aws:s3:::bucket/key\",\"status\":\"COMPLETED\"}`                               | field 'detail.arn' is 'arn:aws:s3:::bucket/key', expected a HealthOmics run ARN",
        "a task ARN        | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/1\",\"status\":\"COMPLETED\"}`           | field 'detail.arn' is a HealthOmics task ARN, expected a run ARN",
        "a path in the ARN | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/../x\",\"status\":\"COMPLETED\"}`         | field 'detail.arn' is 'arn:aws:omics:us-west-2:123456789012:run/../x', whose run id is not a number",
        "unknown status    | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"EXPLODED\"}`             | field 'detail.status' is 'EXPLODED', not one of [PENDING, STARTING, RUNNING, STOPPING, COMPLETED, DELETED, CANCELLED, FAILED]",
        "no status         | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\"}`                                     | field 'detail.status' is missing or empty",
        "empty run id      | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"RUNNING\",\"runId\":\"%2F\"}` | field 'detail.runId' is '%2F', expected a numeric run id",
        "run id a word     | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"RUNNING\",\"runId\":\"abc\"}` | field 'detail.runId' is 'abc', expected a numeric run id",
        "run id an object  | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"RUNNING\",\"runId\":{}}`    | field 'detail.runId' is object, expected text",
        "control character | `{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"RUNNING\",\"runName\":\"a\\u0000b\"}` | field 'detail.runName' contains a control character",
    })
    void refusesABadRunDetail(String name, String detail, String problem) {
        String message = message(() -> RunStatusChange.from(withDetail("Run Status Change", detail)));
        assertTrue(message.startsWith(problem), message);
    }

    @Test
    void aTaskEventTakesItsRunIdFromTheRunArn() {
        TaskStatusChange task = TaskStatusChange.from(withDetail("Task Status Change",
                "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/4402781\",\"status\":\"RUNNING\","
                        + "\"runArn\":\"arn:aws:omics:us-west-2:123456789012:run/7382915\"}"));
        assertEquals("4402781", task.taskId());
        assertEquals("7382915", task.runId());
        assertEquals("field 'detail.status' is DELETED, which HealthOmics never reports for a task",
                message(() -> TaskStatusChange.from(withDetail("Task Status Change",
                        "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/1\",\"status\":\"DELETED\",\"runId\":\"2\"}"))));
        assertEquals("field 'detail.runId' is missing or empty",
                message(() -> TaskStatusChange.from(withDetail("Task Status Change",
                        "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/1\",\"status\":\"RUNNING\"}"))));
    }

    @Test
    void aWorkflowEventNamesItsVersionInTheDetailOrTheArn() {
        WorkflowStatusChange fromDetail = WorkflowStatusChange.from(withDetail("Workflow Status Change",
                "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\",\"status\":\"ACTIVE\","
                        + "\"workflowVersionName\":\"v2.1.0\"}"));
        assertEquals("4716932", fromDetail.workflowId());
        assertEquals("v2.1.0", fromDetail.versionName());
        assertEquals("123456789012", fromDetail.ownerAccount());

        WorkflowStatusChange fromArn = WorkflowStatusChange.from(withDetail("Workflow Status Change",
                "{\"arn\":\"arn:aws:omics:us-east-1::workflow/9000001/version/1.0\",\"status\":\"ACTIVE\"}"));
        assertEquals("9000001", fromArn.workflowId());
        assertEquals("1.0", fromArn.versionName());
        assertEquals("", fromArn.ownerAccount());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"../v1", "v1/x", "%2Fv1", ".hidden"})
    void refusesAVersionNameThatCouldLeaveItsPrefix(String version) {
        String message = message(() -> WorkflowStatusChange.from(withDetail("Workflow Status Change",
                "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\",\"status\":\"ACTIVE\","
                        + "\"workflowVersionName\":\"" + version + "\"}")));
        assertTrue(message.startsWith("field 'detail.workflowVersionName' is '" + version + "', expected a version name"),
                message);
    }

    @Test
    void shortensLongValuesInMessages() {
        String longName = "x".repeat(2000);
        String message = message(() -> RunStatusChange.from(withDetail("Run Status Change",
                "{\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/1\",\"status\":\"RUNNING\",\"runId\":\"" + longName + "\"}")));
        assertTrue(message.length() < 200, message);
        assertTrue(message.contains("xxx..."), message);
    }
}
