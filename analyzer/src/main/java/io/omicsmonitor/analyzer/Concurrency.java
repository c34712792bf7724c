package io.omicsmonitor.analyzer;

/**
 * What ran at once: for each metric, the peak over time of the sum over the tasks active at that time, and for the
 * {@code *Average*} metrics the time-weighted mean of that sum. Null where no active task had the metric.
 */
public record Concurrency(
        Number cpusReserved,
        Number cpusMaximum,
        Double cpusAverage,
        Number gpusReserved,
        Number memoryReservedGiB,
        Number memoryMaximumGiB,
        Double memoryAverageGiB) {

    public static final Concurrency NONE = new Concurrency(null, null, null, null, null, null, null);
}
