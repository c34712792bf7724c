package io.omicsmonitor.runanalyzer;

import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The {@code Run Analysis Completed} event's detail ({@link RunAnalysisCompleted}, defined in common with its reader,
 * which custom-metrics uses) for one analysed run.
 */
final class AnalysisEvent {

    private AnalysisEvent() {
    }

    /** The figures are the lake's ({@link RunTotals}): tasks the run cache served cost nothing and are counted apart. */
    static RunAnalysisCompleted of(RunStatusChange event, Manifest manifest, RunAnalysis analysis, RunTotals totals,
                                   String analysisObject) {
        RunRecord run = manifest.run();
        String workflowId = event.workflowId() != null ? event.workflowId()
                : run.workflow() == null ? null : run.workflow().substring(run.workflow().lastIndexOf('/') + 1);
        int failed = (int) manifest.tasks().stream().filter(t -> "FAILED".equals(t.status())).count();
        // utilization of the tasks that ran here: a cached task's metrics, if any, are another run's
        List<ResourceRow> ran = new ArrayList<>();
        for (int i = 0; i < manifest.tasks().size(); i++) {
            if (!manifest.tasks().get(i).callCached()) {
                ran.add(analysis.tasks().get(i));
            }
        }
        return new RunAnalysisCompleted(run.runId(), run.arn(), run.uuid(), run.name(), workflowId,
                event.workflowName(), run.status() != null ? run.status() : event.status().name(), analysis.region(),
                manifest.tasks().size(), failed, totals.cacheHits(), totals.estimatedUsd(), totals.minimumUsd(),
                totals.potentialSavingUsd(),
                peak(ran, ResourceRow::cpuUtilizationRatio), mean(ran, ResourceRow::cpuUtilizationRatio),
                peak(ran, ResourceRow::memoryUtilizationRatio), mean(ran, ResourceRow::memoryUtilizationRatio),
                analysisObject);
    }

    private static Double peak(List<ResourceRow> tasks, Function<ResourceRow, Double> ratio) {
        return tasks.stream().map(ratio).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    private static Double mean(List<ResourceRow> tasks, Function<ResourceRow, Double> ratio) {
        OptionalDouble mean = tasks.stream().map(ratio).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
        return mean.isPresent() ? mean.getAsDouble() : null;
    }
}
