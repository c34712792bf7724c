package io.omicsmonitor.escalation;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Escalates critical and warning alerts nobody acknowledged (docs/deployment.md, "Escalation"). Two callers:
 * <ul>
 * <li>SNS, for every message on the critical and warning topics ({@code {"Records": [{"Sns": ...}]}}): the alert is
 *     registered ({@link Registrar}): its record, and a one-time schedule at the publish time plus
 *     {@code ESCALATION_MINUTES};</li>
 * <li>that schedule ({@code {"escalate": <alert id>, "episode": <SNS message id>}}): the alert is re-sent to the
 *     critical topic unless acknowledged ({@link Escalator}).</li>
 * </ul>
 * Anything else fails the invocation with what was wrong. Acknowledging is the ack function's: this function may be
 * invoked only by SNS (for the two topics) and by the scheduler's role, so no one can register or escalate an alert
 * of their own making.
 */
public final class AlertEscalation implements RequestStreamHandler {

    private static final Log LOG = Log.of(AlertEscalation.class);
    static final int MAX_INPUT_BYTES = 1024 * 1024;

    private final Registrar registrar;
    private final Escalator escalator;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public AlertEscalation() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(AlertEscalation.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public AlertEscalation(Env env, AwsClients aws, Clock clock) {
        this(wiring(env, aws, clock));
    }

    private AlertEscalation(Object[] parts) {
        this((Registrar) parts[0], (Escalator) parts[1]);
    }

    AlertEscalation(Registrar registrar, Escalator escalator) {
        this.registrar = Objects.requireNonNull(registrar);
        this.escalator = Objects.requireNonNull(escalator);
    }

    private static Object[] wiring(Env env, AwsClients aws, Clock clock) {
        EscalationConfig config = EscalationConfig.fromEnvironment(env, aws.region().id());
        var s3 = aws.s3();
        AlertRecords records = new AlertRecords(s3, new DataLake(s3, LakeLocation.fromEnvironment(env)));
        return new Object[] {
            new Registrar(records, aws.configure(SchedulerClient.builder(), "scheduler"), config, clock),
            new Escalator(records, aws.configure(SnsClient.builder(), "sns"), config, clock)};
    }

    /** What one invocation did. */
    public record Result(List<Registrar.Registered> registered, Escalator.Escalated escalation) {
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        try (LogContext log = EventInvocation.openLog(context)) {
            Result result;
            try {
                result = handle(read(input), context == null ? null : context.getInvokedFunctionArn());
            } catch (RuntimeException e) {
                LOG.error("invocation failed", e);
                throw e;
            }
            try {
                JsonWriter.write(output, result);
            } catch (IOException e) {
                throw new UncheckedIOException("could not write the invocation's result", e);
            }
        }
    }

    Result handle(JsonNode input, String invokedArn) {
        if (input.has("Records")) {
            if (invokedArn == null || invokedArn.isBlank()) {
                throw new IllegalArgumentException("an SNS event without the invoked function's ARN (Lambda's "
                        + "context): the escalation schedule needs it as its target");
            }
            List<Registrar.Registered> registered = new ArrayList<>();
            for (JsonNode record : input.get("Records")) {
                Notification n = Notification.of(record);
                LogContext.add("messageId", n.messageId());
                registered.add(registrar.register(n, invokedArn));
            }
            return new Result(registered, null);
        }
        if (input.path("escalate").isTextual() && input.path("episode").isTextual()) {
            LogContext.add("alertId", input.get("escalate").asText());
            return new Result(List.of(), escalator.escalate(input.get("escalate").asText(), input.get("episode").asText()));
        }
        throw new IllegalArgumentException("neither an SNS event ({\"Records\": [...]}) nor an escalation "
                + "({\"escalate\": \"<alert id>\", \"episode\": \"<SNS message id>\"}): "
                + Notification.abbreviate(input.toString()));
    }

    /**
     * SnapStart priming: an alert's record, schedule and escalation marshalled and signed but not sent (the calls
     * are answered in memory), and the texts composed.
     */
    void prime() {
        Notification n = new Notification("00000000-0000-0000-0000-000000000000",
                "arn:aws:sns:us-east-1:123456789012:priming", "priming", "priming",
                Instant.parse("2026-01-01T00:00:00Z"), Map.of("alertId", "priming", "severity", "warning"));
        Registrar.text(n);
        Registrar.input(new WatchedAlert("priming", n.messageId(), io.omicsmonitor.common.alerts.Severity.WARNING));
        escalator.escalation(new AlertRecords.Waiting("priming", n.messageId(), "warning", "priming", "priming",
                n.topicArn(), n.timestamp(), n.timestamp(), "priming", null, null), java.time.Duration.ofMinutes(30))
                .snsMessage();
    }

    private static JsonNode read(InputStream input) {
        try {
            byte[] bytes = input.readNBytes(MAX_INPUT_BYTES + 1);
            if (bytes.length > MAX_INPUT_BYTES) {
                throw new IllegalArgumentException("the input is larger than " + MAX_INPUT_BYTES + " bytes");
            }
            return JsonTrees.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the input is not JSON: " + e.getMessage(), e);
        }
    }
}
