package io.omicsmonitor.manifests;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.omicsmonitor.manifest.Metrics;

/**
 * A run's {@code metrics} as a nested object of the {@code runs} row. The names are spelled out because the
 * snake_case strategy would turn {@code storageReservedGiB} into {@code storage_reserved_gi_b}.
 */
public record RunMetricsRow(
        @JsonProperty("storage_reserved_gib") Number storageReservedGiB,
        @JsonProperty("storage_maximum_gib") Number storageMaximumGiB,
        @JsonProperty("storage_average_gib") Number storageAverageGiB,
        @JsonProperty("running_seconds") Number runningSeconds) {

    /** Null for a record without a {@code metrics} key. */
    static RunMetricsRow of(Metrics m) {
        return m == null ? null
                : new RunMetricsRow(m.storageReservedGiB(), m.storageMaximumGiB(), m.storageAverageGiB(), m.runningSeconds());
    }
}
