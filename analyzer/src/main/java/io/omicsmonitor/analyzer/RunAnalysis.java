package io.omicsmonitor.analyzer;

import java.util.List;
import java.util.Set;

/**
 * The Run Analyzer's result for one run: the run's row, one row per task in manifest order, and the whole-run
 * totals.
 *
 * @param region              the region the prices were taken from
 * @param headroom            the right-sizing headroom used (0..1)
 * @param totalEstimatedUSD   sum of the tasks' estimatedUSD plus the run's (storage) estimatedUSD; blanks count 0
 * @param totalMinimumUSD     the same sum over minimumUSD
 * @param potentialSavingUSD  totalEstimatedUSD - totalMinimumUSD (negative when the optimal storage costs more)
 * @param missingPrices       resource types the price book did not know (their costs are blank), sorted
 * @param priceSource         which prices were used ({@link PriceBook#source()}): {@code price-list-api}, a book's
 *                            file or URI with its sha256, a discount
 */
public record RunAnalysis(
        ResourceRow run,
        List<ResourceRow> tasks,
        String region,
        double headroom,
        double totalEstimatedUSD,
        double totalMinimumUSD,
        double potentialSavingUSD,
        Set<String> missingPrices,
        String priceSource) {

    public RunAnalysis {
        tasks = List.copyOf(tasks);
        missingPrices = Set.copyOf(missingPrices);
    }

    /** True when every cost could be priced: the totals are then complete. */
    public boolean pricesComplete() {
        return missingPrices.isEmpty();
    }

    /** The missing resource types in name order (a {@link Set#copyOf} has no order). */
    public List<String> missingPricesSorted() {
        return missingPrices.stream().sorted().toList();
    }
}
