package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a CloudFormation/SAM template in YAML into a JSON tree, turning the short-form intrinsic functions
 * ({@code !Ref X}, {@code !Sub ...}, {@code !GetAtt A.B}, {@code !If [...]}) into their long JSON forms
 * ({@code {"Ref": "X"}}, {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": ["A", "B"]}}), so one resolver handles both.
 */
public final class CfnYaml {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CfnYaml() {
    }

    public static JsonNode read(InputStream in) throws IOException {
        try (JsonParser parser = YAML.createParser(in)) {
            JsonToken first = parser.nextToken();
            return first == null ? NODES.objectNode() : value(parser);
        }
    }

    /** The value at the parser's current token, with its YAML tag (the parser's type id) applied. */
    private static JsonNode value(JsonParser parser) throws IOException {
        Object typeId = parser.getTypeId();
        String tag = typeId == null ? null : typeId.toString();
        JsonNode value = switch (parser.currentToken()) {
            case START_OBJECT -> object(parser);
            case START_ARRAY -> array(parser);
            case VALUE_STRING -> NODES.textNode(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NODES.textNode(parser.getText());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            default -> NODES.nullNode();
        };
        return tag == null ? value : intrinsic(tag, value);
    }

    private static ObjectNode object(JsonParser parser) throws IOException {
        ObjectNode object = NODES.objectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            object.set(name, value(parser));
        }
        return object;
    }

    private static ArrayNode array(JsonParser parser) throws IOException {
        ArrayNode array = NODES.arrayNode();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            array.add(value(parser));
        }
        return array;
    }

    private static JsonNode intrinsic(String tag, JsonNode value) {
        String name = tag.startsWith("!") ? tag.substring(1) : tag;
        if (name.startsWith("tag:yaml.org")) {
            return value; // a standard YAML tag (!!str ...), not an intrinsic function
        }
        if (name.equals("Ref") || name.equals("Condition")) {
            return NODES.objectNode().set(name, value);
        }
        if (name.equals("GetAtt") && value.isTextual()) {
            String[] parts = value.asText().split("\\.", 2);
            ArrayNode pair = NODES.arrayNode().add(parts[0]);
            if (parts.length > 1) {
                pair.add(parts[1]);
            }
            return NODES.objectNode().set("Fn::GetAtt", pair);
        }
        return NODES.objectNode().set("Fn::" + name, value);
    }
}
