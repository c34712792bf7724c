package io.omicsmonitor.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.omicsmonitor.common.events.EventEnvelope;
import io.omicsmonitor.common.events.Fields;
import io.omicsmonitor.common.events.OmicsArn;
import java.util.OptionalDouble;

/**
 * The detail of the run-analyzer's {@code Run Analysis Completed} event (source {@code omics-monitor}), the fields
 * this function reads. The figures are optional: the analyzer leaves a cost blank when a price is missing, and a run
 * without a manifest's metrics has no utilization.
 *
 * <p>The run-analyzer's own record of it is {@code io.omicsmonitor.runanalyzer.RunAnalysisCompleted}; this reader
 * depends on the field names only, not on that module.
 *
 * @param potentialSavingUsd estimated minus minimum cost; negative when the optimal storage size costs more
 * @param peakCpuUtilization the largest of the tasks' ratios of maximum used to reserved (1.0 = all of it), as in the
 *                           analyzer's CSV; the mean and the memory figures alike
 */
record RunAnalysisCompleted(
        String runId,
        String workflowId,
        String workflowName,
        OptionalDouble taskCount,
        OptionalDouble failedTaskCount,
        OptionalDouble estimatedUsd,
        OptionalDouble potentialSavingUsd,
        OptionalDouble peakCpuUtilization,
        OptionalDouble meanCpuUtilization,
        OptionalDouble peakMemoryUtilization,
        OptionalDouble meanMemoryUtilization) {

    static RunAnalysisCompleted from(EventEnvelope<JsonNode> event) {
        Fields f = new Fields(event.id(), "detail", event.detail());
        return new RunAnalysisCompleted(
                f.requiredMatching("runId", OmicsArn.NUMERIC_ID, "a numeric run id"),
                f.optionalMatching("workflowId", OmicsArn.NUMERIC_ID, "a numeric workflow id").orElse(null),
                f.optionalText("workflowName").orElse(null),
                count(f, "taskCount"),
                count(f, "failedTaskCount"),
                amount(f, "estimatedUsd"),
                // Negative when the optimal storage size costs more than the run's: a figure too, not an error.
                number(f, "potentialSavingUsd"),
                amount(f, "peakCpuUtilization"),
                amount(f, "meanCpuUtilization"),
                amount(f, "peakMemoryUtilization"),
                amount(f, "meanMemoryUtilization"));
    }

    /** A finite, non-negative number; a cost or a ratio below zero is a bug upstream, not a figure to chart. */
    private static OptionalDouble amount(Fields f, String name) {
        OptionalDouble value = number(f, name);
        if (value.isPresent() && value.getAsDouble() < 0) {
            throw f.bad(name, "is " + value.getAsDouble() + ", expected a finite number of at least 0");
        }
        return value;
    }

    private static OptionalDouble number(Fields f, String name) {
        return f.optionalText(name).map(text -> {
            double value = f.parse(name, text, Double::parseDouble);
            if (!Double.isFinite(value)) {
                throw f.bad(name, "is " + text + ", expected a finite number");
            }
            return OptionalDouble.of(value);
        }).orElse(OptionalDouble.empty());
    }

    private static OptionalDouble count(Fields f, String name) {
        return f.optionalText(name).map(text -> {
            long value = f.parse(name, text, Long::parseLong);
            if (value < 0) {
                throw f.bad(name, "is " + text + ", expected a count of at least 0");
            }
            return OptionalDouble.of(value);
        }).orElse(OptionalDouble.empty());
    }
}
