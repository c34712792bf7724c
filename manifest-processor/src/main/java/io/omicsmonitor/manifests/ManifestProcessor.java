package io.omicsmonitor.manifests;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lake.Tables;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.RunRecord;
import io.omicsmonitor.manifest.logs.ManifestLogReader;
import io.omicsmonitor.manifest.logs.OmicsRuns;
import io.omicsmonitor.manifest.logs.RunAttribution;
import io.omicsmonitor.manifest.logs.TerminalRunEvents;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * When a run ends (COMPLETED, FAILED, CANCELLED), writes its manifest into the lake: all its tasks as one object of
 * the {@code tasks} table, then the run as one object of the {@code runs} table, both named by the run id and filed
 * under the run's creation date. The run row is written last, so its presence means the tasks are complete; a
 * replay overwrites both. The run row also carries what only GetRun knows (tags, run group, priority, cache, workflow
 * version): one GetRun per invocation.
 *
 * <p>A manifest not written yet fails the invocation with a message that says it will be retried: Lambda's retries,
 * then the dead-letter queue, take over. Unless the run never started (cancelled or failed while PENDING: GetRun has
 * no {@code startTime}): HealthOmics writes no manifest for it, so its {@code runs} row is written from GetRun, with
 * no start time, no metrics and no tasks object, and the invocation succeeds.
 */
public final class ManifestProcessor implements RequestStreamHandler {

    private static final Log LOG = Log.of(ManifestProcessor.class);

    private final EventReader reader;
    private final ManifestLogReader manifests;
    private final OmicsRuns runs;
    private final DataLake lake;
    private final S3Client s3;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public ManifestProcessor() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(ManifestProcessor.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public ManifestProcessor(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private ManifestProcessor(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(new EventReader(clock), ManifestLogReader.fromEnvironment(env, aws), OmicsRuns.fromEnvironment(aws),
                new DataLake(s3, LakeLocation.fromEnvironment(env)), s3);
    }

    ManifestProcessor(EventReader reader, ManifestLogReader manifests, OmicsRuns runs, DataLake lake, S3Client s3) {
        this.reader = Objects.requireNonNull(reader);
        this.manifests = Objects.requireNonNull(manifests);
        this.runs = Objects.requireNonNull(runs);
        this.lake = Objects.requireNonNull(lake);
        this.s3 = Objects.requireNonNull(s3);
    }

    /**
     * SnapStart priming: a completed run's event read and its manifest written as {@link #process} does, with the
     * manifest's GetLogEvents, the GetRun and the two lake writes marshalled and signed but not sent; nothing is
     * written.
     */
    void prime() {
        SnapStartPriming.invocation(reader, TerminalRunEvents.PRIMING_EVENT, envelope -> {
            EventEnvelope<RunStatusChange> event = TerminalRunEvents.read(envelope);
            RunStatusChange change = event.detail();
            Manifest manifest = manifests.prime(ManifestLogReader.PRIMING_MANIFEST);
            RunRecord run = manifest.run();
            runs.prime(change.runId());
            Instant partition = TerminalRunEvents.partitionTime(run, event);
            // the task rows as one list: the same row serializer as the real NDJSON object, in one dry write
            List<TaskRow> taskRows = manifest.tasks().stream().map(task -> TaskRow.of(task, run)).toList();
            String tasksKey = lake.key(Tables.TASKS, partition, run.runId());
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), tasksKey, taskRows);
            String runKey = lake.key(Tables.RUNS, partition, run.runId());
            SnapStartPriming.lakeWrite(s3, lake.location().bucket(), runKey,
                    RunRow.of(manifest, change, RunAttribution.UNKNOWN));
            return new Result(event.id(), run.runId(), change.status().name(), lake.uri(runKey), lake.uri(tasksKey),
                    taskRows.size(), null);
        });
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::process);
    }

    /**
     * What one invocation did: the objects written and the number of tasks, or why nothing was done.
     *
     * @param skipped null when the manifest was written
     */
    public record Result(String eventId, String runId, String status, String runObject, String tasksObject,
                         Integer taskCount, String skipped) {
    }

    Result process(EventEnvelope<JsonNode> envelope) {
        EventEnvelope<RunStatusChange> event = TerminalRunEvents.read(envelope);
        RunStatusChange change = event.detail();
        if (!change.status().terminal()) {
            LOG.info("run has not ended: no manifest to write");
            return new Result(event.id(), change.runId(), change.status().name(), null, null, null,
                    "status " + change.status() + " is not terminal");
        }
        Manifest manifest;
        try {
            manifest = manifests.read(change.runId(), change.uuid());
        } catch (IncompleteManifestException missing) {
            return recordNeverStarted(event, OmicsRuns.neverStartedOrThrow(runs.get(change.runId()), missing));
        }
        RunRecord run = manifest.run();
        RunAttribution attribution = RunAttribution.of(runs.get(change.runId()));
        Instant partition = TerminalRunEvents.partitionTime(run, event);

        // mapped row by row as the object is written: the task rows are never all held next to the records
        Iterable<TaskRow> taskRows = () -> manifest.tasks().stream().map(task -> TaskRow.of(task, run)).iterator();
        String tasksKey = lake.putLines(Tables.TASKS, partition, run.runId(), taskRows);
        String runKey = lake.put(Tables.RUNS, partition, run.runId(), RunRow.of(manifest, change, attribution));
        LOG.info("manifest written", "runObject", lake.uri(runKey), "tasksObject", lake.uri(tasksKey),
                "tasks", manifest.tasks().size());
        return new Result(event.id(), run.runId(), change.status().name(), lake.uri(runKey), lake.uri(tasksKey),
                manifest.tasks().size(), null);
    }

    /** The run row of a run that never started, from GetRun; no tasks object (it had none). */
    private Result recordNeverStarted(EventEnvelope<RunStatusChange> event, GetRunResponse run) {
        RunStatusChange change = event.detail();
        Instant partition = run.creationTime() != null ? run.creationTime() : event.time();
        String runKey = lake.put(Tables.RUNS, partition, change.runId(), RunRow.neverStarted(run, change));
        LOG.info("run never started: no manifest; run row written from GetRun", "runObject", lake.uri(runKey));
        return new Result(event.id(), change.runId(), change.status().name(), lake.uri(runKey), null, 0,
                "the run never started (GetRun has no startTime): HealthOmics writes no manifest for it, so its runs "
                        + "row comes from GetRun and it has no tasks");
    }
}
