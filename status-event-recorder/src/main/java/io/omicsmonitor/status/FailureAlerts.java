package io.omicsmonitor.status;

import io.omicsmonitor.common.alerts.Alert;
import io.omicsmonitor.common.alerts.Severity;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.GetRunTaskResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes a run failure, and the other alerts, to the topic of their severity ({@link AlertRouting}). The event
 * lacks the failure reason, times and priority, so GetRun adds them; when GetRun fails the alert still goes out with
 * what the event carries and says so: an alert without a reason beats none.
 *
 * <p>Every alert is published with {@code MessageStructure=json}: plain text for e-mail, a custom-notification card for
 * chat ({@link Alert}); its id is the event's, and its text says how to acknowledge it.
 */
final class FailureAlerts {

    private static final Log LOG = Log.of(FailureAlerts.class);
    private static final Pattern LABELLED_LINE = Pattern.compile("^([A-Z][A-Za-z0-9 /-]{0,30}):\\s+(.*)$");

    private final OmicsClient omics;
    private final SnsClient sns;
    private final AlertRouting routing;

    FailureAlerts(OmicsClient omics, SnsClient sns, AlertRouting routing) {
        this.omics = omics;
        this.sns = sns;
        this.routing = routing;
    }

    /** Returns the SNS message id. A failure to publish fails the invocation (and so is retried). */
    String publish(EventEnvelope<RunStatusChange> event) {
        RunStatusChange d = event.detail();
        Optional<GetRunResponse> run;
        String getRunFailure = null;
        try {
            run = Optional.of(omics.getRun(b -> b.id(d.runId())));
        } catch (SdkException e) {
            LOG.warn("GetRun failed; alerting with what the event carries", "error", e.getMessage());
            run = Optional.empty();
            getRunFailure = e.getMessage();
        }
        FailureAlert text = FailureAlert.compose(event, run, getRunFailure);
        Severity severity = routing.ofFailedRun(run);
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("category", "failure");
        attributes.put("status", d.status().name());
        attributes.put("runId", d.runId());
        Optional.ofNullable(run.map(GetRunResponse::workflowId).orElse(d.workflowId()))
                .ifPresent(id -> attributes.put("workflowId", id));
        run.map(GetRunResponse::priority).ifPresent(p -> attributes.put("priority", String.valueOf(p)));
        String region = event.region() != null ? event.region() : d.arn().region();
        Alert alert = alert(event, severity, text.subject(), text.body(), attributes,
                "https://" + region + ".console.aws.amazon.com/omics/home?region=" + region + "#/runs/" + d.runId());
        String messageId = send(alert);
        LOG.info("failure alert published", "messageId", messageId, "severity", severity.attribute(),
                "getRunFailed", run.isEmpty());
        return messageId;
    }

    /** Publishes one of the other alerts (a workflow, a job, a security event); returns the SNS message id. */
    String publish(EventEnvelope<?> event, EventAlert eventAlert) {
        Alert alert = alert(event, eventAlert.severity(), eventAlert.subject(), eventAlert.body(),
                eventAlert.attributes(), null);
        String messageId = send(alert);
        LOG.info("alert published", "messageId", messageId, "severity", alert.severity().attribute(),
                "category", eventAlert.attributes().get("category"));
        return messageId;
    }

    /**
     * A FAILED task's failure reason and status message (the event carries neither). A failure of GetRunTask fails
     * the invocation, so the retries, and after them the dead-letter queue, keep the task's reason from being lost.
     */
    GetRunTaskResponse task(String runId, String taskId) {
        return omics.getRunTask(b -> b.id(runId).taskId(taskId));
    }

    /**
     * SnapStart priming: GetRun and Publish marshalled and signed but not sent, and an alert composed from a
     * GetRun answer with fixed times.
     */
    void prime(EventEnvelope<RunStatusChange> event) {
        RunStatusChange d = event.detail();
        SnapStartPriming.dryRun("omics:GetRun",
                () -> omics.getRun(b -> b.id(d.runId()).overrideConfiguration(SnapStartPriming.DRY_RUN)));
        SnapStartPriming.dryRun("omics:GetRunTask", () -> omics.getRunTask(b -> b.id(d.runId()).taskId("1000001")
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
        GetRunResponse run = GetRunResponse.builder().id(d.runId()).status(d.status().name()).workflowId(d.workflowId())
                .failureReason("priming").statusMessage("priming").priority(0)
                .startTime(Instant.parse("2026-01-01T00:00:00Z")).stopTime(Instant.parse("2026-01-01T01:00:00Z"))
                .build();
        FailureAlert text = FailureAlert.compose(event, Optional.of(run), null);
        Alert alert = alert(event, routing.ofFailedRun(Optional.of(run)), text.subject(), text.body(),
                Map.of("status", d.status().name()), null);
        SnapStartPriming.dryRun("sns:Publish", () -> sns.publish(request(alert).toBuilder()
                .overrideConfiguration(SnapStartPriming.DRY_RUN).build()));
    }

    private Alert alert(EventEnvelope<?> event, Severity severity, String subject, String body,
                        Map<String, String> attributes, String console) {
        List<String> steps = console == null ? List.of() : List.of("Open the run in the console: " + console);
        return new Alert(event.id(), severity, subject, body, subject, markdown(body), steps, attributes)
                .withAckInstructions(routing.ack(), routing.escalationWait());
    }

    private String send(Alert alert) {
        return sns.publish(request(alert)).messageId();
    }

    private PublishRequest request(Alert alert) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        alert.messageAttributes().forEach((name, value) -> attributes.put(name, text(value)));
        return PublishRequest.builder().topicArn(routing.topic(alert.severity())).subject(alert.subjectLine())
                .messageStructure("json").message(alert.snsMessage()).messageAttributes(attributes).build();
    }

    /** The text's "Label:   value" lines as chat markdown ({@code *Label:* value}); other lines as they are. */
    static String markdown(String body) {
        StringBuilder out = new StringBuilder(body.length() + 64);
        for (String line : body.split("\n", -1)) {
            Matcher m = LABELLED_LINE.matcher(line);
            out.append(m.matches() ? "*" + m.group(1) + ":* " + m.group(2) : line).append('\n');
        }
        return out.toString().strip();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
