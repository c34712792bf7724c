package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.PRICES;
import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.run;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.task;
import static io.omicsmonitor.analyzer.Manifests.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omicsmonitor.manifest.Manifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunAnalyzerTest {

    private static final double EPS = 1e-12;
    private final RunAnalyzer analyzer = new RunAnalyzer(PRICES);

    private ResourceRow onlyTask(Manifest m, double headroom) {
        return analyzer.analyze(m, headroom).tasks().get(0);
    }

    @Test
    void shortTaskIsBilledSixtySeconds() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), timed("FastQC-0-0", "omics.c.large", 0, 30,
                "\"cpusReserved\":2,\"cpusMaximum\":1,\"memoryReservedGiB\":4,\"memoryMaximumGiB\":2")), 0.0);

        assertEquals(30.0, t.runningSeconds());
        // 0.1 $/h x max(60, 30) s / 3600 = 0.1 x 60/3600 = 0.0016666...
        assertEquals(0.1 * (60 / 3600.0), t.estimatedUSD(), EPS);
        // (1, 2) fits omics.c.large itself, so the minimum is the same
        assertEquals("omics.c.large", t.omicsInstanceTypeMinimum());
        assertEquals(0.1 * (60 / 3600.0), t.minimumUSD(), EPS);
        assertEquals(0.5, t.cpuUtilizationRatio());
        assertEquals(0.5, t.memoryUtilizationRatio());
    }

    @Test
    void gpuTaskKeepsItsReservedInstance() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), timed("DeepVariant-0-0", "omics.g5.xlarge", 0, 7200,
                "\"cpusReserved\":4,\"cpusMaximum\":2.5,\"gpusReserved\":1,\"memoryReservedGiB\":16,\"memoryMaximumGiB\":6")),
                0.0);

        // 1.2 $/h x 7200 s / 3600 = 2.4, for the estimate and (same type) the minimum
        assertEquals(2.4, t.estimatedUSD(), EPS);
        assertEquals(2.4, t.minimumUSD(), EPS);
        assertEquals("omics.g5.xlarge", t.omicsInstanceTypeMinimum());
        assertEquals(4L, t.recommendedCpus());
        assertEquals(16L, t.recommendedMemoryGiB());
    }

    @Test
    void taskBeyondTheLargestInstanceIsFlaggedAndPricedAsReserved() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), timed("Big-0-0", "omics.r.48xlarge", 0, 1800,
                "\"cpusReserved\":192,\"cpusMaximum\":190,\"memoryReservedGiB\":1536,\"memoryMaximumGiB\":1500")), 0.1);

        // ceil(190 x 1.1) = 209 vCPU > 192
        assertEquals(InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE, t.omicsInstanceTypeMinimum());
        assertEquals(192L, t.recommendedCpus());
        assertEquals(1536L, t.recommendedMemoryGiB());
        // 14.4 $/h x 1800 s / 3600 = 7.2
        assertEquals(7.2, t.estimatedUSD(), EPS);
        assertEquals(7.2, t.minimumUSD(), EPS);
    }

    @Test
    void cachedTaskWithEmptyMetricsIsBilledSixtySeconds() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), task("\"name\":\"Cached-0-0\",\"instanceType\":\"omics.m.xlarge\","
                + "\"cpus\":4,\"memory\":16,\"metrics\":{}")), 0.0);

        // no times: billed 60 s, 0.24 $/h x 60/3600 = 0.004
        assertEquals(0.004, t.estimatedUSD(), EPS);
        assertEquals(0.004, t.minimumUSD(), EPS);
        assertNull(t.runningSeconds());
        assertEquals("omics.m.xlarge", t.omicsInstanceTypeReserved());
        assertEquals("omics.m.xlarge", t.omicsInstanceTypeMinimum());
        assertNull(t.recommendedCpus());
        assertEquals(4L, t.cpusRequested());
    }

    @Test
    void taskWithoutMetricsKeyHasEveryDerivedColumnEmpty() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), task("\"name\":\"Merge\",\"instanceType\":\"omics.c.large\","
                + "\"cpus\":1,\"memory\":2,\"gpus\":0,\"startTime\":\"2024-01-01T00:00:00Z\",\"stopTime\":\"2024-01-01T00:10:00Z\"")),
                0.0);

        assertEquals(new ResourceRow(null, t.arn(), "task", "Merge", "2024-01-01T00:00:00Z", "2024-01-01T00:10:00Z", null,
                1L, 0L, 2L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null), t);
    }

    @Test
    void manifestRunningSecondsIsPrintedButNotBilledWithoutTimes() {
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), task("\"name\":\"x\",\"instanceType\":\"omics.c.large\","
                + "\"metrics\":{\"runningSeconds\":600}")), 0.0);

        assertEquals(600L, t.runningSeconds());
        assertEquals(0.1 * (60 / 3600.0), t.estimatedUSD(), EPS);
    }

    @Test
    void staticStorageIsBilledOnItsAllocatedSize() {
        // 2 h run: 0.0002 $/GB-h x staticGiB x 7200 / 3600
        assertEquals(0.0002 * (1200 * 7200 / 3600.0), storage(",\"storageCapacity\":1200").estimatedUSD(), EPS); // 0.48
        assertEquals(0.0002 * (4800 * 7200 / 3600.0), storage(",\"storageCapacity\":4800").estimatedUSD(), EPS); // 1.92
        assertEquals(0.0002 * (1200 * 7200 / 3600.0), storage("").estimatedUSD(), EPS); // unset: 1200 -> 0.48
        assertEquals(0.0002 * (4800 * 7200 / 3600.0), storage(",\"storageCapacity\":2500").estimatedUSD(), EPS);
        assertEquals(0.48, storage("").estimatedUSD(), EPS);
    }

    @Test
    void staticMinimumIsTheOptimalStaticSizeOfTheMaximumUsed() {
        // 4800 GiB allocated, 1000 GiB used at most: with headroom 0.1, staticGiB(1100) = 1200 -> 0.0002 x 1200 x 2 = 0.48
        ResourceRow r = analyzer.analyze(ndjson(run(",\"storageCapacity\":4800,\"metrics\":{\"storageReservedGiB\":4800,"
                + "\"storageMaximumGiB\":1000,\"storageAverageGiB\":600}")), 0.1).run();

        assertEquals(1.92, r.estimatedUSD(), EPS);
        assertEquals(0.48, r.minimumUSD(), EPS);
        assertEquals(1000.0 / 4800, r.storageUtilizationRatio(), EPS);
        assertEquals(7200.0, r.runningSeconds());
    }

    @Test
    void dynamicRunIsBilledOnAverageUseAndItsMinimumOnStaticPrice() {
        ResourceRow r = analyzer.analyze(ndjson(run(",\"storageType\":\"DYNAMIC\",\"metrics\":{\"storageMaximumGiB\":2500,"
                + "\"storageAverageGiB\":300}")), 0.0).run();

        // 0.0004 $/GB-h x 300 GiB x 2 h = 0.24
        assertEquals(0.24, r.estimatedUSD(), EPS);
        // static rate on staticGiB(2500) = 4800: 0.0002 x 4800 x 2 = 1.92, above the estimate
        assertEquals(1.92, r.minimumUSD(), EPS);
    }

    @Test
    void shortDynamicRunWithoutStorageStatsHasNoStorageCost() {
        ResourceRow r = analyzer.analyze(ndjson(run(",\"storageType\":\"DYNAMIC\",\"metrics\":{\"runningSeconds\":7200}")),
                0.0).run();

        assertNull(r.estimatedUSD()); // average 0 -> 0 GB-hours -> empty, not 0
        assertNull(r.minimumUSD()); // maximum 0 -> capacity 0 -> empty
    }

    @Test
    void headroomRaisesTheRecommendation() {
        String metrics = "\"cpusReserved\":16,\"cpusMaximum\":10,\"memoryReservedGiB\":64,\"memoryMaximumGiB\":10";
        ResourceRow none = onlyTask(ndjson(runWithMetrics(), timed("t", "omics.m.4xlarge", 0, 3600, metrics)), 0.0);
        ResourceRow tenth = onlyTask(ndjson(runWithMetrics(), timed("t", "omics.m.4xlarge", 0, 3600, metrics)), 0.1);

        // (10, 10) fits c.4xlarge? no: 10 vCPU needs a 16-vCPU size; c.4xlarge has 32 GiB >= 10
        assertEquals("omics.c.4xlarge", none.omicsInstanceTypeMinimum());
        // 10 x 1.1 = 11 vCPU, 11 GiB: still the 16-vCPU c.4xlarge
        assertEquals("omics.c.4xlarge", tenth.omicsInstanceTypeMinimum());
        assertEquals(16L, tenth.recommendedCpus());
        assertEquals(32L, tenth.recommendedMemoryGiB());
        // 0.96 $/h for 1 h reserved, 0.8 $/h recommended
        assertEquals(0.96, tenth.estimatedUSD(), EPS);
        assertEquals(0.8, tenth.minimumUSD(), EPS);

        // (1.9, 3.7): without headroom (2, 4) -> c.large; with 0.1 (ceil 2.09 = 3, ceil 4.07 = 5) -> c.xlarge
        String small = "\"cpusReserved\":4,\"cpusMaximum\":1.9,\"memoryReservedGiB\":16,\"memoryMaximumGiB\":3.7";
        assertEquals("omics.c.large", onlyTask(ndjson(runWithMetrics(), timed("t", "omics.m.xlarge", 0, 60, small)), 0.0)
                .omicsInstanceTypeMinimum());
        assertEquals("omics.c.xlarge", onlyTask(ndjson(runWithMetrics(), timed("t", "omics.m.xlarge", 0, 60, small)), 0.1)
                .omicsInstanceTypeMinimum());
    }

    @Test
    void headroomCeilingFollowsDoubleArithmetic() {
        // 50 x 1.1 = 55.00000000000001 in doubles -> 56 vCPU needs the 64-vCPU size: c.16xlarge (128 GiB >= 56)
        ResourceRow t = onlyTask(ndjson(runWithMetrics(), timed("t", "omics.c.16xlarge", 0, 60,
                "\"cpusReserved\":64,\"cpusMaximum\":50,\"memoryReservedGiB\":128,\"memoryMaximumGiB\":50")), 0.1);

        assertEquals("omics.c.16xlarge", t.omicsInstanceTypeMinimum());
        assertEquals(64L, t.recommendedCpus());
        assertEquals(java.util.Set.of("omics.c.16xlarge"), analyzer.analyze(ndjson(runWithMetrics(),
                timed("t", "omics.c.16xlarge", 0, 60, "")), 0.0).missingPrices());
    }

    @Test
    void headroomOutsideZeroToOneIsRejected() {
        Manifest m = ndjson(runWithMetrics());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(m, 1.5));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(m, -0.1));
        assertThrows(IllegalArgumentException.class, () -> analyzer.analyze(m, Double.NaN));
    }

    @Test
    void pricesComeFromTheRegionAsked() {
        Manifest m = ndjson(run(",\"metrics\":{}"), timed("t", "omics.m.xlarge", 0, 3600,
                "\"cpusReserved\":4,\"cpusMaximum\":1,\"memoryReservedGiB\":16,\"memoryMaximumGiB\":2"));
        RunAnalysis eu = analyzer.analyze(m, "eu-west-1", 0.0);

        // eu-west-1: m.xlarge 0.3 $/h x 1 h; minimum c.large 0.125 $/h x 1 h; storage 0.00025 x 1200 x 2 h = 0.6
        assertEquals(0.3, eu.tasks().get(0).estimatedUSD(), EPS);
        assertEquals(0.125, eu.tasks().get(0).minimumUSD(), EPS);
        assertEquals(0.6, eu.run().estimatedUSD(), EPS);
        assertEquals(0.9, eu.totalEstimatedUSD(), EPS);
        assertEquals(0.725, eu.totalMinimumUSD(), EPS);
        assertEquals(0.175, eu.potentialSavingUSD(), EPS);
        assertEquals("eu-west-1", eu.region());
        // without a region, the run ARN's (us-east-1): 0.24 + 0.48
        assertEquals(0.72, analyzer.analyze(m, 0.0).totalEstimatedUSD(), EPS);
    }

    @Test
    void missingPriceLeavesTheCostBlankAndIsReported() {
        RunAnalysis a = analyzer.analyze(ndjson(run(",\"storageType\":\"DYNAMIC\",\"metrics\":{\"storageAverageGiB\":100}"),
                timed("t", "omics.m.2xlarge", 0, 3600, "\"cpusReserved\":8,\"cpusMaximum\":7,\"memoryReservedGiB\":32,"
                        + "\"memoryMaximumGiB\":20")), "eu-west-1", 0.0);

        assertNull(a.tasks().get(0).estimatedUSD());
        assertNull(a.tasks().get(0).minimumUSD()); // m.2xlarge is the minimum too, and unpriced
        assertNull(a.run().estimatedUSD());
        assertEquals(List.of("Dynamic Run Storage", "omics.m.2xlarge"), a.missingPricesSorted());
        assertFalse(a.pricesComplete());
        assertEquals(0.0, a.totalEstimatedUSD());
    }

    @Test
    void zeroPriceLeavesTheCostBlankButIsNotMissing() {
        PriceBook free = Manifests.prices(java.util.Map.of("us-east-1", java.util.Map.of("omics.c.large", 0.0,
                "Run Storage", 0.0)));
        RunAnalysis a = new RunAnalyzer(free).analyze(ndjson(runWithMetrics(), timed("t", "omics.c.large", 0, 60, "")), 0.0);

        assertNull(a.tasks().get(0).estimatedUSD());
        assertNull(a.run().estimatedUSD());
        assertTrue(a.pricesComplete());
    }

    @Test
    void runWithoutMetricsHasNoConcurrencyOrCost() {
        RunAnalysis a = analyzer.analyze(ndjson(run(""), timed("t", "omics.c.large", 0, 600, "\"cpusReserved\":2")), 0.0);

        assertNull(a.run().cpusReserved());
        assertNull(a.run().estimatedUSD());
        assertNull(a.run().runningSeconds());
        assertEquals("run", a.run().type());
        assertEquals(0.1 * (600 / 3600.0), a.totalEstimatedUSD(), EPS);
    }

    private ResourceRow storage(String extra) {
        return analyzer.analyze(ndjson(run(extra + ",\"metrics\":{\"runningSeconds\":7200}")), 0.0).run();
    }
}
