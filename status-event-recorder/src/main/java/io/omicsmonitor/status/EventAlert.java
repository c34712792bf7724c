package io.omicsmonitor.status;

import io.omicsmonitor.common.alerts.Severity;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import io.omicsmonitor.json.JsonWriter;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of the alerts other than a run's failure: a FAILED workflow, a FAILED import or export job, and the security
 * events. Each names what changed, where to look, and the event; {@code attributes} are the SNS message attributes a
 * subscription can filter on ({@code category} is {@code failure} or {@code security}). A security event is critical,
 * a failed workflow or job a warning (docs/deployment.md, "Severities").
 */
record EventAlert(Severity severity, String subject, String body, Map<String, String> attributes) {

    static EventAlert workflowFailed(EventEnvelope<WorkflowStatusChange> event) {
        WorkflowStatusChange d = event.detail();
        String region = region(event, d.arn().region());
        StringBuilder body = new StringBuilder();
        body.append("HealthOmics workflow ").append(d.workflowId())
                .append(d.versionName() == null ? "" : " version " + d.versionName()).append(" FAILED.\n\n");
        line(body, "Workflow ARN", d.arn().text());
        line(body, "Version", d.versionName());
        line(body, "Console", "https://" + region + ".console.aws.amazon.com/omics/home?region=" + region
                + "#/workflows/" + d.workflowId());
        line(body, "Event", event.id() + " at " + event.time());
        body.append("\nGetWorkflow").append(d.versionName() == null ? "" : "Version")
                .append(" (or the console) gives the status message: why it failed.\n");
        return new EventAlert(Severity.WARNING, subject("HealthOmics workflow FAILED: " + d.workflowId()
                + (d.versionName() == null ? "" : " version " + d.versionName())), body.toString(),
                attributes("failure", event.detailType(), d.status().name()));
    }

    static EventAlert jobFailed(EventEnvelope<JobStatusChange> event) {
        JobStatusChange d = event.detail();
        StringBuilder body = new StringBuilder();
        body.append("HealthOmics ").append(d.kind()).append(' ').append(d.jobId()).append(" in ").append(d.store())
                .append(' ').append(d.status()).append(".\n\n");
        line(body, "Job", d.kind() + " " + d.jobId());
        line(body, "Store", d.store());
        line(body, "Status message", d.statusMessage() == null ? "(none in the event)" : d.statusMessage());
        line(body, "Region", event.region());
        line(body, "Event", event.id() + " at " + event.time());
        return new EventAlert(Severity.WARNING, subject("HealthOmics " + d.kind() + " " + d.status() + ": " + d.jobId() + " (" + d.store() + ")"),
                body.toString(), attributes("failure", event.detailType(), d.status()));
    }

    static EventAlert security(EventEnvelope<SecurityEvent> event) {
        SecurityEvent d = event.detail();
        String what = d.detailType().replace(" Status Change", "").toLowerCase(java.util.Locale.ROOT)
                .replace("s3 ", "S3 ");
        StringBuilder body = new StringBuilder();
        body.append("Security event: HealthOmics ").append(what).append(" status changed to ").append(d.status())
                .append(".\nWho can reach this account's HealthOmics data or workflows may have changed: check that "
                        + "this change was intended.\n\n");
        line(body, "Event type", d.detailType());
        line(body, "Resource", d.resourceArn());
        line(body, "Status", d.status());
        line(body, "Status message", d.statusMessage());
        line(body, "Account", d.account());
        line(body, "Region", d.region());
        line(body, "Detail", json(d.detail()));
        line(body, "Event", event.id() + " at " + event.time());
        return new EventAlert(Severity.CRITICAL, subject("SECURITY EVENT: HealthOmics " + what + " " + d.status()), body.toString(),
                attributes("security", d.detailType(), d.status()));
    }

    /** The detail as compact JSON, written by JsonWriter: JsonNode.toString() would build an ObjectMapper. */
    private static String json(JsonNode detail) {
        try {
            return JsonWriter.toString(detail);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the event's detail", e);
        }
    }

    private static Map<String, String> attributes(String category, String detailType, String status) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("category", category);
        attributes.put("detailType", detailType);
        attributes.put("status", status);
        return attributes;
    }

    private static String region(EventEnvelope<?> event, String fallback) {
        return event.region() != null ? event.region() : fallback;
    }

    private static void line(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append(String.format("%-16s%s%n", label + ":", value).replace(System.lineSeparator(), "\n"));
        }
    }

    /** SNS subjects: at most 100 printable ASCII characters. */
    private static String subject(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        String subject = out.toString();
        return subject.length() > FailureAlert.MAX_SUBJECT ? subject.substring(0, FailureAlert.MAX_SUBJECT - 3) + "..." : subject;
    }
}
