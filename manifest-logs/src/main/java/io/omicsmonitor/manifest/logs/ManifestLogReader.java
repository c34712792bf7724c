package io.omicsmonitor.manifest.logs;

import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.GetLogEventsResponse;
import software.amazon.awssdk.services.cloudwatchlogs.model.LogStream;
import software.amazon.awssdk.services.cloudwatchlogs.model.OutputLogEvent;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;

/**
 * Reads a finished run's manifest from CloudWatch Logs: log group {@code /aws/omics/WorkflowLog}, stream
 * {@code manifest/run/<runId>/<runUuid>}, one JSON record a log event.
 *
 * <p>The records are parsed page by page as they arrive, so a run's raw text is never held whole. A manifest that is
 * not there yet (no stream, no run record) is {@link IncompleteManifestException}: HealthOmics writes it some time
 * after the terminal event, so the invocation fails and Lambda's retries come back for it.
 *
 * <p>Every exception's message starts with {@code run <runId>: }, so a dead-lettered failure names its run without
 * the log line.
 */
public final class ManifestLogReader {

    public static final String DEFAULT_LOG_GROUP = "/aws/omics/WorkflowLog";
    public static final String LOG_GROUP_VARIABLE = "MANIFEST_LOG_GROUP";

    private static final Pattern STREAM = Pattern.compile("manifest/run/(\\d+)/([a-f0-9-]+)");
    private static final Log LOG = Log.of(ManifestLogReader.class);

    /**
     * SnapStart priming's manifest, for the functions that read manifests: a run, a task that ran and a call-cached
     * task (no times, empty metrics), with fixed ids and times. The times come in both shapes manifests use: ISO-8601
     * with a zone, and HealthOmics' microseconds without one.
     */
    public static final List<String> PRIMING_MANIFEST = List.of("""
            {"arn":"arn:aws:omics:us-east-1:123456789012:run/1000000","uuid":"00000000-0000-0000-0000-000000000000",
             "name":"priming","status":"COMPLETED","storageType":"STATIC","storageCapacity":1200,
             "creationTime":"2026-01-01T00:00:00.000Z","startTime":"2026-01-01T00:05:00.000Z",
             "stopTime":"2026-01-01T01:05:00.000Z","metrics":{"storageReservedGiB":1200,"storageMaximumGiB":10.5,
             "storageAverageGiB":5.25,"runningSeconds":3600}}
            """, """
            {"arn":"arn:aws:omics:us-east-1:123456789012:task/1000001","run":"arn:aws:omics:us-east-1:123456789012:run/1000000",
             "uuid":"00000000-0000-0000-0000-000000000001","name":"Priming-0-1","instanceType":"omics.c.large",
             "cpus":2,"memory":4,"gpus":0,"status":"COMPLETED","creationTime":"2026-01-01T00:06:00.000Z",
             "startTime":"2026-01-01T00:07:00.000Z","stopTime":"2026-01-01T00:37:00.123456",
             "metrics":{"cpusReserved":2,"cpusAverage":0.9,"cpusMaximum":1.5,"memoryReservedGiB":4,
             "memoryAverageGiB":1.2,"memoryMaximumGiB":2.5,"runningSeconds":1800}}
            """, """
            {"arn":"arn:aws:omics:us-east-1:123456789012:task/1000002","run":"arn:aws:omics:us-east-1:123456789012:run/1000000",
             "uuid":"00000000-0000-0000-0000-000000000002","name":"Cached-0-1","instanceType":"omics.m.xlarge",
             "cpus":4,"memory":16,"status":"COMPLETED","metrics":{}}
            """);

    /** The stream of {@link #PRIMING_MANIFEST}'s run; never read, only named in the dry request. */
    private static final String PRIMING_STREAM = "manifest/run/1000000/00000000-0000-0000-0000-000000000000";

    private final CloudWatchLogsClient logs;
    private final String logGroup;

    public ManifestLogReader(CloudWatchLogsClient logs, String logGroup) {
        this.logs = Objects.requireNonNull(logs);
        this.logGroup = Objects.requireNonNull(logGroup);
    }

    /** The log group from {@code MANIFEST_LOG_GROUP}, else HealthOmics' own. */
    public static ManifestLogReader fromEnvironment(Env env, AwsClients aws) {
        return new ManifestLogReader(aws.configure(CloudWatchLogsClient.builder(), "cloudwatch_logs"),
                env.optional(LOG_GROUP_VARIABLE, DEFAULT_LOG_GROUP));
    }

    public String logGroup() {
        return logGroup;
    }

