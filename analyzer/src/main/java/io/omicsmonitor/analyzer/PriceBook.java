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
}
