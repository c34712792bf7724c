package io.omicsmonitor.escalation;

import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.alerts.AckInstructions;
import java.time.Duration;

/**
 * The escalation's configuration, read once at start-up (template.yaml sets every variable).
 *
 * @param criticalTopic     where escalations go, and the topic whose messages without a severity are critical
 * @param warningTopic      the topic whose messages without a severity are warnings
 * @param escalateAfter            how long an alert waits for its acknowledgement ({@code ESCALATION_MINUTES})
 * @param scheduleGroup     the EventBridge Scheduler group of the alerts' one-time schedules
 * @param schedulerRole     the role the scheduler invokes this function with
 * @param deadLetterQueue   where the scheduler puts an escalation it could not deliver (this function's queue)
 */
record EscalationConfig(String criticalTopic, String warningTopic, Duration escalateAfter, String scheduleGroup,
                        String schedulerRole, String deadLetterQueue, AckInstructions ack) {

    static EscalationConfig fromEnvironment(Env env, String region) {
        String minutes = env.required("ESCALATION_MINUTES");
        Duration wait;
        try {
            wait = Duration.ofMinutes(Long.parseLong(minutes));
        } catch (NumberFormatException e) {
            throw new Env.ConfigurationException("environment variable ESCALATION_MINUTES is '" + minutes
                    + "', not a whole number of minutes");
        }
        return new EscalationConfig(env.required("ALERT_TOPIC_ARN"), env.required("WARNING_TOPIC_ARN"), wait,
                env.required("ALERT_SCHEDULE_GROUP"), env.required("SCHEDULER_ROLE_ARN"),
                env.required("DEAD_LETTER_QUEUE_ARN"), AckInstructions.fromEnvironment(env, region));
    }

    String topicName(String topicArn) {
        return topicArn.equals(criticalTopic) ? "critical" : topicArn.equals(warningTopic) ? "warning" : topicArn;
    }
}
