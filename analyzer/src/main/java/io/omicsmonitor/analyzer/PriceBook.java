package io.omicsmonitor.analyzer;

import java.util.OptionalDouble;

/**
 * HealthOmics on-demand prices: USD per instance-hour for an instance type ({@code omics.m.xlarge}), USD per
 * GB-hour for {@code Run Storage} and {@code Dynamic Run Storage}.
 */
public interface PriceBook {

    String RUN_STORAGE = "Run Storage";
    String DYNAMIC_RUN_STORAGE = "Dynamic Run Storage";

    /** The price of one unit-hour of {@code resourceType} in {@code region}; empty when this book does not know it. */
    OptionalDouble price(String region, String resourceType);

    /**
     * How the {@code price_source} column of {@code run_analysis} names these prices (docs/run-analysis.md, "Which
     * prices"): {@code price-list-api}, a file or {@code s3://} URI with its sha256, a discount after it. A book that
     * does not name itself is named by its class, so a wiring mistake shows instead of passing for the public prices.
     */
    default String source() {
        return getClass().getSimpleName();
    }
}
