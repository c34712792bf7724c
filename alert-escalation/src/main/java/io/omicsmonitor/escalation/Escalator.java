package io.omicsmonitor.escalation;

import io.omicsmonitor.common.alerts.Alert;
import io.omicsmonitor.common.alerts.AlertRecords;
import io.omicsmonitor.common.alerts.Severity;
import io.omicsmonitor.common.log.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * When an alert's schedule fires: re-sends the alert to the critical topic, saying that it is an escalation and how
 * long it waited, unless it was acknowledged. Checks, in this order, against the state in the lake bucket:
 * <ol>
 * <li>the episode is still the alert's (an alarm that fired again has a newer one, with a schedule of its own);</li>
 * <li>no acknowledgement of this episode;</li>
 * <li>not escalated already (the scheduler may deliver twice; an escalation is sent once);</li>
 * <li>due: an invocation more than a minute before the alert's time (not the scheduler's) escalates nothing.</li>
 * </ol>
 * The escalation is published before it is marked in the record: if the mark fails, the invocation fails and the
 * scheduler's retry may send it a second time, never zero times.
 */
final class Escalator {

    private static final Log LOG = Log.of(Escalator.class);
    static final Duration EARLY_TOLERANCE = Duration.ofMinutes(1);

    private final AlertRecords records;
    private final SnsClient sns;
    private final EscalationConfig config;
    private final Clock clock;

    Escalator(AlertRecords records, SnsClient sns, EscalationConfig config, Clock clock) {
        this.records = records;
        this.sns = sns;
        this.config = config;
        this.clock = clock;
    }

    /** What the escalation did: {@code escalated}, or why not. */
    record Escalated(String alertId, String outcome, String messageId, String waited) {
    }

    Escalated escalate(String alertId, String episode) {
        AlertRecords.Waiting waiting = records.waiting(alertId).orElseThrow(() -> new IllegalStateException(
                "alert " + alertId + ": nothing at " + records.uri(records.waitingKey(alertId))
                        + "; the alert was never registered, or its record expired (30 days)"));
        if (!waiting.episode().equals(episode)) {
            return done(alertId, "superseded: the alert was published again (episode " + waiting.episode()
                    + "), which has its own schedule");
        }
        Optional<AlertRecords.Ack> ack = records.ack(alertId).filter(a -> episode.equals(a.episode()));
        if (ack.isPresent()) {
            return done(alertId, "acknowledged at " + ack.get().acknowledgedAt()
                    + (ack.get().by() == null ? "" : " by " + ack.get().by()) + ": not escalated");
        }
        if (waiting.escalatedAt() != null) {
            return done(alertId, "escalated already at " + waiting.escalatedAt());
        }
        Instant now = clock.instant();
        if (now.isBefore(waiting.escalateAt().minus(EARLY_TOLERANCE))) {
            return done(alertId, "not due until " + waiting.escalateAt() + ": not escalated");
        }
        Duration waited = Duration.between(waiting.publishedAt(), now);
        Alert alert = escalation(waiting, waited);
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        alert.messageAttributes().forEach((name, value) ->
                attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        String messageId = sns.publish(b -> b.topicArn(config.criticalTopic()).subject(alert.subjectLine())
                .messageStructure("json").message(alert.snsMessage()).messageAttributes(attributes)).messageId();
        records.put(waiting.escalated(now, messageId));
        LOG.info("alert escalated", "alertId", alertId, "episode", episode, "messageId", messageId,
                "waitedSeconds", waited.getSeconds());
        return new Escalated(alertId, "escalated", messageId, Alert.duration(waited));
    }

    /** The escalation as sent: critical, the wait in the subject and the text, the original alert quoted. */
    Alert escalation(AlertRecords.Waiting waiting, Duration waited) {
        String id = waiting.alertId();
        String severity = waiting.severity();
        String first = "ESCALATION: nobody acknowledged this " + severity + " alert within "
                + minutes(config.escalateAfter()) + ". It was published at " + waiting.publishedAt() + " to the "
                + config.topicName(waiting.topicArn()) + " topic and has waited " + Alert.duration(waited) + ".";
        String text = first + "\n\n"
                + String.format("%-16s%s%n", "Alert id:", id).replace(System.lineSeparator(), "\n")
                + "\nAcknowledge it (nothing more is sent once it is acknowledged):\n"
                + "  " + config.ack().cli(id) + "\n"
                + "or in the chat channel:\n"
                + "  " + config.ack().chat(id) + "\n"
                + "\nThe original alert, \"" + waiting.subject() + "\":\n\n"
                + waiting.text();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("category", "escalation");
        attributes.put("escalation", "true");
        attributes.put("originalSeverity", severity);
        attributes.put("waitedSeconds", String.valueOf(waited.getSeconds()));
        String subject = "ESCALATION, unacknowledged " + Alert.duration(waited) + ": " + waiting.subject();
        return new Alert(id, Severity.CRITICAL, subject, text, subject,
                first + "\n\n*Original alert:* " + waiting.subject(),
                List.of("Acknowledge: `" + config.ack().chat(id) + "`", "or from a shell: `" + config.ack().cli(id) + "`"),
                attributes);
    }

    private Escalated done(String alertId, String outcome) {
        LOG.info("not escalated", "alertId", alertId, "outcome", outcome);
        return new Escalated(alertId, outcome, null, null);
    }

    static String minutes(Duration wait) {
        long m = wait.toMinutes();
        return m % 60 == 0 ? (m / 60) + (m == 60 ? " hour" : " hours") : m + (m == 1 ? " minute" : " minutes");
    }
}
