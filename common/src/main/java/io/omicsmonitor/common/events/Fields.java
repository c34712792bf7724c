package io.omicsmonitor.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the fields of one JSON object of an event and says exactly what is wrong when one is missing or bad: every
 * error names the event id and the field's path ({@code detail.status}).
 */
public final class Fields {

    private final String eventId;
    private final String path;
    private final JsonNode node;

    public Fields(String eventId, String path, JsonNode node) {
        this.eventId = eventId;
        this.path = path;
        this.node = node;
    }

    public String eventId() {
        return eventId;
    }

    public String requiredText(String name) {
        return optionalText(name).orElseThrow(() -> missing(name));
    }

    /** A scalar field as text; numbers are accepted as their decimal text, objects and arrays are errors. */
    public Optional<String> optionalText(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isValueNode()) {
            throw bad(name, "is " + value.getNodeType().name().toLowerCase() + ", expected text");
        }
        String text = value.asText();
        if (text.isBlank()) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                throw bad(name, "contains a control character");
            }
        }
        return Optional.of(text);
    }

    /**
     * Fails when the field is there but holds only an empty or blank text. Most optional fields treat blank as absent;
     * an identifier that falls back to another source when absent (the run id, from the ARN of an older event) must
     * not also fall back when a newer event sends it empty: that event is malformed.
     */
    public void requireNotBlankWhenPresent(String name, String expectation) {
        JsonNode value = node.get(name);
        if (value != null && value.isTextual() && value.asText().isBlank()) {
            throw bad(name, "is empty, expected " + expectation);
        }
    }

    public Optional<String> optionalMatching(String name, Pattern pattern, String expectation) {
        Optional<String> value = optionalText(name);
        value.ifPresent(v -> requireMatch(name, v, pattern, expectation));
        return value;
    }

    public String requiredMatching(String name, Pattern pattern, String expectation) {
        return optionalMatching(name, pattern, expectation).orElseThrow(() -> missing(name));
    }

    public <E extends Enum<E>> E requiredEnum(String name, Class<E> type) {
        String text = requiredText(name);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw bad(name, "is '" + shorten(text) + "', not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    public <T> T parse(String name, String value, Function<String, T> parser) {
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            throw bad(name, "is '" + shorten(value) + "': " + e.getMessage());
        }
    }

    public void requireMatch(String name, String value, Pattern pattern, String expectation) {
        if (!pattern.matcher(value).matches()) {
            throw bad(name, "is '" + shorten(value) + "', expected " + expectation);
        }
    }

    public InvalidEventException missing(String name) {
        return new InvalidEventException(eventId, "field '" + path(name) + "' is missing or empty");
    }

    public InvalidEventException bad(String name, String problem) {
        return new InvalidEventException(eventId, "field '" + path(name) + "' " + problem);
    }

    private String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Keeps error messages (and the logs they land in) readable when a field holds kilobytes of junk. */
    static String shorten(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= 80 ? printable : printable.substring(0, 77) + "...";
    }
}
