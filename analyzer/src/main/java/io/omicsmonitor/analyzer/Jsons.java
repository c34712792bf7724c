package io.omicsmonitor.analyzer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Pretty JSON for the files {@code analyze} writes: two-space indent, {@code \n} line ends, a final newline. Written
 * with jackson-core's generator and {@link JsonWriter}, not an ObjectMapper: this library ships in the run-analyzer
 * function's jar, where databind beyond its tree model is not loaded (bench's FunctionJarsTest).
 */
final class Jsons {

    private Jsons() {
    }

    static String pretty(JsonNode node) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JsonWriter.factory().createGenerator(text)) {
            json.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
            JsonWriter.write(json, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serializes into a String
        }
        return text + "\n";
    }
}
