package io.omicsmonitor.common.events;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.mapper.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/**
 * Random and mutated input to the event parsing every function shares: it either yields a typed event or throws
 * {@link InvalidEventException} naming the event, never anything else (no NullPointerException, no Jackson error).
 */
class EventParsingProperties {

    private static final List<String> SAMPLES = List.of(
            EventReaderTest.event("", null),
            EventReaderTest.event("detail", "{\"omicsVersion\":\"1.0.0\",\"arn\":\"arn:aws:omics:us-west-2:123456789012:task/4402781\","
                    + "\"status\":\"COMPLETED\",\"runArn\":\"arn:aws:omics:us-west-2:123456789012:run/7382915\",\"runId\":\"7382915\"}")
                    .replace("Run Status Change", "Task Status Change"),
            EventReaderTest.event("detail", "{\"omicsVersion\":\"1.0.0\",\"arn\":\"arn:aws:omics:us-west-2:123456789012:workflow/4716932\","
                    + "\"status\":\"ACTIVE\",\"workflowVersionName\":\"v2\"}").replace("Run Status Change", "Workflow Status Change"));

    @Property(tries = 400)
    void randomBytesAreRejectedCleanly(@ForAll byte[] body) {
        parseExpectingOnlyInvalidEvent(body);
    }

    @Property(tries = 1500)
    void mutatedEventsParseOrAreRejectedCleanly(@ForAll("mutatedEvents") String event) {
        parseExpectingOnlyInvalidEvent(event.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 400)
    void truncatedEventsAreRejectedCleanly(@ForAll("truncatedEvents") String event) {
        parseExpectingOnlyInvalidEvent(event.getBytes(StandardCharsets.UTF_8));
    }

    private static void parseExpectingOnlyInvalidEvent(byte[] body) {
        try {
            EventEnvelope<JsonNode> e = EventReaderTest.READER.read(body);
            switch (e.detailType()) {
                case DetailTypes.RUN_STATUS_CHANGE -> RunStatusChange.from(e);
                case DetailTypes.TASK_STATUS_CHANGE -> TaskStatusChange.from(e);
                case DetailTypes.WORKFLOW_STATUS_CHANGE -> WorkflowStatusChange.from(e);
                default -> EventReader.requireDetailType(e, java.util.Set.of(DetailTypes.RUN_STATUS_CHANGE));
            }
        } catch (InvalidEventException expected) {
            assertTrue(expected.getMessage().startsWith("event "), expected.getMessage());
        }
    }

    @Provide
    Arbitrary<String> truncatedEvents() {
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 2000))
                .as((sample, cut) -> sample.substring(0, Math.min(cut, sample.length())));
    }

    /** A sample event with one field, at any depth, replaced by a random JSON value or removed. */
    @Provide
    Arbitrary<String> mutatedEvents() {
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300).map(JsonNodeFactory.instance::textNode),
                Arbitraries.strings().withChars("0123456789/.%-:Zaz \u0000\n").ofMaxLength(40).map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode()));
        return Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 40), values,
                Arbitraries.of(true, false)).as(EventParsingProperties::mutate);
    }

    private static String mutate(String sample, int fieldIndex, JsonNode value, boolean remove) {
        try {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(sample);
            List<ObjectNode> parents = new java.util.ArrayList<>();
            List<String> names = new java.util.ArrayList<>();
            collect(root, parents, names);
            int i = fieldIndex % names.size();
            if (remove) {
                parents.get(i).remove(names.get(i));
            } else {
                parents.get(i).set(names.get(i), value);
            }
            return Json.MAPPER.writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void collect(ObjectNode node, List<ObjectNode> parents, List<String> names) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            parents.add(node);
            names.add(name);
            if (node.get(name) instanceof ObjectNode child) {
                collect(child, parents, names);
            }
        }
    }
}
