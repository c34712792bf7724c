package io.omicsmonitor.metrics;

import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import java.math.BigDecimal;
import java.util.List;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/** The data points of a run's analysis: its cost, what right-sizing would save, its utilization and its tasks. */
final class RunAnalysisMetrics {

    private RunAnalysisMetrics() {
    }

    static List<MetricDatum> of(EventEnvelope<RunAnalysisCompleted> event) {
        RunAnalysisCompleted a = event.detail();
        MetricSet metrics = new MetricSet(event.time(), a.workflowName(), a.workflowId());
        add(metrics, MetricNames.ESTIMATED_COST, a.estimatedUsd(), 0, StandardUnit.NONE);
        add(metrics, MetricNames.POTENTIAL_SAVING, a.potentialSavingUsd(), 0, StandardUnit.NONE);
        // The analyzer gives ratios; CloudWatch charts Percent on a 0-100 axis, which is what people read.
        add(metrics, MetricNames.PEAK_CPU, a.peakCpuUtilization(), 2, StandardUnit.PERCENT);
        add(metrics, MetricNames.MEAN_CPU, a.meanCpuUtilization(), 2, StandardUnit.PERCENT);
        add(metrics, MetricNames.PEAK_MEMORY, a.peakMemoryUtilization(), 2, StandardUnit.PERCENT);
        add(metrics, MetricNames.MEAN_MEMORY, a.meanMemoryUtilization(), 2, StandardUnit.PERCENT);
        add(metrics, MetricNames.TASKS, a.taskCount(), 0, StandardUnit.COUNT);
        add(metrics, MetricNames.FAILED_TASKS, a.failedTaskCount(), 0, StandardUnit.COUNT);
        add(metrics, MetricNames.CACHE_HITS, a.cacheHits(), 0, StandardUnit.COUNT);
        return metrics.datums();
    }

    /**
     * @param powerOfTen the value is multiplied by 10^powerOfTen in decimal, so a ratio of 0.437109 is charted as
     *                   43.7109 %, not as 43.710899999999995
     */
    private static void add(MetricSet metrics, String name, Number value, int powerOfTen, StandardUnit unit) {
        if (value != null) { // a figure the event leaves out is no data point
            metrics.add(name, BigDecimal.valueOf(value.doubleValue()).scaleByPowerOfTen(powerOfTen).doubleValue(), unit);
        }
    }
}
