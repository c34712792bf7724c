package io.omicsmonitor.ack;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.alerts.AlertRecords;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.common.log.LogContext;
import io.omicsmonitor.json.JsonTrees;
import io.omicsmonitor.json.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * Acknowledges an alert: {@code {"alertId": "<id>", "by": "<who>"}} from {@code omics-monitor ack} or from a chat
 * channel ({@code @Amazon Q lambda invoke ...}; the channel's role may invoke this function and nothing else). Writes
 * the acknowledgement of the alert's current episode beside its record and deletes its escalation schedule, so the
 * escalation neither fires nor, should it fire anyway, re-sends (it reads the acknowledgement first).
 *
 * <p>The answer says what happened, in {@code outcome}: {@code acknowledged}, {@code acknowledged after escalation}
 * (it was re-sent already; nothing more will be), {@code already acknowledged} (by whom, when; nothing is changed), or
 * {@code unknown alert} (no such id, or older than 30 days). Only a malformed request fails the invocation.
 */
public final class AlertAck implements RequestStreamHandler {

    private static final Log LOG = Log.of(AlertAck.class);
    static final int MAX_INPUT_BYTES = 64 * 1024;
    /** What {@code by} may hold: a name, an e-mail address, an ARN; no line breaks or markup. */
    private static final Pattern BY = Pattern.compile("[\\p{L}\\p{N} .,:@/_+=()'-]{1,200}");

    private final AlertRecords records;
    private final SchedulerClient scheduler;
    private final String scheduleGroup;
    private final Clock clock;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public AlertAck() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(AlertAck.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public AlertAck(Env env, AwsClients aws, Clock clock) {
        this(records(env, aws), aws.configure(SchedulerClient.builder(), "scheduler"),
                env.required("ALERT_SCHEDULE_GROUP"), clock);
    }

    AlertAck(AlertRecords records, SchedulerClient scheduler, String scheduleGroup, Clock clock) {
        this.records = Objects.requireNonNull(records);
        this.scheduler = Objects.requireNonNull(scheduler);
        this.scheduleGroup = Objects.requireNonNull(scheduleGroup);
        this.clock = Objects.requireNonNull(clock);
    }

    private static AlertRecords records(Env env, AwsClients aws) {
        var s3 = aws.s3();
        return new AlertRecords(s3, new DataLake(s3, LakeLocation.fromEnvironment(env)));
    }

    /** The answer: what happened, in a sentence for a person ({@code message}) and a word for a program. */
    public record Result(String alertId, String outcome, String message, Instant acknowledgedAt, String by) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (LogContext log = EventInvocation.openLog(context)) {
            Result result;
            try {
                JsonNode request = read(input);
                String alertId = request.path("alertId").asText("").trim();
                if (alertId.isEmpty() || alertId.length() > 300) {
                    throw new IllegalArgumentException("the request needs \"alertId\": the id the alert's text names "
                            + "(1 to 300 characters), as in {\"alertId\": \"3d4e5f60-7182-93a4-b5c6-d7e8f90a1b23\"}");
                }
                String by = request.path("by").isTextual() ? request.get("by").asText().trim() : null;
                if (by != null && !BY.matcher(by).matches()) {
                    throw new IllegalArgumentException("\"by\" is 1 to 200 letters, digits, spaces or . , : @ / _ + = ( ) ' -");
                }
                log.put("alertId", alertId);
                result = acknowledge(alertId, by);
            } catch (RuntimeException e) {
                LOG.error("acknowledgement failed", e);
                throw e;
            }
            try {
                JsonWriter.write(output, result);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the invocation's result", e);
            }
        }
    }

    Result acknowledge(String alertId, String by) {
        Optional<AlertRecords.Waiting> waiting = records.waiting(alertId);
        if (waiting.isEmpty()) {
            LOG.info("unknown alert", "alertId", alertId);
            return new Result(alertId, "unknown alert", "No alert " + alertId + " is waiting for an acknowledgement: "
                    + "check the id in the alert's text (an alarm's id is its name). Info alerts are never escalated, "
                    + "and alerts are forgotten after 30 days.", null, null);
        }
        AlertRecords.Waiting alert = waiting.get();
        Optional<AlertRecords.Ack> earlier = records.ack(alertId).filter(a -> alert.episode().equals(a.episode()));
        if (earlier.isPresent()) {
            AlertRecords.Ack a = earlier.get();
            return new Result(alertId, "already acknowledged", "Alert " + alertId + " was already acknowledged at "
                    + a.acknowledgedAt() + (a.by() == null ? "" : " by " + a.by()) + "; nothing changed.",
                    a.acknowledgedAt(), a.by());
        }
        Instant now = clock.instant();
        records.put(new AlertRecords.Ack(alertId, alert.episode(), now, by));
        try {
            scheduler.deleteSchedule(b -> b.name(alert.schedule()).groupName(scheduleGroup));
        } catch (ResourceNotFoundException e) {
            // it ran already (and deleted itself) or never was: the acknowledgement above stops any escalation
            LOG.info("no schedule to delete", "schedule", alert.schedule());
        }
        LOG.info("alert acknowledged", "episode", alert.episode(), "by", by, "escalated", alert.escalatedAt() != null);
        if (alert.escalatedAt() != null) {
            return new Result(alertId, "acknowledged after escalation", "Alert " + alertId + " acknowledged at " + now
                    + "; it had been escalated to the critical topic at " + alert.escalatedAt()
                    + ". Nothing more will be sent.", now, by);
        }
        return new Result(alertId, "acknowledged", "Alert " + alertId + " acknowledged at " + now
                + ", before its escalation (due " + alert.escalateAt() + "): it will not be escalated.", now, by);
    }

    /** SnapStart priming: the record reads, the acknowledgement and the schedule's deletion marshalled, not sent. */
    void prime() {
        SnapStartPriming.dryRun("scheduler:DeleteSchedule", () -> scheduler.deleteSchedule(b -> b.name("priming")
                .groupName(scheduleGroup).overrideConfiguration(SnapStartPriming.DRY_RUN)));
        try {
            JsonWriter.toString(new Result("priming", "acknowledged", "priming", Instant.EPOCH, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(InputStream input) {
        try {
            byte[] bytes = input.readNBytes(MAX_INPUT_BYTES + 1);
            if (bytes.length > MAX_INPUT_BYTES) {
                throw new IllegalArgumentException("the request is larger than " + MAX_INPUT_BYTES + " bytes");
            }
            JsonNode json = JsonTrees.readTree(bytes);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the request is not a JSON object: {\"alertId\": \"...\"}");
            }
            return json;
        } catch (IOException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getMessage(), e);
        }
    }
}
