package io.omicsmonitor.cli.template;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * EventBridge's pattern matching, for routing events to functions locally as the stack's rules would: nested fields,
 * value lists, {@code prefix}, {@code suffix}, {@code anything-but}, {@code exists}, {@code equals-ignore-case},
 * {@code wildcard}. Numeric and CIDR matching are not needed by this project's rules and never match.
 */
public final class EventPattern {

    private EventPattern() {
    }

    public static boolean matches(JsonNode pattern, JsonNode event) {
        for (Map.Entry<String, JsonNode> field : pattern.properties()) {
            JsonNode expected = field.getValue();
            JsonNode actual = event == null ? null : event.get(field.getKey());
            boolean ok = expected.isObject() ? actual != null && actual.isObject() && matches(expected, actual)
                    : expected.isArray() ? anyOf(expected, actual) : equal(expected, actual);
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyOf(JsonNode alternatives, JsonNode actual) {
        for (JsonNode alternative : alternatives) {
            if (alternative.isObject() && alternative.has("exists")) {
                boolean present = actual != null && !actual.isNull() && !actual.isObject();
                if (present == alternative.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (actual == null) {
                continue;
            }
            if (actual.isArray()) {
                for (JsonNode element : actual) {
                    if (one(alternative, element)) {
                        return true;
                    }
                }
            } else if (one(alternative, actual)) {
                return true;
            }
        }
        return false;
    }

    private static boolean one(JsonNode alternative, JsonNode actual) {
        if (!alternative.isObject()) {
            return equal(alternative, actual);
        }
        String text = actual.isValueNode() ? actual.asText() : null;
        if (alternative.has("prefix")) {
            return text != null && text.startsWith(alternative.get("prefix").asText());
        }
        if (alternative.has("suffix")) {
            return text != null && text.endsWith(alternative.get("suffix").asText());
        }
        if (alternative.has("equals-ignore-case")) {
            return text != null && text.toLowerCase(Locale.ROOT)
                    .equals(alternative.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT));
        }
        if (alternative.has("wildcard")) {
            String regex = ("\\Q" + alternative.get("wildcard").asText() + "\\E").replace("*", "\\E.*\\Q");
            return text != null && Pattern.matches(regex, text);
        }
        if (alternative.has("anything-but")) {
            JsonNode but = alternative.get("anything-but");
            if (but.isObject()) {
                return !one(but, actual);
            }
            return but.isArray() ? !anyOf(but, actual) : !equal(but, actual);
        }
        return false;
    }

    private static boolean equal(JsonNode expected, JsonNode actual) {
        if (actual == null || expected.isNull() != actual.isNull()) {
            return false;
        }
        return expected.asText().equals(actual.asText());
    }
}
