package io.omicsmonitor.cli.analyze;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
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

    /** A record's text and its sort key: the text is parsed again as it is written, so no tree is held for long. */
    private record Record(String creationTime, String message) {
    }

    private final List<Record> records = new ArrayList<>();

    /** One log message: one record. */
    void add(String message) {
        String creationTime;
        try {
            creationTime = Json.MAPPER.readTree(message).path("creationTime").asText("1970-01-01");
        } catch (JsonProcessingException e) {
            creationTime = "1970-01-01"; // the manifest reader names the bad record and fails the command
        }
        records.add(new Record(creationTime, message));
    }

    void write(PrintWriter out) throws IOException {
        List<Record> sorted = new ArrayList<>(records);
        // upstream: sorted(resources, key=lambda x: x.get("creationTime", "1970-01-01")), a stable sort on the text
        sorted.sort(Comparator.comparing(Record::creationTime));
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.setPrettyPrinter(TWO_SPACES);
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            json.writeStartArray();
            for (Record record : sorted) {
                json.writeTree(Json.MAPPER.readTree(record.message()));
            }
            json.writeEndArray();
        }
        out.println();
    }
}
