package io.omicsmonitor.common.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.omicsmonitor.json.JsonWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One alert as it goes out on SNS: published with {@code MessageStructure=json}, so each kind of subscriber gets the
 * form it reads. E-mail (and the SNS subscriptions of other protocols, {@code default}) gets plain text; Amazon Q
 * Developer in chat applications, which subscribes over HTTPS, gets its custom-notification JSON
 * ({@code version 1.0, source custom}: title, description, next steps), which it renders as a card. The severity is in
 * the subject and in the {@code severity} attribute; the alert id in the {@code alertId} attribute and in the text,
 * with the exact commands that acknowledge it.
 *
 * @param id         what {@code omics-monitor ack} takes: the EventBridge id of the event alerted on
 * @param subject    the subject without its severity tag
 * @param text       the plain-text body; {@link #withAckInstructions} adds how to acknowledge it
 * @param title      the chat card's title (markdown)
 * @param summary    the chat card's description: the few lines that matter (markdown)
 * @param attributes further message attributes a subscription may filter on (status, runId, category, ...)
 */
public record Alert(String id, Severity severity, String subject, String text, String title, String summary,
                    List<String> nextSteps, Map<String, String> attributes) {

    /** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
    public static final int MAX_SUBJECT = 100;

    public Alert {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
        nextSteps = List.copyOf(nextSteps);
        attributes = Map.copyOf(new LinkedHashMap<>(attributes));
    }

    /**
     * The same alert telling how to acknowledge it (critical and warning alerts): the text ends with both commands,
     * the chat card lists them as next steps.
     */
    public Alert withAckInstructions(AckInstructions ack, String escalateAfter) {
        String how = "\nAcknowledge it" + (escalateAfter == null ? "" : " within " + escalateAfter
                + ", or it is sent again to the critical topic as an escalation") + ":\n"
                + "  " + ack.cli(id) + "\n"
                + "or in the chat channel:\n"
                + "  " + ack.chat(id) + "\n";
        List<String> steps = new ArrayList<>(nextSteps);
        steps.add("Acknowledge: `" + ack.chat(id) + "`");
        steps.add("or from a shell: `" + ack.cli(id) + "`");
        return new Alert(id, severity, subject, text + how, title, summary, steps, attributes);
    }

    /** The subject as sent: {@code [WARNING] ...}, printable ASCII, at most 100 characters. */
    public String subjectLine() {
        String line = ascii(severity.tag() + " " + subject);
        return line.length() > MAX_SUBJECT ? line.substring(0, MAX_SUBJECT - 3) + "..." : line;
    }

    /** The message attributes as sent: {@code severity} and {@code alertId} first, then the alert's own. */
    public Map<String, String> messageAttributes() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("severity", severity.attribute());
        all.put("alertId", id);
        all.putAll(attributes);
        return all;
    }

    /** The {@code Message} of a {@code MessageStructure=json} publish: plain text for e-mail, a card for chat. */
    public String snsMessage() {
        Map<String, Object> perProtocol = new LinkedHashMap<>();
        perProtocol.put("default", text);
        perProtocol.put("email", text);
        perProtocol.put("https", chatNotification());
        return json(perProtocol);
    }

    /** Amazon Q Developer's custom-notification event (docs: "Custom notifications", event schema 1.0). */
    public String chatNotification() {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("textType", "client-markdown");
        content.put("title", (severity == Severity.CRITICAL ? ":red_circle: " : severity == Severity.WARNING
                ? ":large_orange_circle: " : ":information_source: ") + severity.tag() + " " + title);
        content.put("description", summary);
        if (!nextSteps.isEmpty()) {
            content.put("nextSteps", nextSteps);
        }
        content.put("keywords", List.of(severity.attribute(), "omics-monitor"));
        Map<String, Object> metadata = new LinkedHashMap<>();
        // one thread per alert: its escalation and acknowledgement land under it
        metadata.put("threadId", id);
        metadata.put("summary", subjectLine());
        metadata.put("eventType", attributes.getOrDefault("category", "alert"));
        metadata.put("additionalContext", messageAttributes());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "1.0");
        event.put("source", "custom");
        event.put("id", id);
        event.put("content", content);
        event.put("metadata", metadata);
        return json(event);
    }

    private static String json(Object value) {
        try {
            return JsonWriter.toString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write an alert as JSON", e);
        }
    }

    /** {@code 1h 20m 29s}, {@code 30m 05s}: how the alerts write a length of time. */
    public static String duration(java.time.Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
                : String.format("%dm %02ds", s / 60, s % 60);
    }

    /** SNS rejects subjects with line breaks or non-ASCII characters: a run name may have either. */
    public static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
