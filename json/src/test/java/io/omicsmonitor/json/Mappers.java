package io.omicsmonitor.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omicsmonitor.mapper.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * The reference: the project's ObjectMapper ({@link Json#MAPPER}, module json-mapper), and the assertion that
 * JsonWriter writes the same bytes through every entry.
 */
final class Mappers {

    static final ObjectMapper MAPPER = Json.MAPPER;

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
