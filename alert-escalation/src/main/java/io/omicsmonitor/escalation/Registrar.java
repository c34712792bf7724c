package io.omicsmonitor.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.alerts.AlertRecords;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.json.JsonWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * Registers a critical or warning alert for escalation when it is published: writes what the escalation will need
 * ({@link AlertRecords.Waiting}: the alert's subject and text, when it was published, when it escalates) and creates
 * a one-time EventBridge Scheduler schedule, {@code at()} the publish time plus the wait, that invokes this function
 * with {@code {"escalate": <alert id>, "episode": <SNS message id>}} and deletes itself after it ran.
 *
 * <p>Idempotent: SNS may deliver a notification twice; the record is written again with the same content and the
 * schedule, named after the alert id and episode, exists already (ConflictException, taken as done).
 */
final class Registrar {

    private static final Log LOG = Log.of(Registrar.class);
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final AlertRecords records;
    private final SchedulerClient scheduler;
    private final EscalationConfig config;
    private final Clock clock;

    Registrar(AlertRecords records, SchedulerClient scheduler, EscalationConfig config, Clock clock) {
        this.records = records;
        this.scheduler = scheduler;
        this.config = config;
        this.clock = clock;
    }

    /** What registering one notification did. */
    record Registered(String alertId, String outcome, String schedule, Instant escalateAt) {
    }

    /** @param target this function's ARN as invoked (its {@code live} alias): the schedule's target */
    Registered register(Notification n, String target) {
        Optional<WatchedAlert> watched = WatchedAlert.of(n, config.criticalTopic(), config.warningTopic());
        if (watched.isEmpty()) {
            LOG.info("not watched for escalation", "messageId", n.messageId(), "topic", n.topicArn(),
                    "escalation", n.attributes().containsKey("escalation"));
            return new Registered(null, "not escalated (info, an escalation, or not an ALARM)", null, null);
        }
        WatchedAlert alert = watched.get();
        // the wait counts from the publish; a late delivery still gets a schedule a minute ahead (at() must be future)
        Instant escalateAt = latest(n.timestamp().plus(config.escalateAfter()), clock.instant().plus(Duration.ofMinutes(1)))
                .truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        String schedule = AlertRecords.scheduleName(alert.alertId(), alert.episode());
        records.put(new AlertRecords.Waiting(alert.alertId(), alert.episode(), alert.severity().attribute(),
                n.subject(), text(n), n.topicArn(), n.timestamp(), escalateAt, schedule, null, null));
        try {
            scheduler.createSchedule(b -> b.name(schedule).groupName(config.scheduleGroup())
                    .description("Escalates alert " + Notification.abbreviate(alert.alertId())
                            + " unless it is acknowledged")
                    .scheduleExpression("at(" + AT.format(escalateAt) + ")")
                    .scheduleExpressionTimezone("UTC")
                    .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                    .actionAfterCompletion(ActionAfterCompletion.DELETE)
                    .target(t -> t.arn(target).roleArn(config.schedulerRole()).input(input(alert))
                            .retryPolicy(r -> r.maximumRetryAttempts(185).maximumEventAgeInSeconds(86400))
                            .deadLetterConfig(d -> d.arn(config.deadLetterQueue()))));
        } catch (ConflictException e) {
            LOG.info("the schedule exists already (a redelivery)", "schedule", schedule);
        }
        LOG.info("alert registered for escalation", "alertId", alert.alertId(), "episode", alert.episode(),
                "severity", alert.severity().attribute(), "schedule", schedule, "escalateAt", escalateAt);
        return new Registered(alert.alertId(), "registered", schedule, escalateAt);
    }

    static String input(WatchedAlert alert) {
        Map<String, String> input = new LinkedHashMap<>();
        input.put("escalate", alert.alertId());
        input.put("episode", alert.episode());
        try {
            return JsonWriter.toString(input);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The alert's readable text: the message itself, or for an alarm, its sentence rather than CloudWatch's JSON. */
    static String text(Notification n) {
        Optional<JsonNode> alarm = WatchedAlert.alarm(n.message());
        if (alarm.isEmpty()) {
            return n.message();
        }
        JsonNode a = alarm.get();
        StringBuilder text = new StringBuilder();
        text.append("CloudWatch alarm ").append(a.path("AlarmName").asText()).append(" went to ")
                .append(a.path("NewStateValue").asText()).append(" at ").append(a.path("StateChangeTime").asText())
                .append(".\n\n");
        line(text, "Description", a.path("AlarmDescription").asText(""));
        line(text, "Reason", a.path("NewStateReason").asText(""));
        line(text, "Region", a.path("Region").asText(""));
        return text.toString();
    }

    private static void line(StringBuilder body, String label, String value) {
        if (!value.isBlank()) {
            body.append(String.format("%-16s%s%n", label + ":", value).replace(System.lineSeparator(), "\n"));
        }
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
