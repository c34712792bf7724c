package io.omicsmonitor.runanalyzer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.logs.RunAttribution;
import software.amazon.awssdk.services.omics.model.GetRunResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row of the {@code run_analysis} table: the run ({@code type = run}) or one of its tasks ({@code type = task}),
 * every column of the upstream stats CSV in snake_case, times as ISO-8601 UTC. The run row alone carries the
 * whole-run totals (tasks plus storage) and how they were computed, and who the run is charged to (workflow, user,
 * tags: issue 13) and which prices its costs came from ({@code price_source}: issue 15); on task rows those are null.
 * Names with {@code GiB} are spelled out: the snake_case strategy would write {@code memory_reserved_gi_b}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalysisRow(
        String runId,
        String type,
        String uuid,
        String arn,
        String name,
        String status,
        Instant startTime,
        Instant stopTime,
        Number runningSeconds,
        Number cpusRequested,
        Number gpusRequested,
        @JsonProperty("memory_requested_gib") Number memoryRequestedGiB,
        String omicsInstanceTypeReserved,
        String omicsInstanceTypeMinimum,
        Number recommendedCpus,
        @JsonProperty("recommended_memory_gib") Number recommendedMemoryGiB,
        Double estimatedUsd,
        Double minimumUsd,
        Double cpuUtilizationRatio,
        Double memoryUtilizationRatio,
        Double storageUtilizationRatio,
        Number cpusReserved,
        Number cpusMaximum,
        Number cpusAverage,
        Number gpusReserved,
        @JsonProperty("memory_reserved_gib") Number memoryReservedGiB,
        @JsonProperty("memory_maximum_gib") Number memoryMaximumGiB,
        @JsonProperty("memory_average_gib") Number memoryAverageGiB,
        @JsonProperty("storage_reserved_gib") Number storageReservedGiB,
        @JsonProperty("storage_maximum_gib") Number storageMaximumGiB,
        @JsonProperty("storage_average_gib") Number storageAverageGiB,
        Double totalEstimatedUsd,
        Double totalMinimumUsd,
        Double potentialSavingUsd,
        Double headroom,
        String priceRegion,
        List<String> missingPrices,
        String workflowId,
        String workflowName,
        String startedBy,
        Map<String, String> tags,
        String priceSource) {

    /**
     * The run row: the analysis' run figures and totals, and who the run is charged to (so chargeback needs no join):
     * the workflow id (GetRun's, else the event's), the workflow name (the event's: GetRun has none; null on older
     * events), who started it (GetRun's, else the manifest's) and its tags.
     */
    static AnalysisRow run(String runId, String status, RunAnalysis analysis, RunStatusChange event,
                           String manifestStartedBy, RunAttribution attribution) {
        return of(runId, status, analysis.run(), analysis,
                new Attribution(firstOf(attribution.workflowId(), event.workflowId()), event.workflowName(),
                        firstOf(attribution.startedBy(), manifestStartedBy), attribution.tags()));
    }

    /** The run-row columns of attribution; all null on task rows. */
    private record Attribution(String workflowId, String workflowName, String startedBy, Map<String, String> tags) {
        static final Attribution NONE = new Attribution(null, null, null, null);
    }

    /**
     * The run row of a run that ended without starting (GetRun has no startTime; HealthOmics writes no manifest): what
     * GetRun says, no utilization, and a cost of 0: no task ran and no run storage was provisioned (HealthOmics
     * provisions it when the run starts).
     */
    static AnalysisRow neverStarted(String runId, GetRunResponse run, double headroom, String region,
                                    RunStatusChange event) {
        RunAttribution attribution = RunAttribution.of(run);
        return new AnalysisRow(runId, "run", run.uuid(), run.arn(), run.name(), run.statusAsString(), null,
                run.stopTime(), null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, 0.0, 0.0, 0.0, headroom, region, List.of(),
                firstOf(attribution.workflowId(), event.workflowId()), event.workflowName(), attribution.startedBy(),
                attribution.tags(), null); // nothing was priced
    }

    static AnalysisRow task(String runId, String status, ResourceRow task) {
        return of(runId, status, task, null, Attribution.NONE);
    }

    private static String firstOf(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static AnalysisRow of(String runId, String status, ResourceRow r, RunAnalysis totals, Attribution who) {
        return new AnalysisRow(runId, r.type(), r.uuid(), r.arn(), r.name(), status,
                ManifestTimes.parse(r.startTime()), ManifestTimes.parse(r.stopTime()), r.runningSeconds(),
                r.cpusRequested(), r.gpusRequested(), r.memoryRequestedGiB(), r.omicsInstanceTypeReserved(),
                r.omicsInstanceTypeMinimum(), r.recommendedCpus(), r.recommendedMemoryGiB(), r.estimatedUSD(),
                r.minimumUSD(), r.cpuUtilizationRatio(), r.memoryUtilizationRatio(), r.storageUtilizationRatio(),
                r.cpusReserved(), r.cpusMaximum(), r.cpusAverage(), r.gpusReserved(), r.memoryReservedGiB(),
                r.memoryMaximumGiB(), r.memoryAverageGiB(), r.storageReservedGiB(), r.storageMaximumGiB(),
                r.storageAverageGiB(),
                totals == null ? null : totals.totalEstimatedUSD(),
                totals == null ? null : totals.totalMinimumUSD(),
                totals == null ? null : totals.potentialSavingUSD(),
                totals == null ? null : totals.headroom(),
                totals == null ? null : totals.region(),
                totals == null ? null : totals.missingPricesSorted(),
                who.workflowId(), who.workflowName(), who.startedBy(), who.tags(),
                totals == null ? null : totals.priceSource());
    }
}
