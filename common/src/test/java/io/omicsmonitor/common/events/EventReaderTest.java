package io.omicsmonitor.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventReaderTest {

    static final Clock NOW = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    static final EventReader READER = new EventReader(NOW);

    /** The official example from the HealthOmics user guide, with one field replaced. */
    static String event(String field, String json) {
        String id = "\"c0e540f4-df38-b986-86c1-3e3730f971fe\"";
        String source = "\"aws.omics\"";
        String type = "\"Run Status Change\"";
        String time = "\"2022-10-20T22:07:35Z\"";
        String detail = "{\"omicsVersion\":\"1.0.0\",\"arn\":\"arn:aws:omics:us-west-2:123456789012:run/2101313\","
                + "\"status\":\"COMPLETED\",\"uuid\":\"153893cd-097a-40ec-aec7-838a97cd2b21\",\"runId\":\"2101313\","
                + "\"runName\":\"run name\",\"runOutputUri\":\"s3://amzn-s3-demo-bucket/run-output/2101313\","
                + "\"workflowId\":\"1234567\",\"workflowName\":\"workflow name\"}";
        String resources = "[\"arn:aws:omics:us-west-2:123456789012:run/2101313\"]";
        switch (field) {
            case "id" -> id = json;
            case "source" -> source = json;
            case "detail-type" -> type = json;
            case "time" -> time = json;
            case "detail" -> detail = json;
            case "resources" -> resources = json;
            default -> { }
        }
        StringBuilder out = new StringBuilder("{\"version\":\"0\"");
        append(out, "id", id);
        append(out, "detail-type", type);
        append(out, "source", source);
        out.append(",\"account\":\"123456789012\"");
        append(out, "time", time);
        out.append(",\"region\":\"us-west-2\"");
        append(out, "resources", resources);
        append(out, "detail", detail);
        return out.append('}').toString();
    }

    private static void append(StringBuilder out, String name, String json) {
        if (json != null) {
            out.append(",\"").append(name).append("\":").append(json);
        }
    }

    static EventEnvelope<JsonNode> read(String json) {
        return READER.read(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheOfficialExample() {
        EventEnvelope<JsonNode> e = read(event("", null));

        assertEquals("c0e540f4-df38-b986-86c1-3e3730f971fe", e.id());
        assertEquals("Run Status Change", e.detailType());
        assertEquals("aws.omics", e.source());
        assertEquals("123456789012", e.account());
        assertEquals(Instant.parse("2022-10-20T22:07:35Z"), e.time());
        assertEquals("us-west-2", e.region());
        assertEquals(List.of("arn:aws:omics:us-west-2:123456789012:run/2101313"), e.resources());
        assertFalse(e.replay());

        RunStatusChange run = RunStatusChange.from(e);
        assertEquals("2101313", run.runId());
        assertEquals(RunStatus.COMPLETED, run.status());
        assertEquals("us-west-2", run.arn().region());
        assertEquals("workflow name", run.workflowName());
    }

    @Test
    void acceptsAnOffsetAndMillisecondsAndAReplaySource() {
        EventEnvelope<JsonNode> e = read(event("time", "\"2022-10-21T00:07:35.250+02:00\"")
                .replace("\"aws.omics\"", "\"omics-monitor.replay\""));

        assertEquals(Instant.parse("2022-10-20T22:07:35.250Z"), e.time());
        assertTrue(e.replay());
    }

    @Test
    void aReplayIsKnownByItsReplayIdNotByTheIdEventBridgeGaveIt() {
        String replay = event("source", "\"omics-monitor.replay\"")
                .replace("\"workflowName\":\"workflow name\"}", "\"workflowName\":\"workflow name\",\"replayId\":\"6c1f3a2e-9b7d-3e4f-8a5b-1c2d3e4f5a6b\"}");
        assertEquals("replay-6c1f3a2e-9b7d-3e4f-8a5b-1c2d3e4f5a6b", read(replay).id());
        assertEquals("c0e540f4-df38-b986-86c1-3e3730f971fe", read(replay.replace("omics-monitor.replay", "aws.omics")).id(),
                "only replays are renamed");
        assertEquals("event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'detail.replayId' is '../x', expected letters, "
                        + "digits, '_' or '-', with '.' only between two of them (at most 121)",
                assertThrows(InvalidEventException.class,
                        () -> read(replay.replace("6c1f3a2e-9b7d-3e4f-8a5b-1c2d3e4f5a6b", "../x"))).getMessage());
    }

    @Test
    void aReplayNeverTakesTheIdOfALiveEvent() {
        String liveId = "c0e540f4-df38-b986-86c1-3e3730f971fe";
        String forged = event("source", "\"omics-monitor.replay\"")
                .replace("\"workflowName\":\"workflow name\"}", "\"workflowName\":\"workflow name\",\"replayId\":\"" + liveId + "\"}");
        assertEquals("replay-" + liveId, read(forged).id(), "a replayId equal to a live event's id");
        String withoutReplayId = event("source", "\"omics-monitor.replay\"");
        assertEquals("replay-" + liveId, read(withoutReplayId).id(), "a replay without replayId: its EventBridge id, in "
                + "the replays' name space");
        String longReplay = withoutReplayId.replace("\"workflowName\":\"workflow name\"}",
                "\"workflowName\":\"workflow name\",\"replayId\":\"LONG\"}");
        assertEquals("event " + liveId + ": field 'detail.replayId' is '" + "a".repeat(77) + "...', expected letters, "
                        + "digits, '_' or '-', with '.' only between two of them (at most 121)",
                assertThrows(InvalidEventException.class, () -> read(longReplay.replace("LONG", "a".repeat(122))))
                        .getMessage());
        assertEquals("replay-" + "a".repeat(121), read(longReplay.replace("LONG", "a".repeat(121))).id(),
                "the longest replayId still makes a valid object name (128 characters)");
        for (String source : new String[] {"aws.omics", "omics-monitor"}) {
            InvalidEventException e = assertThrows(InvalidEventException.class, () -> read(event("source",
                    "\"" + source + "\"").replace("\"" + liveId + "\"", "\"replay-" + liveId + "\"")));
            assertEquals("event replay-" + liveId + ": field 'id' starts with 'replay-', which only "
                    + "omics-monitor.replay events may use (EventBridge's own ids are UUIDs)", e.getMessage(), source);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "no id                | id          | `null`                        | event (no id): field 'id' is missing or empty",
        "id with a slash      | id          | `\"a/../b\"`                  | event (no id): field 'id' is 'a/../b', expected letters, digits, '_' or '-', with '.' only between two of them (at most 128)",
        "id ending in a dot   | id          | `\"5.\"`                      | event (no id): field 'id' is '5.', expected letters, digits, '_' or '-', with '.' only between two of them (at most 128)",
        "id with two dots     | id          | `\"a..b\"`                    | event (no id): field 'id' is 'a..b', expected letters, digits, '_' or '-', with '.' only between two of them (at most 128)",
        "wrong source         | source      | `\"aws.s3\"`                  | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'source' is 'aws.s3', expected one of",
        "no detail-type       | detail-type | `null`                        | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'detail-type' is missing or empty",
        "time without zone    | time        | `\"2022-10-20T22:07:35\"`     | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'time' is '2022-10-20T22:07:35', expected an ISO-8601 time with a zone",
        "time in the future   | time        | `\"2027-01-01T00:00:00Z\"`    | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'time' is 2027-01-01T00:00:00Z, in the future",
        "time a number        | time        | `1666303655`                  | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'time' is '1666303655', expected an ISO-8601 time",
        "no detail            | detail      | `null`                        | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'detail' is missing or empty",
        "detail a string      | detail      | `\"COMPLETED\"`               | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'detail' is string, expected an object",
        "resources an object  | resources   | `{}`                          | event c0e540f4-df38-b986-86c1-3e3730f971fe: field 'resources' is object, expected an array of ARNs",
    })
    void namesTheEventAndTheFieldOfABadEnvelope(String name, String field, String json, String message) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> read(event(field, json)));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void rejectsBodiesThatAreNotEvents() {
        assertEquals("event (no id): the body is empty, expected an EventBridge event",
                assertThrows(InvalidEventException.class, () -> READER.read(new byte[0])).getMessage());
        assertTrue(assertThrows(InvalidEventException.class, () -> read("{\"id\": ")).getMessage()
                .startsWith("event (no id): the body is not JSON: "));
        assertEquals("event (no id): the body is not a JSON object, expected an EventBridge event",
                assertThrows(InvalidEventException.class, () -> read("[1,2]")).getMessage());
        byte[] huge = event("detail", "{\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals("event (no id): the body is larger than 256 KiB, the most EventBridge delivers; it is not an EventBridge event",
                assertThrows(InvalidEventException.class, () -> READER.read(huge)).getMessage());
    }

    @Test
    void rejectsADetailTypeTheFunctionDoesNotHandle() {
        EventEnvelope<JsonNode> e = read(event("detail-type", "\"Workflow Status Change\""));
        InvalidEventException error = assertThrows(InvalidEventException.class,
                () -> EventReader.requireDetailType(e, java.util.Set.of("Run Status Change")));
        assertEquals("event c0e540f4-df38-b986-86c1-3e3730f971fe: detail-type 'Workflow Status Change' is not one "
                + "this function handles [Run Status Change]", error.getMessage());
    }
}
