package io.omicsmonitor.cli.report;

import java.time.Duration;
import java.time.Instant;

/**
 * What the report shows of one task: its {@code run_analysis} row (times, reservation, maxima, costs, the
 * recommendation) with its status and creation time from the {@code tasks} table. Numbers are null where the lake
 * has none.
 *
 * @param queuedSeconds the time from creation to start: the lake's {@code queued_seconds} when it has one, else
 *                      computed from {@code creation_time} and {@code start_time}; null when neither is known
 * @param cached        served from the call cache (the lake's {@code cached}; false when the lake has no such column)
 */
record TaskView(String arn, String name, String status, Instant start, Instant stop, Double queuedSeconds,
                boolean cached, Double cpusReserved, Double cpusMaximum, Double cpusAverage, Double memoryReservedGib,
                Double memoryMaximumGib, Double memoryAverageGib, String instanceReserved, String instanceMinimum,
                Double recommendedCpus, Double recommendedMemoryGib, Double estimatedUsd, Double minimumUsd) {

    boolean timed() {
        return !cached && start != null && stop != null && !stop.isBefore(start);
    }

    /** Running time (start to stop), for timed tasks. */
    Duration running() {
        return Duration.between(start, stop);
    }

    /** When the task was created (queued): its start minus the queue time, or null when that is unknown. */
    Instant queuedFrom() {
        return start == null || queuedSeconds == null || queuedSeconds <= 0 ? null
                : start.minusMillis(Math.round(queuedSeconds * 1000));
    }

    boolean failed() {
        return "FAILED".equalsIgnoreCase(status);
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

    /** Peak over reservation (0..1+), or null when either is unknown. */
    static Double share(Double maximum, Double reserved) {
        return maximum == null || reserved == null || reserved <= 0 ? null : maximum / reserved;
    }
}
