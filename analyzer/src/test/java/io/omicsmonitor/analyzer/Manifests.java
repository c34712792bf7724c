package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalDouble;

/** Test helpers: manifests written as the NDJSON HealthOmics exports, and a price book from a map. */
final class Manifests {

    static final String RUN_ARN = "arn:aws:omics:us-east-1:123456789012:run/1234567";

    private Manifests() {
    }

    static Manifest ndjson(String... lines) {
        try {
            return ManifestParser.read(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
                    "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A STATIC run of 2 hours with 1200 GiB and the given extra JSON fields (e.g. ",\"storageCapacity\":4800"). */
    static String run(String extra) {
        return "{\"arn\":\"" + RUN_ARN + "\",\"uuid\":\"run-uuid\",\"name\":\"r\","
                + "\"startTime\":\"2024-01-01T00:00:00.000Z\",\"stopTime\":\"2024-01-01T02:00:00.000Z\"" + extra + "}";
    }

    static String runWithMetrics() {
        return run(",\"metrics\":{\"runningSeconds\":7200}");
    }

    static int taskIds = 100;

    /** A task record; {@code body} holds its fields after the arn, without braces. */
    static String task(String body) {
        return "{\"arn\":\"arn:aws:omics:us-east-1:123456789012:task/" + (taskIds++) + "\",\"run\":\"" + RUN_ARN + "\","
                + body + "}";
    }

    /** A timed task with metrics, started {@code from} and stopped {@code to} seconds after 00:00 on 2024-01-01. */
    static String timed(String name, String instanceType, long from, long to, String metrics) {
        return task("\"name\":\"" + name + "\",\"instanceType\":\"" + instanceType + "\","
                + "\"startTime\":\"" + at(from) + "\",\"stopTime\":\"" + at(to) + "\",\"metrics\":{" + metrics + "}");
    }

    static String at(long second) {
        return java.time.Instant.parse("2024-01-01T00:00:00Z").plusSeconds(second).toString();
    }

    static PriceBook prices(Map<String, Map<String, Double>> byRegion) {
        return (region, type) -> {
            Double price = byRegion.getOrDefault(region, Map.of()).get(type);
            return price == null ? OptionalDouble.empty() : OptionalDouble.of(price);
        };
    }

    /** Round test prices: us-east-1 and a dearer eu-west-1. */
    static final PriceBook PRICES = prices(Map.of(
            "us-east-1", Map.ofEntries(Map.entry("omics.c.large", 0.1), Map.entry("omics.c.xlarge", 0.2),
                    Map.entry("omics.c.2xlarge", 0.4), Map.entry("omics.c.4xlarge", 0.8),
                    Map.entry("omics.m.large", 0.12), Map.entry("omics.m.xlarge", 0.24),
                    Map.entry("omics.m.4xlarge", 0.96), Map.entry("omics.r.large", 0.15),
                    Map.entry("omics.r.48xlarge", 14.4), Map.entry("omics.g5.xlarge", 1.2),
                    Map.entry("Run Storage", 0.0002), Map.entry("Dynamic Run Storage", 0.0004)),
            "eu-west-1", Map.of("omics.c.large", 0.125, "omics.m.xlarge", 0.3, "Run Storage", 0.00025)));
}
