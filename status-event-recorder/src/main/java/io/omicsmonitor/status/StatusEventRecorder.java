package io.omicsmonitor.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunStatus;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.events.TaskStatusChange;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.common.log.LogContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Records every {@code Run Status Change} and {@code Task Status Change} into the lake, one object per event named by
 * the EventBridge event id and filed under the event's UTC date; relays run failures to SNS.
 *
 * <p>A FAILED run is alerted before its record is written, and only when the record is not there yet: a failed
 * write is retried with its alert (at worst a second alert), and a replay of an event already recorded sends none.
 */
public final class StatusEventRecorder implements RequestStreamHandler {

    public static final String ALERT_TOPIC_VARIABLE = "ALERT_TOPIC_ARN";
    static final Set<String> HANDLED = Set.of(DetailTypes.RUN_STATUS_CHANGE, DetailTypes.TASK_STATUS_CHANGE);

    private static final Log LOG = Log.of(StatusEventRecorder.class);

    private final EventReader reader;
    private final DataLake lake;
    private final FailureAlerts alerts;

    /** Lambda's entry: wiring from the environment, once per execution environment. */
    public StatusEventRecorder() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public StatusEventRecorder(Env env, AwsClients aws, Clock clock) {
        this(new EventReader(clock),
                new DataLake(aws.s3(), LakeLocation.fromEnvironment(env)),
                new FailureAlerts(aws.configure(OmicsClient.builder(), "omics"),
                        aws.configure(SnsClient.builder(), "sns"),
                        env.required(ALERT_TOPIC_VARIABLE)));
    }

    StatusEventRecorder(EventReader reader, DataLake lake, FailureAlerts alerts) {
        this.reader = Objects.requireNonNull(reader);
        this.lake = Objects.requireNonNull(lake);
        this.alerts = Objects.requireNonNull(alerts);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, reader, this::record);
    }

    /** What one invocation did: the object written, and the alert's SNS message id when one went out. */
    public record Result(String eventId, String object, String alertMessageId) {
    }

    Result record(EventEnvelope<JsonNode> event) {
        EventReader.requireDetailType(event, HANDLED);
        return event.detailType().equals(DetailTypes.RUN_STATUS_CHANGE)
                ? recordRun(event.withDetail(RunStatusChange.from(event)))
                : recordTask(event.withDetail(TaskStatusChange.from(event)));
    }

    private Result recordRun(EventEnvelope<RunStatusChange> event) {
        RunStatusChange run = event.detail();
        LogContext.add("runId", run.runId());
        LogContext.add("status", run.status());
        String key = lake.key(Tables.RUN_STATUS_EVENTS, event.time(), event.id());
        String alertId = null;
        if (run.status() == RunStatus.FAILED && !lake.exists(key)) {
            alertId = alerts.publish(event);
        }
        lake.put(Tables.RUN_STATUS_EVENTS, event.time(), event.id(), RunStatusRecord.of(event));
        LOG.info("run status recorded", "object", lake.uri(key));
        return new Result(event.id(), lake.uri(key), alertId);
    }

    private Result recordTask(EventEnvelope<TaskStatusChange> event) {
        TaskStatusChange task = event.detail();
        LogContext.add("runId", task.runId());
        LogContext.add("taskId", task.taskId());
        LogContext.add("status", task.status());
        String key = lake.put(Tables.TASK_STATUS_EVENTS, event.time(), event.id(), TaskStatusRecord.of(event));
        LOG.info("task status recorded", "object", lake.uri(key));
        return new Result(event.id(), lake.uri(key), null);
    }
}
