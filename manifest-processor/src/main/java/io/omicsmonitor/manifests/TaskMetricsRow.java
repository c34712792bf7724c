package io.omicsmonitor.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omicsmonitor.manifest.Metrics;

/**
 * A task's {@code metrics} as a nested object of the {@code tasks} row ("maximum" is the maximum over any 1-minute
 * interval). Names spelled out: the snake_case strategy would write {@code memory_reserved_gi_b}.
 */
public record TaskMetricsRow(
        @JsonProperty("cpus_reserved") Number cpusReserved,
        @JsonProperty("cpus_average") Number cpusAverage,
        @JsonProperty("cpus_maximum") Number cpusMaximum,
        @JsonProperty("gpus_reserved") Number gpusReserved,
        @JsonProperty("memory_reserved_gib") Number memoryReservedGiB,
        @JsonProperty("memory_average_gib") Number memoryAverageGiB,
        @JsonProperty("memory_maximum_gib") Number memoryMaximumGiB,
        @JsonProperty("running_seconds") Number runningSeconds) {

    /** Null for a record without a {@code metrics} key; an object of nulls for a call-cached task's {@code {}}. */
    static TaskMetricsRow of(Metrics m) {
        return m == null ? null
                : new TaskMetricsRow(m.cpusReserved(), m.cpusAverage(), m.cpusMaximum(), m.gpusReserved(),
                        m.memoryReservedGiB(), m.memoryAverageGiB(), m.memoryMaximumGiB(), m.runningSeconds());
    }
}
