package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.Arrays;
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
        return analyze(manifest, region, headroom, 0);
    }

    /** @param parts how many parts (threads) the tasks are split into, 0 to choose; the result is the same for any */
    RunAnalysis analyze(Manifest manifest, String region, double headroom, int parts) {
        if (!(headroom >= 0.0 && headroom <= 1.0)) {
            throw new IllegalArgumentException("headroom " + headroom + " must be between 0.0 and 1.0");
        }
        Objects.requireNonNull(region, "region");
        // first: a book read on first use (a price book in S3) fails here, on this thread, naming itself
        String priceSource = prices.source();
        Pricer pricer = new Pricer(prices, region);
        List<TaskRecord> records = manifest.tasks();
        int n = records.size();
        TaskTimes times = new TaskTimes(new long[n], new long[n]);
        ResourceRow[] rows = new ResourceRow[n];
        // upstream sweeps only for a run whose record has metrics, like every other derived value
        boolean sweep = manifest.run().metrics() != null;
        if (parts <= 0) {
            parts = Parts.count(n, MIN_TASKS_PER_PART);
        }
        Concurrency concurrency = parts > 1 ? inParts(records, times, rows, parts, sweep, pricer, headroom) : null;
        if (concurrency == null) {
            // one thread: every time first, then the rows, so that the first bad time is the error, as always
            times.read(records, 0, n);
            for (int i = 0; i < n; i++) {
                rows[i] = TaskRows.of(records.get(i), times.start[i], times.stop[i], pricer, headroom);
            }
            concurrency = sweep ? ConcurrencySweep.of(records, times) : Concurrency.NONE;
        }
        List<ResourceRow> tasks = Arrays.asList(rows);
        double estimated = 0.0;
        double minimum = 0.0;
        for (ResourceRow row : rows) { // in task order, so the totals are the same sums whatever the parts
            estimated += orZero(row.estimatedUSD());
            minimum += orZero(row.minimumUSD());
        }
        ResourceRow run = RunRows.of(manifest.run(), concurrency, pricer, headroom);
        estimated += orZero(run.estimatedUSD());
        minimum += orZero(run.minimumUSD());
        return new RunAnalysis(run, tasks, region, headroom, estimated, minimum, estimated - minimum, pricer.missing(),
                priceSource);
    }

    /**
     * Below this many tasks a part costs more (a thread, its cold code) than it saves. Measured (2 cores, cold
     * process, medians of 8): 1,000 tasks 17 ms on one thread, 22 ms in two parts; 10,000 tasks 44 and 38 ms;
     * 50,000 tasks 121 and 96 ms.
     */
    static final int MIN_TASKS_PER_PART = 2_000;

    /**
     * The times, the rows and the sweep in parts: first every task's times, split among the parts; then the sweep
     * on this thread while the other parts make the rows, each with a pricer of its own (merged into
     * {@code pricer}). Returns the concurrency, or null when a part failed: the caller then does it all again on one
     * thread, for the error a sequential run gives.
     */
    private Concurrency inParts(List<TaskRecord> records, TaskTimes times, ResourceRow[] rows, int parts,
            boolean sweep, Pricer pricer, double headroom) {
        int n = records.size();
        Parts readTimes = new Parts() {
            @Override
            void run(int part, int from, int to) {
                times.read(records, from, to);
            }
        };
        if (Parts.anyFailed(readTimes.runAll(n, parts))) {
            return null;
        }
        Pricer[] pricers = new Pricer[parts];
        Concurrency[] concurrency = {Concurrency.NONE};
        Parts sweepAndRows = new Parts() {
            @Override
            void run(int part, int ignoredFrom, int ignoredTo) {
                if (part == 0) {
                    if (sweep) {
                        concurrency[0] = ConcurrencySweep.of(records, times);
                    }
                    return;
                }
                Pricer own = new Pricer(prices, pricer.region());
                pricers[part] = own;
                for (int i = Parts.from(n, parts - 1, part - 1), to = Parts.from(n, parts - 1, part); i < to; i++) {
                    rows[i] = TaskRows.of(records.get(i), times.start[i], times.stop[i], own, headroom);
                }
            }
        };
        if (Parts.anyFailed(sweepAndRows.runAll(n, parts))) {
            return null;
        }
        for (int part = 1; part < parts; part++) {
            pricer.missing(pricers[part]);
        }
        return concurrency[0];
    }

    private static double orZero(Double d) {
        return d == null ? 0.0 : d;
    }
}
