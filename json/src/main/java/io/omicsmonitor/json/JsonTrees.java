package io.omicsmonitor.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * JSON trees built from a streaming parser's tokens, node for node what {@code ObjectMapper.readTree} builds with the
 * default configuration (Long-sized integers as int or long nodes, decimals as double nodes, a repeated key keeping
 * its first place and its last value), without an {@code ObjectMapper}: loading and initialising one costs a
 * short-lived process (the offline analyzer) more CPU than parsing a 10,000-task manifest, and a function's cold start
 * about 0.3 s.
 */
public final class JsonTrees {

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** A plain streaming factory (no object mapper behind it). */
    public static JsonFactory factory() {
        return FACTORY;
    }

    /**
     * {@code ObjectMapper.readTree(byte[])} with the default configuration: the first JSON value, a
     * {@link MissingNode} when there is none (empty or blank input), and what follows that value is not read
     * ({@code FAIL_ON_TRAILING_TOKENS} is off by default). Errors are the parser's own, as the mapper's are.
     */
    public static JsonNode readTree(byte[] content) throws IOException {
        try (JsonParser json = FACTORY.createParser(content)) {
            return readRoot(json);
        }
    }

    /** {@link #readTree(byte[])} for text: {@code ObjectMapper.readTree(String)}. */
    public static JsonNode readTree(String content) throws IOException {
        try (JsonParser json = FACTORY.createParser(content)) {
            return readRoot(json);
        }
    }

    private static JsonNode readRoot(JsonParser json) throws IOException {
        JsonToken token = json.nextToken();
        return token == null ? MissingNode.getInstance() : read(json, token);
    }

    /** The value the parser is on ({@code token}, its current token), read whole; the parser ends on its last token. */
    public static JsonNode read(JsonParser json, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT: {
                ObjectNode object = NODES.objectNode();
                for (String field = json.nextFieldName(); field != null; field = json.nextFieldName()) {
                    object.replace(field, read(json, json.nextToken()));
                }
                return object;
            }
            case START_ARRAY: {
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = json.nextToken(); t != JsonToken.END_ARRAY; t = json.nextToken()) {
                    array.add(read(json, t));
                }
                return array;
            }
            case VALUE_STRING:
                return NODES.textNode(json.getText());
            case VALUE_NUMBER_INT:
                switch (json.getNumberType()) {
                    case INT:
                        return NODES.numberNode(json.getIntValue());
                    case LONG:
                        return NODES.numberNode(json.getLongValue());
                    default:
                        return NODES.numberNode(json.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                switch (json.getNumberType()) {
                    case BIG_DECIMAL:
                        return NODES.numberNode(json.getDecimalValue());
                    case FLOAT:
                        return NODES.numberNode(json.getFloatValue());
                    default:
                        return NODES.numberNode(json.getDoubleValue());
                }
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT: { // only from a parser over a tree
                Object value = json.getEmbeddedObject();
                return value == null ? NODES.nullNode() : value instanceof byte[] bytes ? NODES.binaryNode(bytes)
                        : value instanceof JsonNode node ? node : NODES.pojoNode(value);
            }
            default:
                throw new IllegalStateException("no JSON value starts with " + token);
        }
    }
}
