package io.omicsmonitor.runanalyzer;

import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.List;

/**
 * What a run cost as the lake and the {@code Run Analysis Completed} event say it: the analyzer's figures, except that
 * a task the run cache served ({@link TaskRecord#callCached()}) costs nothing, since HealthOmics ran no instance for
 * it. The analyzer itself (and so the upstream-compatible CSV) bills such a task the 60-second minimum, as upstream
 * does; docs/run-analysis.md says why the two differ.
 *
 * @param estimatedUsd       the tasks' estimated costs (cached ones 0) plus the run's storage; a blank cost counts 0
 * @param minimumUsd         the same over the minimum costs
 * @param potentialSavingUsd estimatedUsd - minimumUsd
 * @param cacheHits          how many tasks the run cache served
 */
record RunTotals(double estimatedUsd, double minimumUsd, double potentialSavingUsd, int cacheHits) {

    /** Summed in the analyzer's order (tasks in manifest order, then the run): a run without cache hits adds up alike. */
    static RunTotals of(Manifest manifest, RunAnalysis analysis) {
        List<TaskRecord> records = manifest.tasks();
        List<ResourceRow> rows = analysis.tasks();
        double estimated = 0.0;
        double minimum = 0.0;
        int hits = 0;
        for (int i = 0; i < records.size(); i++) {
            TaskRecord task = records.get(i);
            if (task.callCached()) {
                hits++;
            }
            estimated += orZero(taskCost(task, rows.get(i).estimatedUSD()));
            minimum += orZero(taskCost(task, rows.get(i).minimumUSD()));
        }
        estimated += orZero(analysis.run().estimatedUSD());
        minimum += orZero(analysis.run().minimumUSD());
        return new RunTotals(estimated, minimum, estimated - minimum, hits);
    }

    /** A task's cost in the lake: 0 when the run cache served it (whatever its price), else the analyzer's. */
    static Double taskCost(TaskRecord task, Double analyzerCost) {
        return task.callCached() ? Double.valueOf(0.0) : analyzerCost;
    }

    private static double orZero(Double d) {
        return d == null ? 0.0 : d;
    }
}
