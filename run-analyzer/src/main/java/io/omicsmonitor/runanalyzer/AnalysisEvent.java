package io.omicsmonitor.runanalyzer;

import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.common.events.RunAnalysisCompleted;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.RunRecord;
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

    static RunAnalysisCompleted of(RunStatusChange event, Manifest manifest, RunAnalysis analysis, String analysisObject) {
        RunRecord run = manifest.run();
        String workflowId = event.workflowId() != null ? event.workflowId()
                : run.workflow() == null ? null : run.workflow().substring(run.workflow().lastIndexOf('/') + 1);
        int failed = (int) manifest.tasks().stream().filter(t -> "FAILED".equals(t.status())).count();
        List<ResourceRow> tasks = analysis.tasks();
        return new RunAnalysisCompleted(run.runId(), run.arn(), run.uuid(), run.name(), workflowId,
                event.workflowName(), run.status() != null ? run.status() : event.status().name(), analysis.region(),
                tasks.size(), failed, analysis.totalEstimatedUSD(), analysis.totalMinimumUSD(),
                analysis.potentialSavingUSD(),
                peak(tasks, ResourceRow::cpuUtilizationRatio), mean(tasks, ResourceRow::cpuUtilizationRatio),
                peak(tasks, ResourceRow::memoryUtilizationRatio), mean(tasks, ResourceRow::memoryUtilizationRatio),
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
