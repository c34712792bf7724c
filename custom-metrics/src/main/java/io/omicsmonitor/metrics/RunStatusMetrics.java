package io.omicsmonitor.metrics;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunStatus;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.common.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
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
        RunStatusChange run = event.detail();
        MetricSet metrics = new MetricSet(event.time(), run.workflowName(), run.workflowId());
        String count = COUNTS.get(run.status());
        if (count != null && !event.replay()) {
            metrics.add(count, 1, StandardUnit.COUNT);
        }
        if (run.status().terminal()) {
            addTimes(metrics, run.runId());
        }
        return metrics.datums();
    }

    /**
     * A run deleted since its event has no times to give: it is still counted. Any other GetRun failure (throttling,
     * access denied) fails the invocation before anything is published, so the retry counts it once.
     */
    private void addTimes(MetricSet metrics, String runId) {
        GetRunResponse run;
        try {
            run = omics.getRun(b -> b.id(runId));
        } catch (ResourceNotFoundException e) {
            LOG.warn("GetRun found no such run; publishing its count without times", "error", e.getMessage());
            return;
        }
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
