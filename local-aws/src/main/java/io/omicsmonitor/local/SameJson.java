package io.omicsmonitor.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omicsmonitor.json.JsonWriter;
import io.omicsmonitor.mapper.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * For the functions' equivalence tests: what {@link JsonWriter} writes for a value must be, byte for byte, what
 * {@link Json#MAPPER} writes (the lake's rows kept their bytes when the functions stopped using the mapper).
 */
public final class SameJson {

    private SameJson() {
    }

    /** Fails, showing both texts, when the writer's bytes or string differ from the mapper's. */
    public static void assertSameJson(Object value) throws JsonProcessingException {
        byte[] expected = Json.MAPPER.writeValueAsBytes(value);
        byte[] actual = JsonWriter.toBytes(value);
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("JsonWriter's bytes differ from Json.MAPPER's:\n  mapper: "
                    + new String(expected, StandardCharsets.UTF_8) + "\n  writer: " + new String(actual, StandardCharsets.UTF_8));
        }
        String expectedText = Json.MAPPER.writeValueAsString(value);
        String actualText = JsonWriter.toString(value);
        if (!expectedText.equals(actualText)) {
            throw new AssertionError("JsonWriter.toString differs from Json.MAPPER's:\n  mapper: " + expectedText
                    + "\n  writer: " + actualText);
        }
    }
}
