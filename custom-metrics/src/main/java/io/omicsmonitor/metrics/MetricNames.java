package io.omicsmonitor.metrics;

/**
 * The metrics this function publishes. template.yaml's alarms and dashboard name them too: a rename here is a rename
 * there.
 */
final class MetricNames {

    // Run status transitions, Unit Count, value 1 per event.
    static final String RUNS_STARTED = "RunsStarted";
    static final String RUNS_COMPLETED = "RunsCompleted";
    static final String RUNS_FAILED = "RunsFailed";
    static final String RUNS_CANCELLED = "RunsCancelled";

    // Task Status Change FAILED, Unit Count, value 1 per event.
    static final String TASKS_FAILED = "TasksFailed";

    // Terminal runs, from GetRun's times, Unit Seconds.
    static final String RUN_DURATION = "RunDurationSeconds";
    static final String RUN_QUEUE_TIME = "RunQueueSeconds";

    // A run's analysis. CloudWatch has no currency unit: dollars go as Unit None.
    static final String ESTIMATED_COST = "RunEstimatedCostUsd";
    static final String POTENTIAL_SAVING = "RunPotentialSavingUsd";
    static final String PEAK_CPU = "RunPeakCpuUtilization";
    static final String MEAN_CPU = "RunMeanCpuUtilization";
    static final String PEAK_MEMORY = "RunPeakMemoryUtilization";
    static final String MEAN_MEMORY = "RunMeanMemoryUtilization";
    static final String TASKS = "RunTaskCount";
    static final String FAILED_TASKS = "RunFailedTaskCount";

    private MetricNames() {
    }
}
