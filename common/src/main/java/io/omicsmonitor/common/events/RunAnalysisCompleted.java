package io.omicsmonitor.common.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The detail of the {@code Run Analysis Completed} event (source {@link EventSources#MONITOR}), one definition for
 * both sides: the run-analyzer writes this record (JsonWriter, the components' names as the fields' names) and
 * custom-metrics reads it back with {@link #from}. The figures are boxed: the reader takes each as optional (a cost
 * is blank when a price is missing, a run without a manifest's metrics has no utilization).
 *
 * @param cacheHits          how many of the taskCount tasks the run cache served (HealthOmics ran nothing for them);
 *                           null in events from before it existed
 * @param estimatedUsd       the whole run: tasks plus storage; a task the run cache served costs nothing
 * @param potentialSavingUsd estimatedUsd - minimumUsd; negative when the optimal storage size costs more
 * @param peakCpuUtilization the largest of the tasks' cpuUtilizationRatio (cpusMaximum / cpusReserved, 1.0 = all of
 *                           it), null when no task has one; the mean and the memory figures alike
 * @param analysisObject     the {@code run_analysis} object's S3 URI
 */
public record RunAnalysisCompleted(
        String runId,
        String runArn,
        String runUuid,
        String runName,
        String workflowId,
        String workflowName,
        String status,
        String region,
        Integer taskCount,
        Integer failedTaskCount,
        Integer cacheHits,
        Double estimatedUsd,
        Double minimumUsd,
        Double potentialSavingUsd,
        Double peakCpuUtilization,
        Double meanCpuUtilization,
        Double peakMemoryUtilization,
        Double meanMemoryUtilization,
        String analysisObject) {

    /** The event's detail, checked: a bad field fails with the event id and the field's path. */
    public static RunAnalysisCompleted from(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        return new RunAnalysisCompleted(
                f.requiredMatching("runId", OmicsArn.NUMERIC_ID, "a numeric run id"),
                f.optionalText("runArn").orElse(null),
                f.optionalText("runUuid").orElse(null),
                f.optionalText("runName").orElse(null),
                f.optionalMatching("workflowId", OmicsArn.NUMERIC_ID, "a numeric workflow id").orElse(null),
                f.optionalText("workflowName").orElse(null),
                f.optionalText("status").orElse(null),
                f.optionalText("region").orElse(null),
                count(f, "taskCount"),
                count(f, "failedTaskCount"),
                count(f, "cacheHits"),
                amount(f, "estimatedUsd"),
                amount(f, "minimumUsd"),
                // Negative when the optimal storage size costs more than the run's: a figure too, not an error.
                number(f, "potentialSavingUsd"),
                amount(f, "peakCpuUtilization"),
                amount(f, "meanCpuUtilization"),
                amount(f, "peakMemoryUtilization"),
                amount(f, "meanMemoryUtilization"),
                f.optionalText("analysisObject").orElse(null));
    }

    /** A finite, non-negative number; a cost or a ratio below zero is a bug upstream, not a figure to chart. */
    private static Double amount(Fields f, String name) {
        Double value = number(f, name);
        if (value != null && value < 0) {
            throw f.bad(name, "is " + value + ", expected a finite number of at least 0");
        }
        return value;
    }

    private static Double number(Fields f, String name) {
        return f.optionalText(name).map(text -> {
            double value = f.parse(name, text, Double::parseDouble);
            if (!Double.isFinite(value)) {
                throw f.bad(name, "is " + text + ", expected a finite number");
            }
            return value;
        }).orElse(null);
    }

    private static Integer count(Fields f, String name) {
        return f.optionalText(name).map(text -> {
            int value = f.parse(name, text, Integer::parseInt);
            if (value < 0) {
                throw f.bad(name, "is " + text + ", expected a count of at least 0");
            }
            return value;
        }).orElse(null);
    }
}
