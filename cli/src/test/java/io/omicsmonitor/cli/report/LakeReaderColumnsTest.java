package io.omicsmonitor.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.mapper.Json;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The queue time and the call-cache mark, read from rows as DuckDB's {@code to_json} gives them: the lake's
 * {@code queued_seconds} and {@code cached} where its writers store them, else what the older columns say.
 */
class LakeReaderColumnsTest {

    static final Instant START = Instant.parse("2026-11-22T09:01:00Z");

    @Test
    void queueTimeIsTheStoredColumnElseCreationToStart() throws Exception {
        assertEquals(12.5, LakeReader.queuedSeconds(json("{\"queued_seconds\":12.5}"),
                json("{\"queued_seconds\":99,\"creation_time\":\"2026-11-22 08:56:30\"}"), START), "run_analysis's first");
        assertEquals(99.0, LakeReader.queuedSeconds(json("{\"queued_seconds\":null}"),
                json("{\"queued_seconds\":99,\"creation_time\":\"2026-11-22 08:56:30\"}"), START), "then the tasks table's");
        assertEquals(270.0, LakeReader.queuedSeconds(json("{}"), json("{\"creation_time\":\"2026-11-22 08:56:30\"}"), START),
                "else from creation (a DuckDB timestamp, UTC) to start");
        assertEquals(270.0, LakeReader.queuedSeconds(json("{}"), json("{\"creation_time\":\"2026-11-22T08:56:30Z\"}"), START));
        assertNull(LakeReader.queuedSeconds(json("{}"), json("{\"creation_time\":null}"), START), "unknown");
        assertNull(LakeReader.queuedSeconds(json("{}"), null, START), "no tasks row");
        assertNull(LakeReader.queuedSeconds(json("{}"), json("{\"creation_time\":\"2026-11-22T09:05:00Z\"}"), START),
                "a creation after the start is not a queue time");
    }

    @Test
    void cachedIsTheStoredColumnAndFalseWithoutOne() throws Exception {
        assertTrue(LakeReader.cached(json("{\"cached\":true}"), null));
        assertTrue(LakeReader.cached(json("{\"cached\":null}"), json("{\"cached\":true}")), "the tasks table's");
        assertFalse(LakeReader.cached(json("{\"cached\":false}"), json("{\"cached\":true}")), "run_analysis's first");
        assertFalse(LakeReader.cached(json("{}"), json("{}")), "a lake written before the column: not cached");
        assertFalse(LakeReader.cached(json("{}"), null));
    }

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }
}
