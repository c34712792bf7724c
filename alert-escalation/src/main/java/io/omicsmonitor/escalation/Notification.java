package io.omicsmonitor.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One SNS notification as SNS hands it to a Lambda subscriber ({@code Records[].Sns}): the message id, the topic, the
 * subject, the text (the {@code default} text of a {@code MessageStructure=json} publish), the publish time and the
 * string message attributes.
 */
record Notification(String messageId, String topicArn, String subject, String message, Instant timestamp,
                    Map<String, String> attributes) {

    static Notification of(JsonNode record) {
        JsonNode sns = record.path("Sns");
        String messageId = required(sns, "MessageId");
        Map<String, String> attributes = new LinkedHashMap<>();
        sns.path("MessageAttributes").properties().forEach(e -> {
            if (e.getValue().path("Value").isTextual()) {
                attributes.put(e.getKey(), e.getValue().path("Value").asText());
            }
        });
        Instant timestamp;
        try {
            timestamp = Instant.parse(required(sns, "Timestamp"));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("SNS message " + messageId + ": Timestamp '" + sns.path("Timestamp").asText()
                    + "' is not an ISO-8601 time");
        }
        return new Notification(messageId, required(sns, "TopicArn"), sns.path("Subject").asText(""),
                sns.path("Message").asText(""), timestamp, attributes);
    }

    private static String required(JsonNode sns, String field) {
        JsonNode value = sns.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException("an SNS record without Sns." + field + ": "
                    + abbreviate(sns.toString()));
        }
        return value.asText();
    }

    static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
