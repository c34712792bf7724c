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
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.events.TaskStatusChange;
import io.omicsmonitor.common.events.WorkflowStatusChange;
import io.omicsmonitor.common.events.WorkflowStatusChange.WorkflowStatus;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.common.log.LogContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunTaskResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Records every {@code Run Status Change} and {@code Task Status Change} into the lake, one object per event named by
 * the EventBridge event id and filed under the event's UTC date; relays run failures to SNS.
 *
 * <p>Also (issue 12): a FAILED task's row gets GetRunTask's failure reason; a workflow that FAILED, became INACTIVE or
 * was DELETED is recorded in {@code workflow_status_events} (FAILED alerted); a failed read set import or export job
 * or reference import job is alerted; a workflow share or S3 access policy change is recorded in
 * {@code security_events} and alerted as a security event.
 *
 * <p>A FAILED run is alerted before its record is written, and only when the record is not there yet: a failed
 * write is retried with its alert (at worst a second alert), and a redelivery of an event already recorded sends
 * none. Backfill's replays ({@code omics-monitor.replay}) are recorded, never alerted.
 */
public final class StatusEventRecorder implements RequestStreamHandler {

    /** The critical alert topic (AlertTopic); the other variables of the alerts: {@link AlertRouting}. */
    public static final String ALERT_TOPIC_VARIABLE = AlertRouting.CRITICAL_TOPIC_VARIABLE;
    static final Set<String> HANDLED = Set.of(DetailTypes.RUN_STATUS_CHANGE, DetailTypes.TASK_STATUS_CHANGE,
            DetailTypes.WORKFLOW_STATUS_CHANGE, DetailTypes.READ_SET_IMPORT_JOB_STATUS_CHANGE,
            DetailTypes.READ_SET_EXPORT_JOB_STATUS_CHANGE, DetailTypes.REFERENCE_IMPORT_JOB_STATUS_CHANGE,
            DetailTypes.WORKFLOW_SHARE_STATUS_CHANGE, DetailTypes.S3_ACCESS_POLICY_STATUS_CHANGE);

    /** The workflow statuses recorded as history; ACTIVE is workflow-records' (the rules send it there, not here). */
    static final Set<WorkflowStatus> WORKFLOW_HISTORY = EnumSet.of(WorkflowStatus.FAILED, WorkflowStatus.INACTIVE,
            WorkflowStatus.DELETED);

    private static final Log LOG = Log.of(StatusEventRecorder.class);

    private final EventReader reader;
    private final DataLake lake;
    private final S3Client s3;
    private final FailureAlerts alerts;