    /**
     * @param runUuid the run's uuid when the event carried it (the exact stream is read), else null (the stream is
     *                looked up under {@code manifest/run/<runId>/})
     * @throws IncompleteManifestException when the manifest is not (all) written yet: retryable
     * @throws InvalidManifestException    when a record cannot be read, or several streams could be the run's
     */
    public Manifest read(String runId, String runUuid) {
        return read(runId, runUuid, message -> { });
    }

    /**
     * {@link #read(String, String)}, handing each log event's message, as HealthOmics wrote it, to {@code messages}
     * before it is parsed (the command line's {@code analyze --show} prints them).
     */
    public Manifest read(String runId, String runUuid, Consumer<String> messages) {
        String stream = runUuid != null ? "manifest/run/" + runId + "/" + runUuid : findStream(runId);
        String source = "log stream " + logGroup + ":" + stream;
        String named = "run " + runId + ": " + source;
        ManifestParser parser = new ManifestParser();
        int pages = 0;
        long events = 0;
        String token = null;
        while (true) {
            GetLogEventsResponse page = page(runId, stream, token);
            pages++;
            for (OutputLogEvent event : page.events()) {
                events++;
                messages.accept(event.message());
                parser.accept(event.message(), named + ", event " + events);
            }
            // the end of a stream: the service hands back the token it was given
            if (page.nextForwardToken() == null || page.nextForwardToken().equals(token)) {
                break;
            }
            token = page.nextForwardToken();
        }
        if (!parser.hasRunRecord()) {
            throw notYet(runId, "no run record yet in " + source + " (" + parser.taskCount() + " task records)");
        }
        Manifest manifest = parser.manifest(named);
        if (!manifest.run().runId().equals(runId)) {
            throw new InvalidManifestException(named + ": the run record is " + manifest.run().arn()
                    + ", not run " + runId);
        }
        LOG.info("manifest read", "logStream", stream, "pages", pages, "tasks", manifest.tasks().size());
        return manifest;
    }

    /**
     * SnapStart priming: a GetLogEvents request built as {@link #read} builds it, marshalled and signed but not sent,
     * then {@code messages} parsed as {@link #read} parses a page's events. Returns the manifest, for the caller's own
     * priming; nothing is logged or kept.
     */
    public Manifest prime(List<String> messages) {
        SnapStartPriming.dryRun("logs:GetLogEvents", () -> logs.getLogEvents(
                request(PRIMING_STREAM, null).andThen(b -> b.overrideConfiguration(SnapStartPriming.DRY_RUN))));
        ManifestParser parser = new ManifestParser();
        for (int i = 0; i < messages.size(); i++) {
            parser.accept(messages.get(i), "priming, event " + (i + 1));
        }
        return parser.manifest("priming");
    }

    private Consumer<GetLogEventsRequest.Builder> request(String stream, String token) {
        return b -> b.logGroupName(logGroup).logStreamName(stream).startFromHead(true).nextToken(token);
    }

    private GetLogEventsResponse page(String runId, String stream, String token) {
        try {
            return logs.getLogEvents(request(stream, token));
        } catch (ResourceNotFoundException e) {
            throw notYet(runId, "log stream " + logGroup + ":" + stream + " does not exist yet");
        }
    }

    /**
     * The run's one manifest stream under {@code manifest/run/<runId>/}. The trailing '/' matters: without it the
     * prefix also matches runs whose ids start with this one's.
     */
    private String findStream(String runId) {
        String prefix = "manifest/run/" + runId + "/";
        List<String> names;
        try {
            names = logs.describeLogStreamsPaginator(b -> b.logGroupName(logGroup).logStreamNamePrefix(prefix))
                    .logStreams().stream()
                    .map(LogStream::logStreamName)
                    .filter(name -> STREAM.matcher(name).matches())
                    .toList();
        } catch (ResourceNotFoundException e) {
            throw notYet(runId, "log group " + logGroup + " does not exist yet");
        }
        if (names.isEmpty()) {
            throw notYet(runId, "no log stream " + prefix + "<uuid> in " + logGroup + " yet");
        }
        if (names.size() > 1) {
            throw new InvalidManifestException("run " + runId + ": " + names.size() + " manifest streams in "
                    + logGroup + " (" + String.join(", ", names) + ") and the event carries no run uuid to choose one");
        }
        return names.get(0);
    }

    private static IncompleteManifestException notYet(String runId, String what) {
        return new IncompleteManifestException("run " + runId + ": the manifest is not complete: " + what
                + "; HealthOmics writes it some time after the run ends, so this invocation fails and will be retried");
    }
}
