package io.omicsmonitor.cli.redrive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.cli.AwsFailures;
import io.omicsmonitor.mapper.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One message of a function's dead-letter queue, read: the original event it holds, the function it was meant for and
 * why it landed there. The stack's queues receive two shapes (docs/deployment.md, "Retries and the dead-letter
 * queues"):
 *
 * <ul>
 *   <li>{@link Kind#EVENTBRIDGE}: an event EventBridge could not deliver. The body is the event itself; the message
 *       attributes {@code RULE_ARN}, {@code TARGET_ARN}, {@code ERROR_CODE}, {@code ERROR_MESSAGE} (and
 *       {@code EXHAUSTED_RETRY_CONDITION}, {@code RETRY_ATTEMPTS}) say where it was going and why it failed.</li>
 *   <li>{@link Kind#INVOCATION_RECORD}: an asynchronous invocation that still failed after Lambda's retries (the
 *       OnFailure destination). The body is Lambda's invocation record:
 *       {@code {"version":"1.0","timestamp":...,"requestContext":{"requestId","functionArn","condition",
 *       "approximateInvokeCount"},"requestPayload":<the event>,"responseContext":{...},"responsePayload":{"errorMessage",...}}}.</li>
 * </ul>
 *
 * <p>The payload to re-send is the original event's exact text: the body itself for the first shape; for the second,
 * the characters of {@code requestPayload}'s value as Lambda wrote them (cut from the body, not re-serialized), so
 * the function receives the same JSON it was first given.
 */
record DeadLetter(Kind kind, String payload, String eventId, String detailType, String source, String targetFunction,
                  String cause, String problem) {

    enum Kind {
        EVENTBRIDGE("EventBridge could not deliver it"),
        INVOCATION_RECORD("Lambda's retries failed"),
        UNKNOWN("unknown shape");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** The largest message SQS holds (and so the largest event), in characters of the body: 256 KiB. */
    static final int MAX_BODY = 262_144;

    boolean recognized() {
        return kind != Kind.UNKNOWN;
    }

    /** The event's bytes as they go to Lambda. */
    byte[] payloadBytes() {
        return payload.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param attributes the message attributes' string values (EventBridge's RULE_ARN, TARGET_ARN, ERROR_CODE, ...)
     */
    static DeadLetter read(String body, Map<String, String> attributes) {
        if (body == null || body.isBlank()) {
            return unknown("the body is empty");
        }
        if (body.length() > MAX_BODY) {
            return unknown("the body is larger than 256 KiB, which no SQS message is");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return unknown("the body is not JSON (" + AwsFailures.oneLine(e.getOriginalMessage(), 120) + "); it starts: "
                    + quote(body, 60));
        } catch (IOException e) {
            return unknown("the body is not JSON (" + AwsFailures.oneLine(e.getMessage(), 120) + ")");
        }
        if (root == null || !root.isObject()) {
            return unknown("the body is not a JSON object; it starts: " + quote(body, 60));
        }
        if (root.path("requestContext").isObject() && root.has("requestPayload")) {
            return invocationRecord(body, root);
        }
        if (isEvent(root)) {
            return new DeadLetter(Kind.EVENTBRIDGE, body, text(root, "id"), text(root, "detail-type"), text(root, "source"),
                    blankToNull(attributes.get("TARGET_ARN")), eventBridgeCause(attributes), null);
        }
        return unknown("neither an EventBridge event (id, detail-type, source, detail) nor a Lambda invocation record "
                + "(requestContext, requestPayload); it starts: " + quote(body, 60));
    }

    private static DeadLetter invocationRecord(String body, JsonNode root) {
        JsonNode context = root.get("requestContext");
        JsonNode event = root.get("requestPayload");
        if (!event.isObject()) {
            return unknown("a Lambda invocation record whose requestPayload is " + event.getNodeType().toString()
                    .toLowerCase(java.util.Locale.ROOT) + ", not an event");
        }
        String payload;
        try {
            payload = rawValue(body, "requestPayload");
        } catch (IOException e) {
            return unknown("a Lambda invocation record whose requestPayload cannot be cut out: " + e.getMessage());
        }
        StringBuilder cause = new StringBuilder("Lambda");
        String condition = text(context, "condition");
        if (condition != null) {
            cause.append(' ').append(condition);
        }
        if (context.path("approximateInvokeCount").isNumber()) {
            cause.append(" after ").append(context.get("approximateInvokeCount").asInt()).append(" attempts");
        }
        JsonNode response = root.path("responsePayload");
        String errorType = text(response, "errorType");
        String errorMessage = text(response, "errorMessage");
        if (errorType != null || errorMessage != null) {
            cause.append(": ").append(errorType == null ? "" : errorType + ": ")
                    .append(errorMessage == null ? "" : errorMessage);
        } else if (text(root.path("responseContext"), "functionError") != null) {
            cause.append(": ").append(text(root.path("responseContext"), "functionError"));
        }
        return new DeadLetter(Kind.INVOCATION_RECORD, payload, text(event, "id"), text(event, "detail-type"),
                text(event, "source"), text(context, "functionArn"), AwsFailures.oneLine(cause.toString().strip(), 300), null);
    }

    private static boolean isEvent(JsonNode node) {
        return node.path("id").isTextual() && node.path("detail-type").isTextual() && node.path("source").isTextual()
                && node.has("detail");
    }

    private static String eventBridgeCause(Map<String, String> attributes) {
        String code = blankToNull(attributes.get("ERROR_CODE"));
        String message = blankToNull(attributes.get("ERROR_MESSAGE"));
        StringBuilder cause = new StringBuilder("EventBridge");
        if (code != null) {
            cause.append(' ').append(code);
        }
        String retries = blankToNull(attributes.get("RETRY_ATTEMPTS"));
        String condition = blankToNull(attributes.get("EXHAUSTED_RETRY_CONDITION"));
        if (retries != null) {
            cause.append(" after ").append(retries).append(" retries");
        }
        if (condition != null) {
            cause.append(" (").append(condition).append(')');
        }
        if (message != null) {
            cause.append(": ").append(message);
        }
        if (code == null && message == null) {
            cause.append(" (no ERROR_CODE attribute)");
        }
        return AwsFailures.oneLine(cause.toString(), 300);
    }

    /** The exact characters of a top-level field's value in {@code json}. */
    static String rawValue(String json, String field) throws IOException {
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals(field)) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    if (start < 0 || end <= start || end > json.length()) {
                        throw new IOException("no character offsets for '" + field + "'");
                    }
                    return json.substring(start, end);
                }
                if (value.isStructStart()) {
                    parser.skipChildren();
                }
            }
            throw new IOException("no field '" + field + "'");
        }
    }

    private static DeadLetter unknown(String problem) {
        return new DeadLetter(Kind.UNKNOWN, null, null, null, null, null, null, problem);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isValueNode() && !value.isNull() ? AwsFailures.oneLine(value.asText(), 200) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String quote(String s, int max) {
        return "'" + AwsFailures.oneLine(s, max) + "'";
    }

    /** Control characters (line breaks of a stack trace, say) as spaces, and at most {@code max} characters. */
}
