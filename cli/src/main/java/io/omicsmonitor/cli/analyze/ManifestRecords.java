package io.omicsmonitor.cli.analyze;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.mapper.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code analyze --show}: a run's manifest records as HealthOmics wrote them, one JSON array indented by two spaces,
 * ordered by creationTime as upstream's {@code --show} orders them (records without one, call-cached tasks, first;
 * otherwise in log order).
 */
final class ManifestRecords {

    private static final DefaultPrettyPrinter TWO_SPACES = new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));

    private final List<JsonNode> records = new ArrayList<>();

    /** One log message: one record. */
    void add(String message) {
        try {
            records.add(Json.MAPPER.readTree(message));
        } catch (JsonProcessingException e) {
            records.add(null); // the manifest reader names the bad record and fails the command
        }
    }

    void write(PrintWriter out) throws JsonProcessingException {
        List<JsonNode> sorted = new ArrayList<>(records);
        // upstream: sorted(resources, key=lambda x: x.get("creationTime", "1970-01-01")), a stable sort on the text
        sorted.sort(Comparator.comparing(r -> r.path("creationTime").asText("1970-01-01")));
        out.println(Json.MAPPER.writer(TWO_SPACES).writeValueAsString(sorted));
    }
}
