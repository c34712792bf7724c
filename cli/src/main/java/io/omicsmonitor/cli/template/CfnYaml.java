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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a CloudFormation/SAM template written in YAML into the JSON form CloudFormation itself uses: the short tags
 * become their long forms ({@code !Ref X} is {@code {"Ref": "X"}}, {@code !GetAtt A.B} is
 * {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} is {@code {"Fn::Sub": s}}, {@code !Condition C} (inside a
 * condition) is {@code {"Condition": "C"}}), and numbers stay numbers, so an EventBridge pattern's {@code [5]} is not
 * the string {@code "5"}. Jackson's YAML parser hands each node's tag over as its type id, which is all this needs.
 * The one reader of template.yaml: the command line, template-checks and athena-sql all use it.
 */
public final class CfnYaml {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CfnYaml() {
    }

    /** The template in {@code file}; an unreadable file is an {@link UncheckedIOException} naming it. */
    public static JsonNode read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The template in {@code in}; an empty document is an empty mapping. */
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
            case VALUE_NUMBER_INT -> NODES.numberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDecimalValue());
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new IOException("unexpected " + parser.currentToken() + " at " + parser.currentLocation());
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
