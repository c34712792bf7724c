package io.omicsmonitor.workflows;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.InvalidEventException;
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
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetWorkflowResponse;
import software.amazon.awssdk.services.omics.model.GetWorkflowVersionResponse;
import software.amazon.awssdk.services.omics.model.WorkflowParameter;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Records workflows as they become ACTIVE: on a {@code Workflow Status Change} to ACTIVE, GetWorkflow (and, when the
 * event names a version, GetWorkflowVersion) and one row per workflow in {@code workflows} and per version in
 * {@code workflow_versions}, named by the workflow id (and version name), so a replay overwrites the same objects.
 *
 * <p>Other statuses are acknowledged and not recorded: a workflow that is CREATING, UPDATING or FAILED has nothing
 * settled to record, and a DELETED one can no longer be read. Both API calls are made before anything is written, so
 * a failed call writes nothing and fails the invocation, and EventBridge's retry starts clean.
 */
public final class WorkflowRecorder implements RequestStreamHandler {

    static final Set<String> HANDLED = Set.of(DetailTypes.WORKFLOW_STATUS_CHANGE);

    private static final Log LOG = Log.of(WorkflowRecorder.class);

    private final EventReader reader;
    private final DataLake lake;
    private final S3Client s3;
    private final OmicsClient omics;