    /** Priming's sample events: fixed ids and times, nothing random or time-bound. */
    static final String PRIMING_RUN_EVENT = """
            {"version":"0","id":"snapstart-priming-run","detail-type":"Run Status Change","source":"aws.omics",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:run/1000000"],
             "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:run/1000000","status":"FAILED",
               "uuid":"00000000-0000-0000-0000-000000000000","runId":"1000000","runName":"priming",
               "runOutputUri":"s3://priming/run/1000000","workflowId":"1000000","workflowName":"priming"}}
            """;
    static final String PRIMING_TASK_EVENT = """
            {"version":"0","id":"snapstart-priming-task","detail-type":"Task Status Change","source":"aws.omics",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:task/1000001"],
             "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:task/1000001","status":"COMPLETED",
               "runArn":"arn:aws:omics:us-east-1:123456789012:run/1000000","runUuid":"00000000-0000-0000-0000-000000000000",
               "runId":"1000000","runName":"priming","workflowId":"1000000","workflowName":"priming"}}
            """;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public StatusEventRecorder() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(StatusEventRecorder.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public StatusEventRecorder(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private StatusEventRecorder(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(new EventReader(clock),
                new DataLake(s3, LakeLocation.fromEnvironment(env)),
                s3,
                new FailureAlerts(aws.configure(OmicsClient.builder(), "omics"),
                        aws.configure(SnsClient.builder(), "sns"),
                        AlertRouting.fromEnvironment(env, aws.region().id())));
    }

    StatusEventRecorder(EventReader reader, DataLake lake, S3Client s3, FailureAlerts alerts) {
        this.reader = Objects.requireNonNull(reader);
        this.lake = Objects.requireNonNull(lake);
        this.s3 = Objects.requireNonNull(s3);
        this.alerts = Objects.requireNonNull(alerts);
    }

    /**
     * SnapStart priming: a failed run's event and a task's event read, recorded and alerted on exactly as
     * {@link #record} does, with every AWS call stopped before it is sent (nothing is written or published).
     */
    void prime() {
        SnapStartPriming.invocation(reader, PRIMING_RUN_EVENT, event -> {
            EventEnvelope<RunStatusChange> run = event.withDetail(RunStatusChange.from(event));
            String key = lake.key(Tables.RUN_STATUS_EVENTS, run.time(), run.id());
            alerts.prime(run);
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), key, RunStatusRecord.of(run));
            return new Result(run.id(), lake.uri(key), null);
        });
        SnapStartPriming.invocation(reader, PRIMING_TASK_EVENT, event -> {
            EventEnvelope<TaskStatusChange> task = event.withDetail(TaskStatusChange.from(event));
            String key = lake.key(Tables.TASK_STATUS_EVENTS, task.time(), task.id());
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), key, TaskStatusRecord.of(task, Optional.empty()));
            return new Result(task.id(), lake.uri(key), null);
        });
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::record);
    }

    /** What one invocation did: the object written, and the alert's SNS message id when one went out. */
    public record Result(String eventId, String object, String alertMessageId) {
    }

    Result record(EventEnvelope<JsonNode> event) {
        EventReader.requireDetailType(event, HANDLED);
        return switch (event.detailType()) {
            case DetailTypes.RUN_STATUS_CHANGE -> recordRun(event.withDetail(RunStatusChange.from(event)));
            case DetailTypes.TASK_STATUS_CHANGE -> recordTask(event.withDetail(TaskStatusChange.from(event)));
            case DetailTypes.WORKFLOW_STATUS_CHANGE -> recordWorkflow(event.withDetail(WorkflowStatusChange.from(event)));
            case DetailTypes.WORKFLOW_SHARE_STATUS_CHANGE, DetailTypes.S3_ACCESS_POLICY_STATUS_CHANGE ->
                    recordSecurity(event.withDetail(SecurityEvent.of(event)));
            default -> alertJob(event.withDetail(JobStatusChange.from(event)));
        };
    }

    /** A workflow that FAILED, became INACTIVE or was DELETED: its history; FAILED alerted once, like a failed run. */
    private Result recordWorkflow(EventEnvelope<WorkflowStatusChange> event) {
        WorkflowStatusChange workflow = event.detail();
        LogContext.add("workflowId", workflow.workflowId());
        LogContext.add("status", workflow.status());
        if (!WORKFLOW_HISTORY.contains(workflow.status())) {
            throw new InvalidEventException(event.id(), "detail.status is " + workflow.status() + "; this function "
                    + "records a workflow only when it is " + WORKFLOW_HISTORY + " (workflow-records takes ACTIVE)");
        }
        String key = lake.key(Tables.WORKFLOW_STATUS_EVENTS, event.time(), event.id());
        String alertId = null;
        if (workflow.status() == WorkflowStatus.FAILED && !event.replay() && !lake.exists(key)) {
            alertId = alerts.publish(event, EventAlert.workflowFailed(event));
        }
        lake.put(Tables.WORKFLOW_STATUS_EVENTS, event.time(), event.id(), WorkflowStatusRecord.of(event));
        LOG.info("workflow status recorded", "object", lake.uri(key));
        return new Result(event.id(), lake.uri(key), alertId);
    }

    /** A share or access-policy change: recorded, and alerted as a security event once (not on redelivery). */
    private Result recordSecurity(EventEnvelope<SecurityEvent> event) {
        LogContext.add("status", event.detail().status());
        String key = lake.key(Tables.SECURITY_EVENTS, event.time(), event.id());
        String alertId = null;
        if (!event.replay() && !lake.exists(key)) {
            alertId = alerts.publish(event, EventAlert.security(event));
        }
        lake.put(Tables.SECURITY_EVENTS, event.time(), event.id(), event.detail());
        LOG.info("security event recorded", "object", lake.uri(key));
        return new Result(event.id(), lake.uri(key), alertId);
    }

    /**
     * A read set import or export job, or a reference import job, that FAILED: alerted, not recorded (no table keeps
     * jobs), so a redelivery of the same event alerts again. Any other status is a wiring error: the rule sends FAILED only.
     */
    private Result alertJob(EventEnvelope<JobStatusChange> event) {
        JobStatusChange job = event.detail();
        LogContext.add("jobId", job.jobId());
        LogContext.add("status", job.status());
        if (!job.status().equals("FAILED")) {
            throw new InvalidEventException(event.id(), "detail.status is '" + job.status() + "'; this function "
                    + "alerts on a " + job.kind() + " only when it is FAILED");
        }
        return new Result(event.id(), null, alerts.publish(event, EventAlert.jobFailed(event)));
    }

    private Result recordRun(EventEnvelope<RunStatusChange> event) {
        RunStatusChange run = event.detail();
        LogContext.add("runId", run.runId());
        LogContext.add("status", run.status());
        String key = lake.key(Tables.RUN_STATUS_EVENTS, event.time(), event.id());
        String alertId = null;
        // Backfill replays history into the lake; it must not page anyone about failures long dealt with.
        if (run.status() == RunStatus.FAILED && !event.replay() && !lake.exists(key)) {
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
        // Only a FAILED task's reason is worth a GetRunTask: a large run has thousands of tasks, few of them failed.
        Optional<GetRunTaskResponse> details = task.status() == RunStatus.FAILED
                ? Optional.of(alerts.task(task.runId(), task.taskId())) : Optional.empty();
        String key = lake.put(Tables.TASK_STATUS_EVENTS, event.time(), event.id(), TaskStatusRecord.of(event, details));
        LOG.info("task status recorded", "object", lake.uri(key));
        return new Result(event.id(), lake.uri(key), null);
    }
}
