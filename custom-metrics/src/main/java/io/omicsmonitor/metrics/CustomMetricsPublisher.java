package io.omicsmonitor.metrics;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.Env;
import io.omicsmonitor.common.aws.AwsClients;
import io.omicsmonitor.common.events.DetailTypes;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.EventReader;
import io.omicsmonitor.common.events.EventSources;
import io.omicsmonitor.common.events.InvalidEventException;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatus;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.events.TaskStatusChange;
import io.omicsmonitor.common.lake.DataLake;
import io.omicsmonitor.common.lake.LakeLocation;
import io.omicsmonitor.common.lambda.EventInvocation;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import io.omicsmonitor.common.log.LogContext;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Publishes custom CloudWatch metrics about runs: status transitions and times from HealthOmics'
 * {@code Run Status Change}, cost and utilization from the run-analyzer's {@code Run Analysis Completed}. One
 * {@code PutMetricData} call per invocation, every point timestamped with the event's time.
 *
 * <p>A redelivered event is published once: a marker per published event in the lake's
 * {@code _state/custom-metrics/} ({@link PublishedEvents}) is checked first and written after PutMetricData succeeded.
 * A status change is marked by its event id; an analysis by its run, because the run-analyzer puts a new event (with a
 * new id) each time it analyses a run again, and one run's cost and utilization are one set of figures.
 */
public final class CustomMetricsPublisher implements RequestStreamHandler {

    public static final String NAMESPACE_VARIABLE = "METRICS_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "OmicsMonitor";

    static final Set<String> HANDLED = Set.of(DetailTypes.RUN_STATUS_CHANGE, DetailTypes.RUN_ANALYSIS_COMPLETED,
            DetailTypes.TASK_STATUS_CHANGE);

    /**
     * CloudWatch rejects points older than two weeks; an event that old (a backfill of history) publishes nothing
     * instead of failing into the dead-letter queue. The hour's margin covers the time the retries take.
     */
    static final Duration MAX_AGE = Duration.ofDays(14).minusHours(1);

    private static final Log LOG = Log.of(CustomMetricsPublisher.class);

    private final EventReader reader;
    private final RunStatusMetrics runStatus;
    private final CloudWatchMetrics metrics;
    private final PublishedEvents published;
    private final S3Client s3;
    private final Clock clock;

    /** Priming's sample events, one of each detail-type: fixed ids and times, nothing random or time-bound. */
    static final String PRIMING_RUN_EVENT = """
            {"version":"0","id":"snapstart-priming-run","detail-type":"Run Status Change","source":"aws.omics",
             "account":"123456789012","time":"2026-01-01T01:06:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:run/1000000"],
             "detail":{"omicsVersion":"1.0.0","arn":"arn:aws:omics:us-east-1:123456789012:run/1000000","status":"COMPLETED",
               "uuid":"00000000-0000-0000-0000-000000000000","runId":"1000000","runName":"priming",
               "runOutputUri":"s3://priming/run/1000000","workflowId":"1000000","workflowName":"priming"}}
            """;
    static final String PRIMING_ANALYSIS_EVENT = """
            {"version":"0","id":"snapstart-priming-analysis","detail-type":"Run Analysis Completed",
             "source":"omics-monitor","account":"123456789012","time":"2026-01-01T01:10:00Z","region":"us-east-1",
             "resources":["arn:aws:omics:us-east-1:123456789012:run/1000000"],
             "detail":{"runId":"1000000","runArn":"arn:aws:omics:us-east-1:123456789012:run/1000000",
               "runUuid":"00000000-0000-0000-0000-000000000000","runName":"priming","workflowId":"1000000",
               "workflowName":"priming","status":"COMPLETED","region":"us-east-1","taskCount":2,"failedTaskCount":0,
               "cacheHits":0,"estimatedUsd":1.25,"minimumUsd":0.75,"potentialSavingUsd":0.5,"peakCpuUtilization":0.75,
               "meanCpuUtilization":0.75,"peakMemoryUtilization":0.625,"meanMemoryUtilization":0.625,
               "analysisObject":"s3://priming/lake/run_analysis/year=2026/month=01/day=01/1000000.json"}}
            """;

