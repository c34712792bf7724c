package io.omicsmonitor.metrics;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatus;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.lambda.SnapStartPriming;
import io.omicsmonitor.common.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;
import software.amazon.awssdk.services.omics.OmicsClient;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import software.amazon.awssdk.services.omics.model.ResourceNotFoundException;

/**
 * The data points of a {@code Run Status Change}: a count per transition, and for a terminal run its duration and
 * queue time from GetRun (the event carries no times but its own).
 *
 * <p>"Started" is RUNNING: the moment HealthOmics has provisioned the run and its tasks begin, which is what the queue
 * time ends at. PENDING, STARTING, STOPPING and DELETED yield nothing.
 */
final class RunStatusMetrics {

    private static final Log LOG = Log.of(RunStatusMetrics.class);

    private static final Map<RunStatus, String> COUNTS = Map.of(
            RunStatus.RUNNING, MetricNames.RUNS_STARTED,
            RunStatus.COMPLETED, MetricNames.RUNS_COMPLETED,
            RunStatus.FAILED, MetricNames.RUNS_FAILED,
            RunStatus.CANCELLED, MetricNames.RUNS_CANCELLED);

    private final OmicsClient omics;

    RunStatusMetrics(OmicsClient omics) {
        this.omics = Objects.requireNonNull(omics);
    }

    /** Whether {@link #of} yields any point for this event: not for PENDING, STARTING, STOPPING or DELETED. */
    static boolean yieldsPoints(EventEnvelope<RunStatusChange> event) {
        RunStatus status = event.detail().status();
        return (COUNTS.containsKey(status) && !event.replay()) || status.terminal();
    }

    /**
     * A replayed event ({@code omics-monitor backfill}) is not counted: the run may have been counted live already,
     * and PutMetricData cannot tell. Its times are still published: they change no average or maximum.
     */
    List<MetricDatum> of(EventEnvelope<RunStatusChange> event) {
        return points(event, this::getRun);
    }

    /**
     * SnapStart priming: the points of {@code event} as {@link #of} makes them, its GetRun marshalled and signed but
     * not sent, the times taken from a fixed answer instead.
     */
    List<MetricDatum> prime(EventEnvelope<RunStatusChange> event) {
        SnapStartPriming.dryRun("omics:GetRun", () -> omics.getRun(b -> b.id(event.detail().runId())
                .overrideConfiguration(SnapStartPriming.DRY_RUN)));
        return points(event, runId -> GetRunResponse.builder().id(runId).status(event.detail().status().name())
                .creationTime(Instant.parse("2026-01-01T00:00:00Z")).startTime(Instant.parse("2026-01-01T00:05:00Z"))
                .stopTime(Instant.parse("2026-01-01T01:05:00Z")).build());
    }

    /** @param getRun the run's GetRun answer by run id, null when the run is gone */
    private static List<MetricDatum> points(EventEnvelope<RunStatusChange> event,
                                            Function<String, GetRunResponse> getRun) {
        RunStatusChange run = event.detail();
        MetricSet metrics = new MetricSet(event.time(), run.workflowName(), run.workflowId());
        String count = COUNTS.get(run.status());
        if (count != null && !event.replay()) {
            metrics.add(count, 1, StandardUnit.COUNT);
        }
        if (run.status().terminal()) {
            GetRunResponse answer = getRun.apply(run.runId());
            if (answer != null) {
                addTimes(metrics, answer);
            }
        }
        return metrics.datums();
    }

    /**
     * A run deleted since its event has no times to give (null): it is still counted. Any other GetRun failure
     * (throttling, access denied) fails the invocation before anything is published, so the retry counts it once.
     */
    private GetRunResponse getRun(String runId) {
        try {
            return omics.getRun(b -> b.id(runId));
        } catch (ResourceNotFoundException e) {
            LOG.warn("GetRun found no such run; publishing its count without times", "error", e.getMessage());
            return null;
        }
    }

    private static void addTimes(MetricSet metrics, GetRunResponse run) {
        seconds(run.creationTime(), run.startTime())
                .ifPresent(s -> metrics.add(MetricNames.RUN_QUEUE_TIME, s, StandardUnit.SECONDS));
        seconds(run.startTime(), run.stopTime())
                .ifPresent(s -> metrics.add(MetricNames.RUN_DURATION, s, StandardUnit.SECONDS));
    }

    /** A run cancelled before it started has no start time: no duration and no queue time then. */
    private static OptionalDouble seconds(Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Duration.between(from, to).toMillis() / 1000.0);
    }
}
