package io.omicsmonitor.status;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.log.Log;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
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

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
