package io.omicsmonitor.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.alerts.Severity;
import io.omicsmonitor.json.JsonTrees;
import java.io.IOException;
import java.util.Optional;

/**
 * What the escalation watches for, read from a notification on the critical or warning topic: its alert id, its
 * episode and severity. Three publishers reach those topics:
 * <ul>
 * <li>the status recorder: attributes {@code alertId} (the event's id) and {@code severity}; its text tells the ack
 *     commands;</li>
 * <li>CloudWatch alarms: a JSON message with {@code AlarmName} and {@code NewStateValue}; the alert id is the alarm's
 *     name (what the e-mail's subject shows), each new ALARM an episode of its own; OK and INSUFFICIENT_DATA are not
 *     alerts (the alarms set no such actions anyway);</li>
 * <li>anything else (an EventBridge rule's text): its SNS message id is its alert id, which the escalation's text
 *     tells.</li>
 * </ul>
 * The escalation's own messages (attribute {@code escalation}) are never watched: an escalation is not escalated.
 */
record WatchedAlert(String alertId, String episode, Severity severity) {

    static Optional<WatchedAlert> of(Notification n, String criticalTopic, String warningTopic) {
        if (n.attributes().containsKey("escalation")) {
            return Optional.empty();
        }
        Severity severity = Severity.ofAttribute(n.attributes().get("severity"));
        if (severity == null) {
            severity = n.topicArn().equals(criticalTopic) ? Severity.CRITICAL
                    : n.topicArn().equals(warningTopic) ? Severity.WARNING : null;
        }
        if (severity == null || !severity.escalates()) {
            return Optional.empty();
        }
        String alertId = n.attributes().get("alertId");
        if (alertId == null) {
            Optional<JsonNode> alarm = alarm(n.message());
            if (alarm.isPresent()) {
                if (!"ALARM".equals(alarm.get().path("NewStateValue").asText())) {
                    return Optional.empty();
                }
                alertId = alarm.get().path("AlarmName").asText();
            } else {
                alertId = n.messageId();
            }
        }
        return Optional.of(new WatchedAlert(alertId, n.messageId(), severity));
    }

    /** CloudWatch's alarm notification: a JSON object with AlarmName and NewStateValue. */
    static Optional<JsonNode> alarm(String message) {
        if (!message.startsWith("{")) {
            return Optional.empty();
        }
        try {
            JsonNode json = JsonTrees.readTree(message);
            return json.path("AlarmName").isTextual() && json.path("NewStateValue").isTextual()
                    ? Optional.of(json) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
