package io.omicsmonitor.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.mapper.Json;
import io.omicsmonitor.reliability.Harness.Fn;
import io.omicsmonitor.reliability.Harness.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Random and mutated JSON through each function, whole (its handler, with the real clients on loopback): the only
 * failure an invalid event may cause is {@link InvalidEventException}, and it writes nothing and calls nothing. A
 * mutated event that is still valid may do its work (its writes are checked against its prefixes like every other);
 * then the manifest functions may also fail as documented (no manifest for an unknown run).
 */
class HandlerParsingProperties {

    static final Harness LAKE = new Harness();

    static final List<String> SAMPLES = List.of("run-completed.json", "run-failed.json", "run-completed-legacy.json",
            "task-completed.json", "workflow-version-active.json", "workflow-active.json", "run-analysis-completed.json");

    @AfterContainer
    static void stop() {
        LAKE.close();
    }

    @Property(tries = 150)
    void statusRecorder(@ForAll("inputs") byte[] event) {
        check(Fn.STATUS, event);
    }

    @Property(tries = 150)
    void workflowRecords(@ForAll("inputs") byte[] event) {
        check(Fn.WORKFLOWS, event);
    }

    @Property(tries = 150)
    void manifestProcessor(@ForAll("inputs") byte[] event) {
        check(Fn.MANIFESTS, event);
    }

    @Property(tries = 150)
    void runAnalyzer(@ForAll("inputs") byte[] event) {
        check(Fn.ANALYZER, event);
    }

    @Property(tries = 150)
    void customMetrics(@ForAll("inputs") byte[] event) {
        check(Fn.METRICS, event);
    }

    static void check(Fn fn, byte[] event) {
        TreeMap<String, String> before = LAKE.objects();
        LAKE.apis.server().resetRequests();
        Outcome outcome = LAKE.invoke(fn, event);
        Figures.record("property", fn.name());
        if (outcome.error() == null) {
            return;
        }
        RuntimeException e = outcome.error();
        if (e instanceof InvalidEventException) {
            assertTrue(e.getMessage().startsWith("event "), e.getMessage());
            assertEquals(before, LAKE.objects(), "an invalid event wrote: " + e.getMessage());
            assertEquals(0, LAKE.apiRequests().size(), "an invalid event called an API: " + e.getMessage());
            return;
        }
        boolean documented = e instanceof IncompleteManifestException || e instanceof InvalidManifestException
                || e instanceof SdkException; // a valid event for a run or workflow the stubs do not know
        assertTrue(documented, () -> "undocumented failure " + e + " for " + new String(event, StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> truncated = Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 1200))
                .as((sample, cut) -> {
                    byte[] bytes = Harness.sample(sample);
                    return java.util.Arrays.copyOf(bytes, Math.min(cut, bytes.length));
                });
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(200).map(JsonNodeFactory.instance::textNode),
                Arbitraries.strings().withChars("0123456789/.%-:Zaz \u0000\n").ofMaxLength(30).map(JsonNodeFactory.instance::textNode),
                Arbitraries.of("../", "%2F", "..", "RUNNING", "FAILED", "Run Status Change", "Task Status Change",
                        "Workflow Status Change", "aws.omics", "omics-monitor", "", " ")
                        .map(JsonNodeFactory.instance::textNode),
                Arbitraries.longs().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.doubles().map(JsonNodeFactory.instance::numberNode),
                Arbitraries.of(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.booleanNode(true),
                        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.arrayNode()));
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.of(SAMPLES), Arbitraries.integers().between(0, 60),
                values, Arbitraries.of(true, false)).as(HandlerParsingProperties::mutate);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, random), net.jqwik.api.Tuple.of(1, truncated), net.jqwik.api.Tuple.of(6, mutated));
    }

    /** A sample with one field, at any depth, replaced by a random JSON value or removed. */
    static byte[] mutate(String sample, int fieldIndex, JsonNode value, boolean remove) {
        try {
            ObjectNode root = (ObjectNode) Json.MAPPER.readTree(Harness.sample(sample));
            List<ObjectNode> parents = new ArrayList<>();
            List<String> names = new ArrayList<>();
            collect(root, parents, names);
            int i = fieldIndex % names.size();
            if (remove) {
                parents.get(i).remove(names.get(i));
            } else {
                parents.get(i).set(names.get(i), value);
            }
            return Json.MAPPER.writeValueAsBytes(root);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static void collect(ObjectNode node, List<ObjectNode> parents, List<String> names) {
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
