package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The HealthOmics Run Analyzer's algorithm (healthomics.md §3, with the concurrency bug fixed): a manifest, a price
 * book, a region and a headroom in; per-run and per-task cost, utilization and right-sizing out. Pure: no AWS, no I/O.
 */
public final class RunAnalyzer {

    private final PriceBook prices;

    public RunAnalyzer(PriceBook prices) {
        this.prices = Objects.requireNonNull(prices, "prices");
    }

    /** Analyzes with prices from the region in the run's ARN, as upstream does. */
    public RunAnalysis analyze(Manifest manifest, double headroom) {
        return analyze(manifest, Arns.region(manifest.run().arn()), headroom);
    }

    /**
     * @param region   the region whose prices apply (normally the run's)
     * @param headroom the fraction added to the observed maxima before right-sizing, 0..1
     * @throws IllegalArgumentException when headroom is outside 0..1 (or not a number)
     */
    public RunAnalysis analyze(Manifest manifest, String region, double headroom) {
        if (!(headroom >= 0.0 && headroom <= 1.0)) {
            throw new IllegalArgumentException("headroom " + headroom + " must be between 0.0 and 1.0");
        }
        Objects.requireNonNull(region, "region");
        Pricer pricer = new Pricer(prices, region);
        List<TaskRecord> records = manifest.tasks();
        TaskTimes times = TaskTimes.of(records);

        List<ResourceRow> tasks = new ArrayList<>(records.size());
        double estimated = 0.0;
        double minimum = 0.0;
        for (int i = 0; i < records.size(); i++) {
            ResourceRow row = TaskRows.of(records.get(i), times.start[i], times.stop[i], pricer, headroom);
            tasks.add(row);
            estimated += orZero(row.estimatedUSD());
            minimum += orZero(row.minimumUSD());
        }
        // upstream sweeps only for a run whose record has metrics, like every other derived value
        Concurrency concurrency = manifest.run().metrics() == null
                ? Concurrency.NONE : ConcurrencySweep.of(records, times);
        ResourceRow run = RunRows.of(manifest.run(), concurrency, pricer, headroom);
        estimated += orZero(run.estimatedUSD());
        minimum += orZero(run.minimumUSD());
        return new RunAnalysis(run, tasks, region, headroom, estimated, minimum, estimated - minimum, pricer.missing());
    }

    private static double orZero(Double d) {
        return d == null ? 0.0 : d;
    }
}