    /** Lambda's entry: wiring from the environment, once per execution environment; primed for SnapStart. */
    public CustomMetricsPublisher() {
        this(Env.system(), AwsClients.fromEnvironment(Env.system()), Clock.systemUTC());
        SnapStartPriming.register(CustomMetricsPublisher.class, this::prime);
    }

    /** Local runs and tests: the environment, the clients and the clock passed in. */
    public CustomMetricsPublisher(Env env, AwsClients aws, Clock clock) {
        this(env, aws, aws.s3(), clock);
    }

    private CustomMetricsPublisher(Env env, AwsClients aws, S3Client s3, Clock clock) {
        this(new EventReader(clock),
                new RunStatusMetrics(aws.configure(OmicsClient.builder(), "omics")),
                new CloudWatchMetrics(aws.configure(CloudWatchClient.builder(), "cloudwatch"),
                        env.optional(NAMESPACE_VARIABLE, DEFAULT_NAMESPACE)),
                new PublishedEvents(new DataLake(s3, LakeLocation.fromEnvironment(env))),
                s3,
                clock);
    }

    CustomMetricsPublisher(EventReader reader, RunStatusMetrics runStatus, CloudWatchMetrics metrics,
                           PublishedEvents published, S3Client s3, Clock clock) {
        this.reader = Objects.requireNonNull(reader);
        this.runStatus = Objects.requireNonNull(runStatus);
        this.metrics = Objects.requireNonNull(metrics);
        this.published = Objects.requireNonNull(published);
        this.s3 = Objects.requireNonNull(s3);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * SnapStart priming: a completed run's status change and a run's analysis read and published as {@link #publish}
     * does, with GetRun, PutMetricData and the marker's HEAD and PUT marshalled and signed but not sent; nothing is
     * published or written. The clock is not read: the age check is skipped and the markers carry the event's time.
     */
    void prime() {
        SnapStartPriming.invocation(reader, PRIMING_RUN_EVENT, event -> {
            EventReader.requireDetailType(event, HANDLED);
            requireSource(event, Set.of(EventSources.OMICS, EventSources.REPLAY));
            EventEnvelope<RunStatusChange> run = event.withDetail(RunStatusChange.from(event));
            LogContext.add("runId", run.detail().runId());
            LogContext.add("status", run.detail().status());
            return primeSend(run, event.id(), run.detail().runId(), runStatus.prime(run));
        });
        SnapStartPriming.invocation(reader, PRIMING_ANALYSIS_EVENT, event -> {
            EventReader.requireDetailType(event, HANDLED);
            requireSource(event, Set.of(EventSources.MONITOR));
            EventEnvelope<RunAnalysisCompleted> analysis = event.withDetail(RunAnalysisCompleted.from(event));
            LogContext.add("runId", analysis.detail().runId());
            return primeSend(analysis, "run-analysis-" + analysis.detail().runId(), analysis.detail().runId(),
                    RunAnalysisMetrics.of(analysis));
        });
    }

    /** {@link #sendOnce}, dry: PutMetricData and the marker's HEAD and PUT marshalled and signed, none sent. */
    private Result primeSend(EventEnvelope<?> event, String name, String runId, List<MetricDatum> points) {
        metrics.prime(points);
        published.prime(s3, name, new PublishedEvents.Marker(event.id(), event.detailType(), runId,
                metrics.namespace(), points.size(), event.time()));
        List<String> names = points.stream().map(MetricDatum::metricName).distinct().toList();
        return new Result(event.id(), metrics.namespace(), names, points.size(), 0, null);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        EventInvocation.handle(input, output, context, reader, this::publish);
    }

    /**
     * What one invocation published.
     *
     * @param metrics the metric names, in the order first published
     * @param skipped why nothing was published (the event was too old, or already published), else null
     */
    public record Result(String eventId, String namespace, List<String> metrics, int dataPoints,
                         int putMetricDataCalls, String skipped) {
    }

    Result publish(EventEnvelope<JsonNode> event) {
        EventReader.requireDetailType(event, HANDLED);
        if (event.detailType().equals(DetailTypes.RUN_ANALYSIS_COMPLETED)) {
            requireSource(event, Set.of(EventSources.MONITOR));
            EventEnvelope<RunAnalysisCompleted> analysis = event.withDetail(RunAnalysisCompleted.from(event));
            LogContext.add("runId", analysis.detail().runId());
            return tooOld(analysis) ? skipped(analysis)
                    : sendOnce(analysis, "run-analysis-" + analysis.detail().runId(), analysis.detail().runId(),
                            () -> RunAnalysisMetrics.of(analysis));
        }
        if (event.detailType().equals(DetailTypes.TASK_STATUS_CHANGE)) {
            return publishFailedTask(event);
        }
        requireSource(event, Set.of(EventSources.OMICS, EventSources.REPLAY));
        EventEnvelope<RunStatusChange> run = event.withDetail(RunStatusChange.from(event));
        LogContext.add("runId", run.detail().runId());
        LogContext.add("status", run.detail().status());
        // Checked after parsing, so bad input fails even when the event is too old to publish.
        if (tooOld(run)) {
            return skipped(run);
        }
        if (!RunStatusMetrics.yieldsPoints(run)) {
            return send(run, List.of()); // nothing to count twice: no marker to read or write
        }
        // The marker is read before GetRun: a redelivery costs one HEAD, not a GetRun from the alerts' quota.
        return sendOnce(run, event.id(), run.detail().runId(), () -> runStatus.of(run));
    }

    /**
     * A FAILED task counts once in {@code TasksFailed} (marked by its event id, like a run's status change). Only
     * HealthOmics' own events count: backfill replays no tasks, and the rule sends FAILED only, so another status is
     * a wiring mistake and fails the invocation.
     */
    private Result publishFailedTask(EventEnvelope<JsonNode> event) {
        requireSource(event, Set.of(EventSources.OMICS));
        EventEnvelope<TaskStatusChange> task = event.withDetail(TaskStatusChange.from(event));
        LogContext.add("runId", task.detail().runId());
        LogContext.add("taskId", task.detail().taskId());
        LogContext.add("status", task.detail().status());
        if (task.detail().status() != RunStatus.FAILED) {
            throw new InvalidEventException(event.id(), "detail.status is " + task.detail().status()
                    + "; this function counts a task only when it FAILED");
        }
        if (tooOld(task)) {
            return skipped(task);
        }
        return sendOnce(task, event.id(), task.detail().runId(), () -> new MetricSet(task.time(),
                task.detail().workflowName(), task.detail().workflowId())
                .add(MetricNames.TASKS_FAILED, 1, StandardUnit.COUNT).datums());
    }

    /** The rules route each detail-type from its own source; anything else is a wiring mistake or a forgery. */
    private static void requireSource(EventEnvelope<?> event, Set<String> sources) {
        if (!sources.contains(event.source())) {
            throw new InvalidEventException(event.id(), "field 'source' is '" + event.source() + "', but '"
                    + event.detailType() + "' is accepted only from " + new TreeSet<>(sources));
        }
    }

    private boolean tooOld(EventEnvelope<?> event) {
        return event.time().isBefore(clock.instant().minus(MAX_AGE));
    }

    private Result skipped(EventEnvelope<?> event) {
        String why = "event time " + event.time() + " is older than CloudWatch accepts (two weeks)";
        LOG.info("nothing published", "reason", why);
        return new Result(event.id(), metrics.namespace(), List.of(), 0, 0, why);
    }

    /** Publishes unless the marker {@code name} says it was published; writes the marker after PutMetricData. */
    private Result sendOnce(EventEnvelope<?> event, String name, String runId, Supplier<List<MetricDatum>> datums) {
        if (published.published(name)) {
            String why = "already published (marker " + published.uri(name) + "): not counted again";
            LOG.info("nothing published", "reason", why);
            return new Result(event.id(), metrics.namespace(), List.of(), 0, 0, why);
        }
        List<MetricDatum> points = datums.get();
        Result result = send(event, points);
        if (!points.isEmpty()) {
            String key = published.markPublished(name, new PublishedEvents.Marker(event.id(), event.detailType(), runId,
                    metrics.namespace(), points.size(), clock.instant()));
            LOG.info("marked published", "marker", key);
        }
        return result;
    }

    private Result send(EventEnvelope<?> event, List<MetricDatum> datums) {
        int calls = metrics.put(datums);
        List<String> names = datums.stream().map(MetricDatum::metricName).distinct().toList();
        LOG.info("metrics published", "namespace", metrics.namespace(), "metrics", names, "dataPoints", datums.size());
        return new Result(event.id(), metrics.namespace(), names, datums.size(), calls, null);
    }
}
