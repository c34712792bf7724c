package io.omicsmonitor.analyzer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * An offline price book: {@code {"currency":"USD","regions":{"<region>":{"<resourceType>":<USD per hour>, ...}}}}.
 * Keys that start with {@code _} ({@code _note}, {@code _sources}) are documentation and are skipped, at any level.
 */
public final class JsonPriceBook implements PriceBook {

    private static final String DEFAULT_RESOURCE = "default-prices.json";

    private final Map<String, Map<String, Double>> byRegion;

    private JsonPriceBook(Map<String, Map<String, Double>> byRegion) {
        this.byRegion = byRegion;
    }

    public static JsonPriceBook read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static JsonPriceBook read(InputStream in, String source) throws IOException {
        // the tree ObjectMapper.readTree would read (null for no content), without loading an ObjectMapper
        JsonNode root;
        try (JsonParser json = JsonTrees.factory().createParser(in)) {
            JsonToken first = json.nextToken();
            root = first == null ? null : JsonTrees.read(json, first);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a price book is a JSON object");
        }
        JsonNode currency = root.get("currency");
        if (currency != null && !"USD".equals(currency.asText())) {
            throw new IllegalArgumentException(source + ": currency is '" + currency.asText() + "'; only USD is supported");
        }
        JsonNode regions = root.get("regions");
        if (regions == null || !regions.isObject()) {
            throw new IllegalArgumentException(source + ": 'regions' is missing or not an object");
        }
        Map<String, Map<String, Double>> byRegion = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> r = regions.fields(); r.hasNext(); ) {
            Map.Entry<String, JsonNode> region = r.next();
            if (region.getKey().startsWith("_")) {
                continue;
            }
            Map<String, Double> prices = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> p = region.getValue().fields(); p.hasNext(); ) {
                Map.Entry<String, JsonNode> price = p.next();
                if (price.getKey().startsWith("_")) {
                    continue;
                }
                if (!price.getValue().isNumber()) {
                    throw new IllegalArgumentException(source + ": price of '" + price.getKey() + "' in "
                            + region.getKey() + " is not a number");
                }
                prices.put(price.getKey(), price.getValue().doubleValue());
            }
            byRegion.put(region.getKey(), Map.copyOf(prices));
        }
        return new JsonPriceBook(Map.copyOf(byRegion));
    }

    /**
     * The bundled price book (see the {@code _note} fields in it for which figures are verified), read without
     * Jackson ({@link BundledPrices}): the same prices {@link #read} gives for it, at a fraction of a short process's
     * start-up.
     */
    public static JsonPriceBook defaults() {
        try (InputStream in = JsonPriceBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return new JsonPriceBook(BundledPrices.read(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** region -> resource type -> USD per unit-hour, for the tests. */
    Map<String, Map<String, Double>> prices() {
        return byRegion;
    }

    @Override
    public OptionalDouble price(String region, String resourceType) {
        Map<String, Double> prices = byRegion.get(region);
        Double price = prices == null ? null : prices.get(resourceType);
        return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
    }
}