    /** Priming's sample event: fixed id and time, nothing random or time-bound. */
    static final String PRIMING_EVENT = """
            {"version":"0","id":"snapstart-priming-workflow","detail-type":"Workflow Status Change","source":"aws.omics",
             "account":"123456789012","time":"2026-01-01T00:00:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:workflow/1000000"],
             "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:workflow/1000000",
               "status":"ACTIVE","workflowUuid":"00000000-0000-0000-0000-000000000000","workflowVersionName":"priming"}}
            """;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public WorkflowRecorder() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(WorkflowRecorder.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public WorkflowRecorder(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private WorkflowRecorder(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(new EventReader(clock),
                new DataLake(s3, LakeLocation.fromEnvironment(env)),
                s3,
                aws.configure(OmicsClient.builder(), "omics"));
    }

    WorkflowRecorder(EventReader reader, DataLake lake, S3Client s3, OmicsClient omics) {
        this.reader = Objects.requireNonNull(reader);
        this.lake = Objects.requireNonNull(lake);
        this.s3 = Objects.requireNonNull(s3);
        this.omics = Objects.requireNonNull(omics);
    }

    /**
     * SnapStart priming: a workflow version's ACTIVE event read and recorded as {@link #record} does, GetWorkflow and
     * GetWorkflowVersion marshalled and signed but not sent, the rows built from fixed answers; nothing is written.
     */
    void prime() {
        SnapStartPriming.invocation(reader, PRIMING_EVENT, raw -> {
            EventEnvelope<WorkflowStatusChange> event = raw.withDetail(WorkflowStatusChange.from(raw));
            WorkflowStatusChange d = event.detail();
            String versionId = versionRecordId(event);
            WorkflowAccess access = WorkflowAccess.of(event);
            SnapStartPriming.dryRun("omics:GetWorkflow", () -> omics.getWorkflow(b -> b.id(d.workflowId())
                    .type(access.type()).workflowOwnerId(access.ownerId()).overrideConfiguration(SnapStartPriming.DRY_RUN)));
            SnapStartPriming.dryRun("omics:GetWorkflowVersion", () -> omics.getWorkflowVersion(b -> b
                    .workflowId(d.workflowId()).versionName(d.versionName()).type(access.type())
                    .workflowOwnerId(access.ownerId()).overrideConfiguration(SnapStartPriming.DRY_RUN)));
            Instant created = Instant.parse("2026-01-01T00:00:00Z");
            GetWorkflowResponse workflow = GetWorkflowResponse.builder().id(d.workflowId()).name("priming")
                    .type("PRIVATE").status("ACTIVE").engine("WDL").storageType("DYNAMIC").creationTime(created)
                    .parameterTemplate(Map.of("input", WorkflowParameter.builder().description("priming").optional(false).build()))
                    .tags(Map.of("priming", "true")).build();
            GetWorkflowVersionResponse version = GetWorkflowVersionResponse.builder().workflowId(d.workflowId())
                    .versionName(d.versionName()).type("PRIVATE").status("ACTIVE").engine("WDL").creationTime(created)
                    .build();
            WorkflowRecord workflowRow = WorkflowRecord.of(event, workflow);
            String workflowKey = lake.key(Tables.WORKFLOWS, workflowRow.partitionTime(), d.workflowId());
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), workflowKey, workflowRow);
            WorkflowVersionRecord versionRow = WorkflowVersionRecord.of(event, workflow, version);
            String versionKey = lake.key(Tables.WORKFLOW_VERSIONS, versionRow.partitionTime(), versionId);
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), versionKey, versionRow);
            return new Result(event.id(), d.workflowId(), d.versionName(), lake.uri(workflowKey), lake.uri(versionKey), null);
        });
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::record);
    }

    /**
     * What one invocation did.
     *
     * @param workflowObject the workflow's object, null when nothing was recorded
     * @param versionObject  the version's object, null when the event names no version or nothing was recorded
     * @param skipped        why nothing was recorded, null when something was
     */
    public record Result(String eventId, String workflowId, String versionName, String workflowObject,
                         String versionObject, String skipped) {
    }

    Result record(EventEnvelope<JsonNode> raw) {
        EventReader.requireDetailType(raw, HANDLED);
        EventEnvelope<WorkflowStatusChange> event = raw.withDetail(WorkflowStatusChange.from(raw));
        WorkflowStatusChange d = event.detail();
        LogContext.add("workflowId", d.workflowId());
        LogContext.add("versionName", d.versionName());
        LogContext.add("status", d.status());

        if (d.status() != WorkflowStatus.ACTIVE) {
            String skipped = "status " + d.status() + ": only ACTIVE workflows are recorded";
            LOG.info("workflow status change not recorded", "reason", skipped);
            return new Result(event.id(), d.workflowId(), d.versionName(), null, null, skipped);
        }
        String versionId = d.versionName() == null ? null : versionRecordId(event);

        WorkflowAccess access = WorkflowAccess.of(event);
        GetWorkflowResponse workflow = omics.getWorkflow(b -> b.id(d.workflowId())
                .type(access.type()).workflowOwnerId(access.ownerId()));
        GetWorkflowVersionResponse version = d.versionName() == null ? null
                : omics.getWorkflowVersion(b -> b.workflowId(d.workflowId()).versionName(d.versionName())
                        .type(access.type()).workflowOwnerId(access.ownerId()));

        WorkflowRecord workflowRow = WorkflowRecord.of(event, workflow);
        String workflowKey = lake.put(Tables.WORKFLOWS, workflowRow.partitionTime(), d.workflowId(), workflowRow);
        String versionKey = null;
        if (version != null) {
            WorkflowVersionRecord versionRow = WorkflowVersionRecord.of(event, workflow, version);
            versionKey = lake.put(Tables.WORKFLOW_VERSIONS, versionRow.partitionTime(), versionId, versionRow);
        }
        LOG.info("workflow recorded", "type", access.type().toString(), "workflowObject", lake.uri(workflowKey),
                "versionObject", versionKey == null ? null : lake.uri(versionKey));
        return new Result(event.id(), d.workflowId(), d.versionName(), lake.uri(workflowKey),
                versionKey == null ? null : lake.uri(versionKey), null);
    }

    /**
     * Checked before any call: a version name may contain '..' or end in '.' (HealthOmics' own pattern forbids
     * neither), the lake's object names ({@code <workflowId>_<name>.json}) may not hold ".." (it reads as a path
     * step), and an event that cannot be recorded should fail before it costs API calls.
     */
    private static String versionRecordId(EventEnvelope<WorkflowStatusChange> event) {
        String name = event.detail().versionName();
        if (name.contains("..") || name.endsWith(".")) {
            throw new InvalidEventException(event.id(), "workflow version name '" + name + "' "
                    + (name.endsWith(".") ? "ends with '.'" : "contains '..'")
                    + ", which cannot be part of a lake object name");
        }
        return WorkflowVersionRecord.recordId(event.detail().workflowId(), name);
    }
}
