package io.omicsmonitor.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.RunStatus;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A log line is the bytes Json.MAPPER wrote for the same fields before Log stopped using it. */
class LogJsonTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void restore() {
        Log.redirect(System.out);
    }

    @Test
    void writesEachLineAsTheMapperWould() throws Exception {
        Log.redirect(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Log log = Log.of(LogJsonTest.class);
        IllegalStateException error = new IllegalStateException("bad \"thing\"\n\u0000 é");
        try (LogContext context = LogContext.open("function", "local")) {
            context.put("eventId", "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23");
            LogContext.add("status", RunStatus.FAILED); // an enum, as the handlers add it
            log.warn("prices missing", "resourceTypes", List.of("omics.c.large", "omics.g4dn.xlarge"), "region", "us-west-2",
                    "tasks", 12, "ms", 250L, "estimatedUsd", 0.1 + 0.2, "tiny", 1e-7, "huge", 1e21, "nan", Double.NaN,
                    "getRunFailed", true, "nothing", null, "at", Instant.parse("2022-10-20T22:07:35.120Z"), "odd");
            log.error("event failed", error, "error", error.toString());
        }
        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(2, lines.length);

        Map<String, Object> first = start(lines[0], "WARN", "prices missing");
        first.put("function", "local");
        first.put("eventId", "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23");
        first.put("status", RunStatus.FAILED);
        first.put("resourceTypes", List.of("omics.c.large", "omics.g4dn.xlarge"));
        first.put("region", "us-west-2");
        first.put("tasks", 12);
        first.put("ms", 250L);
        first.put("estimatedUsd", 0.1 + 0.2);
        first.put("tiny", 1e-7);
        first.put("huge", 1e21);
        first.put("nan", Double.NaN);
        first.put("getRunFailed", true);
        first.put("nothing", null);
        first.put("at", Instant.parse("2022-10-20T22:07:35.120Z"));
        assertEquals(mapperLine(first), lines[0]);

        Map<String, Object> second = start(lines[1], "ERROR", "event failed");
        second.put("function", "local");
        second.put("eventId", "3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23");
        second.put("status", RunStatus.FAILED);
        second.put("error", error.toString());
        second.put("errorType", error.getClass().getName());
        second.put("errorMessage", error.getMessage());
        assertEquals(mapperLine(second), lines[1]);
    }

    /** The fields Log puts first; the timestamp is the one the line carries. */
    private static Map<String, Object> start(String line, String level, String message) throws Exception {
        JsonNode parsed = Json.MAPPER.readTree(line);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("timestamp", parsed.get("timestamp").asText());
        fields.put("level", level);
        fields.put("logger", "LogJsonTest");
        fields.put("message", message);
        return fields;
    }

    /** What Log wrote before: Json.MAPPER into a generator of its own over a StringWriter. */
    private static String mapperLine(Map<String, Object> fields) throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonGenerator json = Json.MAPPER.createGenerator(text)) {
            Json.MAPPER.writeValue(json, fields);
        }
        return text.toString();
    }
}
