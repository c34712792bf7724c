package io.omicsmonitor.manifest;

/**
 * A manifest record's {@code metrics} object. Each value is the number as the manifest wrote it: a {@link Long} for
 * an integer, a {@link Double} for a decimal, null when absent, so outputs can print integers as integers.
 * Tasks have the cpu, gpu and memory fields; runs have the storage fields; both have runningSeconds.
 */
public record Metrics(
        Number cpusReserved,
        Number cpusAverage,
        Number cpusMaximum,
        Number gpusReserved,
        Number memoryReservedGiB,
        Number memoryAverageGiB,
        Number memoryMaximumGiB,
        Number storageReservedGiB,
        Number storageMaximumGiB,
        Number storageAverageGiB,
        Number runningSeconds) {

    public static final Metrics EMPTY = new Metrics(null, null, null, null, null, null, null, null, null, null, null);
}
