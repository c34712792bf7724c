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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * An offline price book: {@code {"currency":"USD","regions":{"<region>":{"<resourceType>":<USD per hour>, ...}}}}.
 * Keys that start with {@code _} ({@code _note}, {@code _sources}) are documentation and are skipped, at any level.
 * Its {@link #source()} is where it was read from and the sha256 of its bytes ({@code prices.json (sha256 9f86…)}):
 * an analysis then says exactly which edition of a book priced it; the bundled book's is
 * {@code bundled default-prices.json}, fixed by the release.
 */
public final class JsonPriceBook implements PriceBook {

    private static final String DEFAULT_RESOURCE = "default-prices.json";

    private final Map<String, Map<String, Double>> byRegion;
    private final String source;

    private JsonPriceBook(Map<String, Map<String, Double>> byRegion, String source) {
        this.byRegion = byRegion;
        this.source = source;
    }

    public static JsonPriceBook read(Path file) throws IOException {
        return read(Files.readAllBytes(file), file.toString());
    }

    public static JsonPriceBook read(InputStream in, String source) throws IOException {
        return read(in.readAllBytes(), source);
    }

    /**
     * @param source where the bytes come from (a file, an {@code s3://} URI): the errors name it, and so does
     *               {@link #source()}, with the bytes' sha256
     * @throws IllegalArgumentException naming {@code source} when the bytes are not a price book
     */
    public static JsonPriceBook read(byte[] bytes, String source) throws IOException {
        // the tree ObjectMapper.readTree would read (null for no content), without loading an ObjectMapper
        JsonNode root;
        try (JsonParser json = JsonTrees.factory().createParser(bytes)) {
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
        return new JsonPriceBook(Map.copyOf(byRegion), named(source, bytes));
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
            // named without a sha256: SHA-256's provider costs a short process tens of milliseconds to load, the very
            // start-up BundledPrices saves, and this file is fixed by the release that bundles it
            return new JsonPriceBook(BundledPrices.read(in.readAllBytes()), "bundled " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code <where> (sha256 <64 hex digits>)}: what {@code sha256sum} prints for the same bytes. */
    private static String named(String where, byte[] bytes) {
        try {
            return where + " (sha256 " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes))
                    + ")";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public String source() {
        return source;
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
