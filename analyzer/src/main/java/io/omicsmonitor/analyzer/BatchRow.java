package io.omicsmonitor.analyzer;

import java.util.List;

/**
 * Upstream's batch view ({@code --batch}): the tasks sharing a base name, aggregated. Values missing on a task count
 * as 0.0 (as upstream); numbers keep upstream's kind (an integer when every value was one).
 */
public record BatchRow(
        String type,
        String name,
        long count,
        Number meanRunningSeconds,
        Number maximumRunningSeconds,
        Number stdDevRunningSeconds,
        Number maximumCpuUtilizationRatio,
        Number meanCpuUtilizationRatio,
        Number maximumMemoryUtilizationRatio,
        Number meanMemoryUtilizationRatio,
        Number maximumGpusReserved,
        Number meanGpusReserved,
        Number recommendedCpus,
        Number recommendedMemoryGiB,
        String recommendOmicsInstanceType,
        Number maximumEstimatedUSD,
        Number meanEstimatedUSD) {

    public static final List<String> COLUMNS = List.of("type", "name", "count", "meanRunningSeconds",
            "maximumRunningSeconds", "stdDevRunningSeconds", "maximumCpuUtilizationRatio", "meanCpuUtilizationRatio",
            "maximumMemoryUtilizationRatio", "meanMemoryUtilizationRatio", "maximumGpusReserved", "meanGpusReserved",
            "recommendedCpus", "recommendedMemoryGiB", "recommendOmicsInstanceType", "maximumEstimatedUSD",
            "meanEstimatedUSD");

    public Object[] cells() {
        return new Object[] {type, name, count, meanRunningSeconds, maximumRunningSeconds, stdDevRunningSeconds,
            maximumCpuUtilizationRatio, meanCpuUtilizationRatio, maximumMemoryUtilizationRatio,
            meanMemoryUtilizationRatio, maximumGpusReserved, meanGpusReserved, recommendedCpus, recommendedMemoryGiB,
            recommendOmicsInstanceType, maximumEstimatedUSD, meanEstimatedUSD};
    }
}
