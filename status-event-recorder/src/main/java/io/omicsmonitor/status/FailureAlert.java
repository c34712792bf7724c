package io.omicsmonitor.status;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatusChange;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/**
 * The text of a run-failure alert: what an operator needs to start looking, no more. Run parameters are left out on
 * purpose: they may name patients' samples, and the alert goes to mailboxes.
 *
 * @param subject SNS subjects are at most 100 printable ASCII characters
 */
public record FailureAlert(String subject, String body) {

    static final int MAX_SUBJECT = 100;

    /**
     * @param run          what GetRun said, or empty when it failed
     * @param getRunFailure why GetRun failed, when it did
     */
    static FailureAlert compose(EventEnvelope<RunStatusChange> event, Optional<GetRunResponse> run, String getRunFailure) {
        RunStatusChange d = event.detail();
        String region = event.region() != null ? event.region() : d.arn().region();
        String runName = run.map(GetRunResponse::name).orElse(d.runName());
        String workflowName = d.workflowName();
        String workflowId = run.map(GetRunResponse::workflowId).orElse(d.workflowId());
        String uuid = run.map(GetRunResponse::uuid).orElse(d.uuid());
        String outputUri = run.map(GetRunResponse::runOutputUri).orElse(d.runOutputUri());

        String subject = ascii("HealthOmics run " + d.status() + ": " + (runName == null ? "" : runName + " ")
                + "(" + d.runId() + ")");
        if (subject.length() > MAX_SUBJECT) {
            subject = subject.substring(0, MAX_SUBJECT - 3) + "...";
        }

        StringBuilder body = new StringBuilder();
        body.append("HealthOmics run ").append(d.runId());
        if (runName != null) {
            body.append(" \"").append(runName).append('"');
        }
        body.append(" ").append(d.status()).append(".\n\n");
        line(body, "Workflow", workflowName == null && workflowId == null ? null
                : (workflowName == null ? "" : workflowName + " ") + "(" + (workflowId == null ? "unknown id" : workflowId) + ")");
        if (run.isPresent()) {
            GetRunResponse r = run.get();
            line(body, "Failure reason", r.failureReason());
            line(body, "Status message", r.statusMessage());
            line(body, "Started", time(r.startTime()));
            line(body, "Stopped", time(r.stopTime()));
            line(body, "Duration", r.startTime() != null && r.stopTime() != null
                    ? duration(Duration.between(r.startTime(), r.stopTime())) : null);
        }
        line(body, "Output", outputUri);
        line(body, "Manifest log", "/aws/omics/WorkflowLog, stream manifest/run/" + d.runId() + "/"
                + (uuid == null ? "<run uuid>" : uuid));
        line(body, "Console", "https://" + region + ".console.aws.amazon.com/omics/home?region=" + region
                + "#/runs/" + d.runId());
        line(body, "Run ARN", d.arn().text());
        line(body, "Event", event.id() + " at " + event.time() + (event.replay() ? " (replayed by backfill)" : ""));
        if (run.isEmpty()) {
            body.append("\nGetRun failed (").append(getRunFailure).append("), so the failure reason, status message "
                    + "and times are not in this alert; the console link above shows them.\n");
        }
        return new FailureAlert(subject, body.toString());
    }

    private static void line(StringBuilder body, String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append(String.format("%-16s%s%n", label + ":", value).replace(System.lineSeparator(), "\n"));
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static String duration(Duration d) {
        long s = d.getSeconds();
        return s >= 3600 ? String.format("%dh %02dm %02ds", s / 3600, s % 3600 / 60, s % 60)
                : String.format("%dm %02ds", s / 60, s % 60);
    }

    /** SNS rejects subjects with line breaks or non-ASCII characters: a run name may have either. */
    private static String ascii(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
