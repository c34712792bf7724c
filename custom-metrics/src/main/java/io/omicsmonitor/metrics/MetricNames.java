package io.omicsmonitor.metrics;

import java.util.List;

/**
 * The metrics this function publishes, and their dimension. template.yaml's alarms and dashboards name them too: a
 * rename here is a rename there, and template-checks' DashboardsTest reads {@link #ALL} and {@link #DIMENSIONS} to
 * fail a dashboard that charts a metric nothing publishes.
 */
public final class MetricNames {

    // Run status transitions, Unit Count, value 1 per event.
    public static final String RUNS_STARTED = "RunsStarted";
    public static final String RUNS_COMPLETED = "RunsCompleted";
    public static final String RUNS_FAILED = "RunsFailed";
    public static final String RUNS_CANCELLED = "RunsCancelled";

    // Task Status Change FAILED, Unit Count, value 1 per event.
    public static final String TASKS_FAILED = "TasksFailed";

    // Terminal runs, from GetRun's times, Unit Seconds.
    public static final String RUN_DURATION = "RunDurationSeconds";
    public static final String RUN_QUEUE_TIME = "RunQueueSeconds";

    // A run's analysis. CloudWatch has no currency unit: dollars go as Unit None.
    public static final String ESTIMATED_COST = "RunEstimatedCostUsd";
    public static final String POTENTIAL_SAVING = "RunPotentialSavingUsd";
    public static final String PEAK_CPU = "RunPeakCpuUtilization";
    public static final String MEAN_CPU = "RunMeanCpuUtilization";
    public static final String PEAK_MEMORY = "RunPeakMemoryUtilization";
    public static final String MEAN_MEMORY = "RunMeanMemoryUtilization";
    public static final String TASKS = "RunTaskCount";
    public static final String FAILED_TASKS = "RunFailedTaskCount";
    /** Of a run's tasks, those the run cache served (issue 15). */
    public static final String CACHE_HITS = "RunCacheHitCount";

    /** Every metric above. */
    public static final List<String> ALL = List.of(RUNS_STARTED, RUNS_COMPLETED, RUNS_FAILED, RUNS_CANCELLED,
            TASKS_FAILED, RUN_DURATION, RUN_QUEUE_TIME, ESTIMATED_COST, POTENTIAL_SAVING, PEAK_CPU, MEAN_CPU,
            PEAK_MEMORY, MEAN_MEMORY, TASKS, FAILED_TASKS, CACHE_HITS);

    /**
     * Each point is published once without dimensions (the account-wide figure the alarms watch) and once with this
     * one (what the dashboards slice by); see {@link MetricSet}.
     */
    public static final String WORKFLOW_DIMENSION = "WorkflowName";

    /** The dimension sets every metric is published with: none, and the workflow's. */
    public static final List<List<String>> DIMENSIONS = List.of(List.of(), List.of(WORKFLOW_DIMENSION));

    private MetricNames() {
    }
}
