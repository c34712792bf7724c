package io.omicsmonitor.cli.report;

import java.time.Instant;

/**
 * What the report shows of one task: its {@code run_analysis} row (times, reservation, maxima, costs, the
 * recommendation) with its status from the {@code tasks} table. Numbers are null where the lake has none.
 */
record TaskView(String arn, String name, String status, Instant start, Instant stop, Double cpusReserved,
                Double cpusMaximum, Double cpusAverage, Double memoryReservedGib, Double memoryMaximumGib,
                Double memoryAverageGib, String instanceReserved, String instanceMinimum, Double recommendedCpus,
                Double recommendedMemoryGib, Double estimatedUsd, Double minimumUsd) {

    boolean timed() {
        return start != null && stop != null && !stop.isBefore(start);
    }

    /** Estimated minus minimum, when both are known. */
    Double savingUsd() {
        return estimatedUsd == null || minimumUsd == null ? null : estimatedUsd - minimumUsd;
    }

    /** A smaller instance would do: the recommended type differs and costs less. */
    boolean hasRecommendation() {
        return instanceMinimum != null && instanceReserved != null && !instanceMinimum.equals(instanceReserved)
                && savingUsd() != null && savingUsd() > 0;
    }
}
