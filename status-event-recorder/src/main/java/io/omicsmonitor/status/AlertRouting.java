package io.omicsmonitor.status;

import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.alerts.AckInstructions;
import io.omicsmonitor.common.alerts.Severity;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.omics.model.GetRunResponse;

/**
 * Which topic each alert goes to (docs/deployment.md, "Severities"): a FAILED run of priority at or above
 * {@code CRITICAL_RUN_PRIORITY} and every security event are critical; other failed runs, failed workflows and failed
 * import or export jobs are warnings. Critical alerts go to {@code ALERT_TOPIC_ARN} (the stack's original alert topic,
 * so existing subscriptions keep the alerts that matter most), warnings to {@code WARNING_TOPIC_ARN}.
 *
 * @param escalationMinutes how long a critical or warning alert waits for its acknowledgement (the text says so)
 */
record AlertRouting(String criticalTopic, String warningTopic, int criticalRunPriority, AckInstructions ack,
                    int escalationMinutes) {

    static final String CRITICAL_TOPIC_VARIABLE = "ALERT_TOPIC_ARN";
    static final String WARNING_TOPIC_VARIABLE = "WARNING_TOPIC_ARN";
    static final String CRITICAL_RUN_PRIORITY_VARIABLE = "CRITICAL_RUN_PRIORITY";
    static final String ESCALATION_MINUTES_VARIABLE = "ESCALATION_MINUTES";

    AlertRouting {
        Objects.requireNonNull(criticalTopic, "criticalTopic");
        Objects.requireNonNull(warningTopic, "warningTopic");
        Objects.requireNonNull(ack, "ack");
    }

    /**
     * The topics are required. The rest have the template's defaults, so that a run outside the stack (an in-process
     * backfill, whose replays are never alerted) needs no more than the topics; the template sets every one of them
     * (FunctionWiringTest).
     */
    static AlertRouting fromEnvironment(Env env, String region) {
        return new AlertRouting(env.required(CRITICAL_TOPIC_VARIABLE), env.required(WARNING_TOPIC_VARIABLE),
                integer(CRITICAL_RUN_PRIORITY_VARIABLE, env.optional(CRITICAL_RUN_PRIORITY_VARIABLE, "100")),
                AckInstructions.fromEnvironment(env, region),
                integer(ESCALATION_MINUTES_VARIABLE, env.optional(ESCALATION_MINUTES_VARIABLE, "30")));
    }

    String topic(Severity severity) {
        return switch (severity) {
            case CRITICAL -> criticalTopic;
            case WARNING -> warningTopic;
            case INFO -> throw new IllegalArgumentException("the status recorder sends no info alerts");
        };
    }

    /**
     * A failed run's severity by its priority (GetRun). A run without a priority counts as 0. When GetRun failed the
     * priority is unknown, and the alert is critical: better one page too many than a high-priority run missed.
     */
    Severity ofFailedRun(Optional<GetRunResponse> run) {
        if (run.isEmpty()) {
            return Severity.CRITICAL;
        }
        Integer priority = run.get().priority();
        return (priority == null ? 0 : priority) >= criticalRunPriority ? Severity.CRITICAL : Severity.WARNING;
    }

    /** "30 minutes", "1 minute", "2 hours": how the alert words the wait. */
    String escalationWait() {
        if (escalationMinutes % 60 == 0) {
            int hours = escalationMinutes / 60;
            return hours + (hours == 1 ? " hour" : " hours");
        }
        return escalationMinutes + (escalationMinutes == 1 ? " minute" : " minutes");
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Env.ConfigurationException("environment variable " + name + " is '" + value
                    + "', not a whole number");
        }
    }
}
