package io.omicsmonitor.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The data points one event yields, each value twice: once without dimensions (the account-wide figure the alarms
 * watch) and once with the {@value MetricNames#WORKFLOW_DIMENSION} dimension (what the dashboard slices by). CloudWatch does not
 * aggregate across dimensions, so the aggregate has to be published as its own metric.
 *
 * <p>Every point carries the event's time, not the time of publishing: a redelivered event lands in the same period
 * as the first delivery.
 */
final class MetricSet {

    /** Older events carry neither a workflow name nor an id; they are still counted, under this value. */
    static final String UNKNOWN_WORKFLOW = "unknown";

    private final Instant timestamp;
    private final String workflow;
    private final List<MetricDatum> datums = new ArrayList<>();

    /**
     * @param workflowName the workflow's name; when absent the workflow id stands in (a GetWorkflow call per event
     *                     to find the name would cost more than the metric is worth)
     */
    MetricSet(Instant timestamp, String workflowName, String workflowId) {
        this.timestamp = timestamp;
        this.workflow = workflowName != null ? workflowName : workflowId != null ? workflowId : UNKNOWN_WORKFLOW;
    }

    MetricSet add(String name, double value, StandardUnit unit) {
        datums.add(datum(name, value, unit).build());
        datums.add(datum(name, value, unit)
                .dimensions(Dimension.builder().name(MetricNames.WORKFLOW_DIMENSION).value(workflow).build())
                .build());
        return this;
    }

    List<MetricDatum> datums() {
        return List.copyOf(datums);
    }

    private MetricDatum.Builder datum(String name, double value, StandardUnit unit) {
        return MetricDatum.builder().metricName(name).value(value).unit(unit).timestamp(timestamp);
    }
}
