package io.omicsmonitor.runanalyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omicsmonitor.analyzer.JsonPriceBook;
import io.omicsmonitor.analyzer.RunAnalysis;
import io.omicsmonitor.analyzer.RunAnalyzer;
import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The lake's whole-run figures against the analyzer's (upstream's), which bill a call-cached task 60 s. */
class RunTotalsTest {

    private static final String RUN = "{\"arn\":\"arn:aws:omics:us-east-1:123456789012:run/1111111\","
            + "\"creationTime\":\"2026-01-01T00:00:00Z\",\"startTime\":\"2026-01-01T00:00:00Z\","
            + "\"stopTime\":\"2026-01-01T02:00:00Z\",\"storageCapacity\":1200,\"metrics\":{\"storageReservedGiB\":1200}}";
    private static final String RAN = "{\"arn\":\"arn:aws:omics:us-east-1:123456789012:task/2222222\","
            + "\"name\":\"Align\",\"instanceType\":\"omics.m.xlarge\",\"creationTime\":\"2026-01-01T00:00:00Z\","
            + "\"startTime\":\"2026-01-01T00:00:00Z\",\"stopTime\":\"2026-01-01T01:00:00Z\","
            + "\"metrics\":{\"cpusReserved\":4,\"cpusMaximum\":2,\"memoryReservedGiB\":16,\"memoryMaximumGiB\":3}}";
    private static final String CACHED = "{\"arn\":\"arn:aws:omics:us-east-1:123456789012:task/3333333\","
            + "\"name\":\"Cached\",\"instanceType\":\"omics.c.large\",\"metrics\":{}}";
    /** A price book: omics.m.xlarge 0.2 $/h, omics.c.large 0.1 $/h, run storage 0.0001 $/GiB-h. */
    private static final String PRICES = "{\"currency\":\"USD\",\"regions\":{\"us-east-1\":{\"omics.m.xlarge\":0.2,"
            + "\"omics.c.large\":0.1,\"Run Storage\":0.0001}}}";

    private static Manifest manifest(String... lines) throws IOException {
        return ManifestParser.read(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
                "test.ndjson");
    }

    private static RunAnalysis analyze(Manifest manifest) throws IOException {
        return new RunAnalyzer(JsonPriceBook.read(new ByteArrayInputStream(PRICES.getBytes(StandardCharsets.UTF_8)),
                "prices.json")).analyze(manifest, 0);
    }

    @Test
    void aCachedTaskCostsNothingWhereTheAnalyzerBillsItAMinute() throws IOException {
        Manifest manifest = manifest(RUN, RAN, CACHED);
        RunAnalysis analysis = analyze(manifest);

        RunTotals totals = RunTotals.of(manifest, analysis);

        // upstream's: storage 0.24 + Align 0.2 + the cached task's minute 0.1 / 60
        assertEquals(0.24 + 0.2 + 0.1 / 60, analysis.totalEstimatedUSD(), 1e-12);
        // the lake's: storage and Align only; Align's minimum is an omics.c.large hour
        assertEquals(0.24 + 0.2, totals.estimatedUsd(), 1e-12);
        assertEquals(0.24 + 0.1, totals.minimumUsd(), 1e-12);
        assertEquals(0.1, totals.potentialSavingUsd(), 1e-12);
        assertEquals(1, totals.cacheHits());
    }

    @Test
    void withoutCacheHitsTheTotalsAreTheAnalyzersToTheBit() throws IOException {
        Manifest manifest = manifest(RUN, RAN);
        RunAnalysis analysis = analyze(manifest);

        RunTotals totals = RunTotals.of(manifest, analysis);

        assertEquals(analysis.totalEstimatedUSD(), totals.estimatedUsd());
        assertEquals(analysis.totalMinimumUSD(), totals.minimumUsd());
        assertEquals(analysis.potentialSavingUSD(), totals.potentialSavingUsd());
        assertEquals(0, totals.cacheHits());
    }

    @Test
    void aCachedTaskCostsNothingEvenWithoutAPrice() throws IOException {
        Manifest manifest = manifest(RUN, CACHED);
        RunAnalysis analysis = new RunAnalyzer((region, type) -> OptionalDouble.empty()).analyze(manifest, 0);

        assertEquals(null, analysis.tasks().get(0).estimatedUSD(), "the analyzer has no price for it");
        assertEquals(0.0, RunTotals.taskCost(manifest.tasks().get(0), analysis.tasks().get(0).estimatedUSD()));
        assertEquals(0.0, RunTotals.of(manifest, analysis).estimatedUsd());
    }
}
