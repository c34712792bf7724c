package io.omicsmonitor.status;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.GetRunTaskResponse;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes a run failure to the alert topic. The event lacks the failure reason and times, so GetRun adds them; when
 * GetRun fails the alert still goes out with what the event carries and says so: an alert without a reason beats none.
 */
final class FailureAlerts {

    private static final Log LOG = Log.of(FailureAlerts.class);

    private final OmicsClient omics;
    private final SnsClient sns;
    private final String topicArn;

    FailureAlerts(OmicsClient omics, SnsClient sns, String topicArn) {
        this.omics = omics;
        this.sns = sns;
        this.topicArn = topicArn;
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
        FailureAlert alert = FailureAlert.compose(event, run, getRunFailure);
        Map<String, MessageAttributeValue> attributes = new java.util.LinkedHashMap<>();
        attributes.put("status", text(d.status().name()));
        attributes.put("runId", text(d.runId()));
        Optional.ofNullable(run.map(GetRunResponse::workflowId).orElse(d.workflowId()))
                .ifPresent(id -> attributes.put("workflowId", text(id)));
        String messageId = sns.publish(b -> b.topicArn(topicArn).subject(alert.subject()).message(alert.body())
                .messageAttributes(attributes)).messageId();
        LOG.info("failure alert published", "messageId", messageId, "getRunFailed", run.isEmpty());
        return messageId;
    }

    /** Publishes one of the other alerts (a workflow, a job, a security event); returns the SNS message id. */
    String publish(EventAlert alert) {
        Map<String, MessageAttributeValue> attributes = new java.util.LinkedHashMap<>();
        alert.attributes().forEach((name, value) -> attributes.put(name, text(value)));
        String messageId = sns.publish(b -> b.topicArn(topicArn).subject(alert.subject()).message(alert.body())
                .messageAttributes(attributes)).messageId();
        LOG.info("alert published", "messageId", messageId, "category", alert.attributes().get("category"));
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
                .failureReason("priming").statusMessage("priming")
                .startTime(Instant.parse("2026-01-01T00:00:00Z")).stopTime(Instant.parse("2026-01-01T01:00:00Z"))
                .build();
        FailureAlert alert = FailureAlert.compose(event, Optional.of(run), null);
        SnapStartPriming.dryRun("sns:Publish", () -> sns.publish(b -> b.topicArn(topicArn).subject(alert.subject())
                .message(alert.body()).messageAttributes(Map.of("status", text(d.status().name())))
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
