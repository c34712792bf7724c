package io.omicsmonitor.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.json.JsonTrees;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** EventReader's tree and its "not JSON" words are Json.MAPPER.readTree's, now without the mapper. */
class EventReaderJsonTest {

    @Test
    void readsEverySampleEventIntoTheTreeReadTreeBuilds() throws IOException {
        List<Path> events;
        try (Stream<Path> files = Files.list(Path.of("..", "events"))) {
            events = files.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(events.size() >= 10, events.toString());
        for (Path event : events) {
            byte[] body = Files.readAllBytes(event);
            JsonNode expected = Json.MAPPER.readTree(body);
            JsonNode actual = JsonTrees.readTree(body);
            assertEquals(expected, actual, event.toString());
            assertEquals(Json.MAPPER.writeValueAsString(expected), Json.MAPPER.writeValueAsString(actual));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"id\": ", "{", "[", "{\"a\" 1}", "{a:1}", "{\"a\":}", "{\"a\":1,}", "[1,]", "tru", "nul",
            "01", "-", "1.", "\"unterminated", "\"bad \\q escape\"", "\"ctrl \u0001\"", "}", "]", "{\"a\":1}}", "{}x",
            "{} {}", "\u00ff", "{\"a\":NaN}", "{\"a\":[1 2]}", "'single'", "/* c */ {}", "{\"a\":1e99999}"})
    void failsOrReadsAsReadTreeDid(String text) {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String expected;
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            expected = root == null || !root.isObject() ? "event (no id): the body is not a JSON object, expected an EventBridge event"
                    : "reads";
        } catch (IOException e) {
            String reason = e instanceof JacksonException je ? je.getOriginalMessage() : e.getMessage();
            expected = "event (no id): the body is not JSON: " + Fields.shorten(String.valueOf(reason));
        }
        if (expected.equals("reads")) {
            // an object: the envelope checks take over (no id here), as before
            assertTrue(assertThrows(InvalidEventException.class, () -> EventReaderTest.READER.read(body)).getMessage()
                    .startsWith("event (no id): field 'id'"));
        } else {
            assertEquals(expected, assertThrows(InvalidEventException.class, () -> EventReaderTest.READER.read(body)).getMessage());
        }
    }

    @Test
    void readsTheContentBeforeTrailingContentAsReadTreeDid() {
        String event = EventReaderTest.event("", null);
        assertEquals(EventReaderTest.READER.read(event.getBytes(StandardCharsets.UTF_8)).detail(),
                EventReaderTest.READER.read((event + " trailing").getBytes(StandardCharsets.UTF_8)).detail());
        assertEquals("event (no id): the body is not a JSON object, expected an EventBridge event",
                assertThrows(InvalidEventException.class, () -> EventReaderTest.READER.read(" \n ".getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
    }
}
