package io.omicsmonitor.analyzer;

import java.util.List;

/**
 * One row of the Run Analyzer's stats: the run ({@code type = "run"}) or one task ({@code type = "task"}), with every
 * column of the upstream stats CSV in its order. Numbers keep their kind: a {@link Long} where the manifest wrote an
 * integer (or a count was computed), a {@link Double} otherwise; null where upstream leaves the cell empty.
 * Times are the manifest's text, as written.
 */
public record ResourceRow(
        String uuid,
        String arn,
        String type,
        String name,
        String startTime,
        String stopTime,
        Number runningSeconds,
        Number cpusRequested,
        Number gpusRequested,
        Number memoryRequestedGiB,
        String omicsInstanceTypeReserved,
        String omicsInstanceTypeMinimum,
        Number recommendedCpus,
        Number recommendedMemoryGiB,
        Double estimatedUSD,
        Double minimumUSD,
        Double cpuUtilizationRatio,
        Double memoryUtilizationRatio,
        Double storageUtilizationRatio,
        Number cpusReserved,
        Number cpusMaximum,
        Number cpusAverage,
        Number gpusReserved,
        Number memoryReservedGiB,
        Number memoryMaximumGiB,
        Number memoryAverageGiB,
        Number storageReservedGiB,
        Number storageMaximumGiB,
        Number storageAverageGiB) {

    /** The upstream stats CSV header, in column order (the record's components, in the same order). */
    public static final List<String> COLUMNS = List.of("uuid", "arn", "type", "name", "startTime", "stopTime",
            "runningSeconds", "cpusRequested", "gpusRequested", "memoryRequestedGiB", "omicsInstanceTypeReserved",
            "omicsInstanceTypeMinimum", "recommendedCpus", "recommendedMemoryGiB", "estimatedUSD", "minimumUSD",
            "cpuUtilizationRatio", "memoryUtilizationRatio", "storageUtilizationRatio", "cpusReserved", "cpusMaximum",
            "cpusAverage", "gpusReserved", "memoryReservedGiB", "memoryMaximumGiB", "memoryAverageGiB",
            "storageReservedGiB", "storageMaximumGiB", "storageAverageGiB");

    /** The cells in column order (Strings, Numbers or nulls), for writers. */
    public Object[] cells() {
        return new Object[] {uuid, arn, type, name, startTime, stopTime, runningSeconds, cpusRequested, gpusRequested,
            memoryRequestedGiB, omicsInstanceTypeReserved, omicsInstanceTypeMinimum, recommendedCpus,
            recommendedMemoryGiB, estimatedUSD, minimumUSD, cpuUtilizationRatio, memoryUtilizationRatio,
            storageUtilizationRatio, cpusReserved, cpusMaximum, cpusAverage, gpusReserved, memoryReservedGiB,
            memoryMaximumGiB, memoryAverageGiB, storageReservedGiB, storageMaximumGiB, storageAverageGiB};
    }
}
