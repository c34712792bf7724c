package io.omicsmonitor.analyzer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled {@code default-prices.json} read without Jackson, to the map {@link JsonPriceBook#read} builds from it.
 * Why: the bundled prices are read by every offline analysis, and Jackson's parser plus the tree classes cost a
 * short-lived process about 70 ms of class loading and cold code, more than the rest of a 1,000-task analysis; this
 * file is 7 KB of plain JSON. A user's price book ({@code --prices}) is still read by {@link JsonPriceBook#read}, with
 * its error messages; the tests check that both readings of the bundled file give the same prices.
 */
final class BundledPrices {

    private final String text;
    private int i;

    private BundledPrices(byte[] json) {
        text = new String(json, StandardCharsets.UTF_8);
    }

    /** region -> resource type -> USD; keys starting with {@code _} skipped at every level, as JsonPriceBook does. */
    static Map<String, Map<String, Double>> read(byte[] json) {
        BundledPrices reader = new BundledPrices(json);
        Object root = reader.value();
        if (!(root instanceof Map<?, ?> book) || !(book.get("regions") instanceof Map<?, ?> regions)
                || (book.containsKey("currency") && !"USD".equals(book.get("currency")))) {
            throw new IllegalStateException("the bundled price book is not {\"currency\":\"USD\",\"regions\":{...}}");
        }
        Map<String, Map<String, Double>> byRegion = new HashMap<>();
        for (Map.Entry<?, ?> region : regions.entrySet()) {
            String name = (String) region.getKey();
            if (name.startsWith("_")) {
                continue;
            }
            Map<String, Double> prices = new HashMap<>();
            for (Map.Entry<?, ?> price : ((Map<?, ?>) region.getValue()).entrySet()) {
                String type = (String) price.getKey();
                if (type.startsWith("_")) {
                    continue;
                }
                if (!(price.getValue() instanceof Double usd)) {
                    throw new IllegalStateException("the bundled price of " + type + " is not a number");
                }
                prices.put(type, usd);
            }
            byRegion.put(name, Map.copyOf(prices));
        }
        return Map.copyOf(byRegion);
    }

    /** A JSON value: a Map, a List, a String, a Double (every number), a Boolean or null. */
    private Object value() {
        space();
        char c = text.charAt(i);
        if (c == '{') {
            i++;
            Map<String, Object> object = new HashMap<>();
            space();
            if (text.charAt(i) == '}') {
                i++;
                return object;
            }
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                object.put(key, value()); // a repeated key keeps its last value, as in a tree
                space();
                if (text.charAt(i++) == '}') {
                    return object;
                }
                expectPrevious(',');
            }
        }
        if (c == '[') {
            i++;
            List<Object> array = new ArrayList<>();
            space();
            if (text.charAt(i) == ']') {
                i++;
                return array;
            }
            while (true) {
                array.add(value());
                space();
                if (text.charAt(i++) == ']') {
                    return array;
                }
                expectPrevious(',');
            }
        }
        if (c == '"') {
            return string();
        }
        if (text.startsWith("true", i)) {
            i += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", i)) {
            i += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("null", i)) {
            i += 4;
            return null;
        }
        int start = i;
        while (i < text.length() && "+-0123456789.eE".indexOf(text.charAt(i)) >= 0) {
            i++;
        }
        // Double.parseDouble is what the tree's number gives for a decimal, and exact for an integer of this size
        return Double.parseDouble(text.substring(start, i));
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = text.charAt(i++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(i++);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
                    i += 4;
                }
                default -> out.append(e); // \" \\ \/
            }
        }
    }

    private void space() {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
    }

    private void expect(char c) {
        if (text.charAt(i++) != c) {
            throw new IllegalStateException("the bundled price book is not JSON at character " + (i - 1));
        }
    }

    private void expectPrevious(char c) {
        if (text.charAt(i - 1) != c) {
            throw new IllegalStateException("the bundled price book is not JSON at character " + (i - 1));
        }
    }
}
