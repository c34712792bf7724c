package io.omicsmonitor.json;

import static io.omicsmonitor.json.Mappers.MAPPER;
import static io.omicsmonitor.json.Mappers.assertSameJson;
import static io.omicsmonitor.json.Mappers.outcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** JsonWriter against the mapper, and JsonTrees against readTree, on generated values and texts. */
class JsonWriterProperties {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Row(String runName, Double ratio, Number cpus, Instant startTime, List<Object> values) {
    }

    @Property
    void doublesAsTheMapper(@ForAll double value) throws IOException {
        assertSameJson(value);
        assertSameJson(new Row(null, value, value, null, List.of()));
    }

    @Property
    void doublesOfEveryMagnitudeAsTheMapper(@ForAll("magnitudes") double value) throws IOException {
        assertSameJson(value);
        assertSameJson(List.of(value, (float) value));
    }

    @Provide
    Arbitrary<Double> magnitudes() {
        return Combinators.combine(Arbitraries.doubles().between(-10, 10), Arbitraries.integers().between(-330, 310))
                .as((mantissa, exponent) -> mantissa * Math.pow(10, exponent));
    }

    @Property
    void floatsLongsAndDecimalsAsTheMapper(@ForAll float f, @ForAll long l, @ForAll BigDecimal d, @ForAll BigInteger i)
            throws IOException {
        assertSameJson(List.of(f, l, d, i));
        assertSameJson(new Row("x", null, d, null, List.of(f, l, i)));
    }

    @Property
    void instantsAndDurationsAsTheMapper(@ForAll("instants") Instant instant) throws IOException {
        assertSameJson(instant);
        assertSameJson(Duration.between(Instant.EPOCH, instant));
        assertSameJson(new Row("r", 1.0, 2, instant, List.of(instant)));
    }

    @Provide
    Arbitrary<Instant> instants() {
        Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999)
                .map(ms -> ms * 1_000_000), Arbitraries.integers().between(0, 999_999_999));
        return Combinators.combine(Arbitraries.longs().between(-62_000_000_000L, 253_402_300_799L), nanos)
                .as(Instant::ofEpochSecond);
    }

    @Property
    void stringsAsTheMapper(@ForAll String text) {
        // unpaired surrogates included: then both must fail, or both write the same bytes
        assertEquals(outcome(() -> MAPPER.writeValueAsBytes(new Row(text, null, null, null, List.of(text)))),
                outcome(() -> JsonWriter.toBytes(new Row(text, null, null, null, List.of(text)))));
        assertEquals(outcome(() -> MAPPER.writeValueAsString(List.of(text)).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                outcome(() -> JsonWriter.toString(List.of(text)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** Texts made of JSON's own characters: mostly invalid, so the errors are compared too. */
    @Property(tries = 3000)
    void readsTreesAndErrorsAsReadTree(@ForAll("jsonish") String text) throws IOException {
        assertEquals(readTree(() -> MAPPER.readTree(text)), readTree(() -> JsonTrees.readTree(text)));
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(readTree(() -> MAPPER.readTree(bytes)), readTree(() -> JsonTrees.readTree(bytes)));
    }

    @Provide
    Arbitrary<String> jsonish() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("{}[]\":,.-+eE0123456789 \ntrufalsn\\/ax").ofMaxLength(24),
                Arbitraries.of("{\"a\":1}", "[1,2.5,-3e2,true,false,null,\"x\"]", "{\"a\":{\"b\":[{}]}}", "  ", "",
                        "{\"a\":1,\"a\":2,\"b\":3}", "12345678901234567890", "1e400", "-0", "0.1", "\"\\u00e9\"")
                        .flatMap(valid -> Arbitraries.strings().withChars("{}[]\", x1").ofMaxLength(3)
                                .map(tail -> valid + tail)));
    }

    interface Read {
        JsonNode read() throws IOException;
    }

    /** The tree, node classes included, or the error in the words callers show (getOriginalMessage). */
    private static String readTree(Read read) {
        try {
            JsonNode node = read.read();
            return node == null ? "null" : node.getClass().getSimpleName() + " " + describe(node);
        } catch (JacksonException e) {
            return "threw " + e.getClass().getName() + ": " + e.getOriginalMessage();
        } catch (IOException e) {
            return "threw " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String describe(JsonNode node) {
        if (node.isContainerNode()) {
            StringBuilder text = new StringBuilder(node.isObject() ? "{" : "[");
            if (node.isObject()) {
                node.properties().forEach(p -> text.append(p.getKey()).append('=').append(describe(p.getValue())).append(','));
            } else {
                node.forEach(e -> text.append(describe(e)).append(','));
            }
            return text.append(node.isObject() ? "}" : "]").toString();
        }
        return node.getClass().getSimpleName() + ":" + node.asText();
    }
}
