package io.omicsmonitor.manifest.logs;

import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.manifest.IncompleteManifestException;
import io.omicsmonitor.manifest.InvalidManifestException;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
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

    private GetLogEventsResponse page(String runId, String stream, String token) {
        try {
            return logs.getLogEvents(b -> b.logGroupName(logGroup).logStreamName(stream).startFromHead(true).nextToken(token));
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
