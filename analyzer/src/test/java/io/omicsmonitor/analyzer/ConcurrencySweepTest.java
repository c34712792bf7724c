package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.PRICES;
import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.task;
import static io.omicsmonitor.analyzer.Manifests.timed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The run row's concurrency columns: peaks of the active tasks' sums, time-weighted averages over the event span. */
class ConcurrencySweepTest {

    private static final double EPS = 1e-12;
    private final RunAnalyzer analyzer = new RunAnalyzer(PRICES);

    private ResourceRow run(String... tasks) {
        String[] lines = new String[tasks.length + 1];
        lines[0] = runWithMetrics();
        System.arraycopy(tasks, 0, lines, 1, tasks.length);
        return analyzer.analyze(ndjson(lines), 0.0).run();
    }

    @Test
    void overlappingTasksAddUp() {
        ResourceRow r = run(
                timed("a", "omics.c.large", 0, 100, "\"cpusReserved\":2,\"cpusAverage\":1.0,\"memoryReservedGiB\":4"),
                timed("b", "omics.c.xlarge", 50, 150, "\"cpusReserved\":4,\"cpusAverage\":3.0,\"memoryReservedGiB\":8"));

        assertEquals(6L, r.cpusReserved()); // 2 + 4 during 50..100, integers stay integers
        assertEquals(12L, r.memoryReservedGiB());
        // (50 s x 1.0 + 50 s x 4.0 + 50 s x 3.0) / 150 s = 400 / 150
        assertEquals(400.0 / 150, r.cpusAverage().doubleValue(), EPS);
        assertNull(r.cpusMaximum()); // no task had it
        assertNull(r.memoryAverageGiB());
    }

    @Test
    void idleGapsCountInTheAverage() {
        ResourceRow r = run(
                timed("a", "omics.c.large", 0, 100, "\"cpusAverage\":2.0,\"cpusMaximum\":2.0"),
                timed("b", "omics.c.large", 200, 300, "\"cpusAverage\":2.0,\"cpusMaximum\":1.5"));

        // (100 s x 2 + 100 s idle x 0 + 100 s x 2) / 300 s
        assertEquals(400.0 / 300, r.cpusAverage().doubleValue(), EPS);
        assertEquals(2.0, r.cpusMaximum()); // decimals stay decimals
    }

    @Test
    void aStartAtTheInstantOfAStopOverlapsForZeroSecondsWhenListedFirst() {
        // upstream orders events per task in manifest order (start, stop) and sorts stably by time: at t=100 the
        // earlier-listed task's event comes first. b is listed first, so its start precedes a's stop: zero-length overlap.
        ResourceRow bFirst = run(
                timed("b", "omics.c.xlarge", 100, 200, "\"cpusReserved\":4"),
                timed("a", "omics.c.large", 0, 100, "\"cpusReserved\":2"));
        assertEquals(6L, bFirst.cpusReserved());

        // listed the other way round, a stops before b starts: never both active
        ResourceRow aFirst = run(
                timed("a", "omics.c.large", 0, 100, "\"cpusReserved\":2"),
                timed("b", "omics.c.xlarge", 100, 200, "\"cpusReserved\":4"));
        assertEquals(4L, aFirst.cpusReserved());
    }

    @Test
    void taskThatNeverStoppedRunsToTheLatestStop() {
        ResourceRow r = run(
                task("\"name\":\"a\",\"startTime\":\"" + Manifests.at(0) + "\",\"metrics\":{\"cpusReserved\":2,\"cpusAverage\":1.0}"),
                timed("b", "omics.c.xlarge", 0, 100, "\"cpusReserved\":4,\"cpusAverage\":2.0"),
                timed("c", "omics.c.2xlarge", 50, 300, "\"cpusReserved\":8,\"cpusAverage\":4.0"));

        // a active 0..300 (synthetic stop at the latest stop, 300): peak during 50..100 is 2 + 4 + 8
        assertEquals(14L, r.cpusReserved());
        // (50 x (1+2) + 50 x (1+2+4) + 200 x (1+4)) / 300 = (150 + 350 + 1000) / 300 = 5
        assertEquals(5.0, r.cpusAverage().doubleValue(), EPS);
    }

    @Test
    void cachedAndUnstartedTasksAreNeverActive() {
        ResourceRow r = run(
                timed("a", "omics.c.large", 0, 100, "\"cpusReserved\":2"),
                task("\"name\":\"cached\",\"metrics\":{\"cpusReserved\":64}"),
                task("\"name\":\"no start\",\"stopTime\":\"" + Manifests.at(50) + "\",\"metrics\":{\"cpusReserved\":32}"));

        assertEquals(2L, r.cpusReserved());
    }

    @Test
    void noTimedTaskLeavesTheColumnsEmpty() {
        ResourceRow r = run(task("\"name\":\"cached\",\"instanceType\":\"omics.c.large\",\"metrics\":{\"cpusReserved\":2}"));

        assertNull(r.cpusReserved());
        assertNull(r.cpusAverage());
        assertNull(r.cpuUtilizationRatio());
    }

    @Test
    void runUtilizationIsPeakMaximumOverPeakReserved() {
        ResourceRow r = run(
                timed("a", "omics.c.large", 0, 100, "\"cpusReserved\":2,\"cpusMaximum\":1,\"memoryReservedGiB\":4,"
                        + "\"memoryMaximumGiB\":3"),
                timed("b", "omics.c.xlarge", 0, 100, "\"cpusReserved\":4,\"cpusMaximum\":2,\"memoryReservedGiB\":8,"
                        + "\"memoryMaximumGiB\":1"));

        assertEquals(3.0 / 6.0, r.cpuUtilizationRatio(), EPS);
        assertEquals(4.0 / 12.0, r.memoryUtilizationRatio(), EPS);
    }

    @Test
    void zeroSpanAveragesAreZero() {
        // every event at one instant: the span is 0 s; upstream (0.14) leaves the weighted sum, 0.0, undivided
        ResourceRow r = run(timed("a", "omics.c.large", 10, 10, "\"cpusReserved\":2,\"cpusAverage\":1.5"));

        assertEquals(2L, r.cpusReserved());
        assertEquals(0.0, r.cpusAverage());
    }
}
