package io.omicsmonitor.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The reference: an ObjectMapper configured exactly as {@code io.omicsmonitor.common.Json.MAPPER} (which this module
 * cannot see: common depends on it), and the assertion that JsonWriter writes the same bytes through every entry.
 */
final class Mappers {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .build();

    private Mappers() {
    }

    /** {@code value} written by JsonWriter and by the mapper: the same bytes, whichever way it is written. */
    static void assertSameJson(Object value) throws IOException {
        byte[] expected = MAPPER.writeValueAsBytes(value);
        byte[] actual = JsonWriter.toBytes(value);
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8));
        assertArrayEquals(expected, actual);

        assertEquals(MAPPER.writeValueAsString(value), JsonWriter.toString(value));

        ByteArrayOutputStream mapperStream = new ByteArrayOutputStream();
        ByteArrayOutputStream writerStream = new ByteArrayOutputStream();
        MAPPER.writeValue(mapperStream, value);
        JsonWriter.write(writerStream, value);
        assertArrayEquals(mapperStream.toByteArray(), writerStream.toByteArray());

        // in a generator the caller made and owns, as Log does
        StringWriter mapperText = new StringWriter();
        StringWriter writerText = new StringWriter();
        try (JsonGenerator json = MAPPER.createGenerator(mapperText)) {
            MAPPER.writeValue(json, value);
        }
        try (JsonGenerator json = JsonWriter.factory().createGenerator(writerText)) {
            JsonWriter.writeLenient(json, value);
        }
        assertEquals(mapperText.toString(), writerText.toString());
    }

    /** What writing {@code value} gives: its bytes as text, or the failure (for values the generator itself refuses). */
    static String outcome(ThrowingWrite write) {
        try {
            return "wrote " + new String(write.bytes(), StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    interface ThrowingWrite {
        byte[] bytes() throws Exception;
    }
}
