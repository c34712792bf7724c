package io.omicsmonitor.runanalyzer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.omicsmonitor.analyzer.ResourceRow;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.common.events.RunStatusChange;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.TaskRecord;
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
 *
 * <p>The costs are the lake's ({@link RunTotals}): a task the run cache served is {@code cached}, and its
 * {@code estimated_usd} and {@code minimum_usd} are 0 (the upstream CSV bills it 60 s); the run row's totals leave it
 * out and {@code cache_hits} counts such tasks. {@code queued_seconds} is a task's creation to its start, and on the
 * run row the run's creation to its first task's start (issue 15).
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
        Boolean cached,
        Double queuedSeconds,
        Integer cacheHits,
        String priceSource) {

    /**
     * The run row: the analysis' run figures and totals, and who the run is charged to (so chargeback needs no join):
     * the workflow id (GetRun's, else the event's), the workflow name (the event's: GetRun has none; null on older
     * events), who started it (GetRun's, else the manifest's) and its tags.
     */
    static AnalysisRow run(String runId, Manifest manifest, RunAnalysis analysis, RunTotals totals,
                           RunStatusChange event, RunAttribution attribution) {
        ResourceRow r = analysis.run();
        return of(runId, manifest.run().status(), r, r.estimatedUSD(), r.minimumUSD(),
                new Totals(totals, analysis),
                new Attribution(firstOf(attribution.workflowId(), event.workflowId()), event.workflowName(),
                        firstOf(attribution.startedBy(), manifest.run().startedBy()), attribution.tags()),
                null, manifest.queuedSeconds(), totals.cacheHits());
    }

    /** The run row's whole-run columns; all null on task rows. */
    private record Totals(RunTotals totals, RunAnalysis analysis) {
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
                attribution.tags(), null, null, 0, null); // nothing was priced
    }

    /** A task's row: its analyzer row, with no cost when the run cache served it. */
    static AnalysisRow task(String runId, TaskRecord record, ResourceRow task) {
        return of(runId, record.status(), task, RunTotals.taskCost(record, task.estimatedUSD()),
                RunTotals.taskCost(record, task.minimumUSD()), null, Attribution.NONE, record.callCached(),
                record.queuedSeconds(), null);
    }

    private static String firstOf(String value, String fallback) {
        return value != null ? value : fallback;
    }

    private static AnalysisRow of(String runId, String status, ResourceRow r, Double estimatedUsd, Double minimumUsd,
                                  Totals run, Attribution who, Boolean cached, Double queuedSeconds,
                                  Integer cacheHits) {
        return new AnalysisRow(runId, r.type(), r.uuid(), r.arn(), r.name(), status,
                ManifestTimes.parse(r.startTime()), ManifestTimes.parse(r.stopTime()), r.runningSeconds(),
                r.cpusRequested(), r.gpusRequested(), r.memoryRequestedGiB(), r.omicsInstanceTypeReserved(),
                r.omicsInstanceTypeMinimum(), r.recommendedCpus(), r.recommendedMemoryGiB(), estimatedUsd,
                minimumUsd, r.cpuUtilizationRatio(), r.memoryUtilizationRatio(), r.storageUtilizationRatio(),
                r.cpusReserved(), r.cpusMaximum(), r.cpusAverage(), r.gpusReserved(), r.memoryReservedGiB(),
                r.memoryMaximumGiB(), r.memoryAverageGiB(), r.storageReservedGiB(), r.storageMaximumGiB(),
                r.storageAverageGiB(),
                run == null ? null : run.totals().estimatedUsd(),
                run == null ? null : run.totals().minimumUsd(),
                run == null ? null : run.totals().potentialSavingUsd(),
                run == null ? null : run.analysis().headroom(),
                run == null ? null : run.analysis().region(),
                run == null ? null : run.analysis().missingPricesSorted(),
                who.workflowId(), who.workflowName(), who.startedBy(), who.tags(), cached, queuedSeconds, cacheHits,
                run == null ? null : run.analysis().priceSource());
    }
}
