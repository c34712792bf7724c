package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.timed;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class AnalyzerProperties {

    /**
     * Prices shaped like AWS's: linear in vCPUs within a family, dearer per vCPU as memory per vCPU grows
     * (c < m < r, each step at most 4/3: the us-east-1 defaults' 0.057375, 0.0648, 0.08505 $/vCPU-h).
     * The walk picks the fewest vCPUs, not the lowest price, so "any price growing with vCPUs and memory" is not
     * enough: jqwik found m.16xlarge (64 vCPU, 256 GiB) with maxima (32.64, 194.56) -> r.12xlarge (48, 384 GiB),
     * dearer when memory is priced steeply (0.03 $/vCPU + 0.005 $/GiB: 3.36 > 3.20 $/h).
     */
    private static final PriceBook GROWING = (region, type) -> {
        if (!InstanceSelector.isComputeFamily(type)) {
            return OptionalDouble.of(0.0002);
        }
        String[] parts = type.split("\\.");
        for (int s = 0; s < InstanceSelector.SIZES.length; s++) {
            if (InstanceSelector.SIZES[s].equals(parts[2])) {
                long cpus = InstanceSelector.SIZE_CPUS[s];
                double perCpu = switch (parts[1]) { case "c" -> 0.057375; case "m" -> 0.0648; default -> 0.08505; };
                return OptionalDouble.of(perCpu * cpus);
            }
        }
        return OptionalDouble.empty();
    };

    @Property
    boolean recommendationFitsTheMaximaWithHeadroom(@ForAll @DoubleRange(min = 0.01, max = 250) double cpusMaximum,
            @ForAll @DoubleRange(min = 0.01, max = 2000) double memoryMaximum,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double headroom) {
        ResourceRow t = new RunAnalyzer(GROWING).analyze(ndjson(runWithMetrics(), timed("t", "omics.r.48xlarge", 0, 60,
                "\"cpusReserved\":192,\"cpusMaximum\":" + cpusMaximum + ",\"memoryReservedGiB\":1536,"
                        + "\"memoryMaximumGiB\":" + memoryMaximum)), headroom).tasks().get(0);
        if (InstanceSelector.REQUIREMENTS_EXCEED_LARGEST_INSTANCE.equals(t.omicsInstanceTypeMinimum())) {
            return cpusMaximum * (1 + headroom) > 192 || memoryMaximum * (1 + headroom) > 1536;
        }
        return t.recommendedCpus().doubleValue() >= cpusMaximum * (1 + headroom)
                && t.recommendedMemoryGiB().doubleValue() >= memoryMaximum * (1 + headroom);
    }

    @Property
    boolean atZeroHeadroomTheMinimumNeverExceedsTheEstimate(@ForAll("reservedTasks") TaskShape task) {
        ResourceRow t = new RunAnalyzer(GROWING).analyze(ndjson(runWithMetrics(), timed("t", task.type, 0, task.seconds,
                "\"cpusReserved\":" + task.cpus + ",\"cpusMaximum\":" + task.cpusMaximum + ",\"memoryReservedGiB\":"
                        + task.memory + ",\"memoryMaximumGiB\":" + task.memoryMaximum)), 0.0).tasks().get(0);
        return t.minimumUSD() <= t.estimatedUSD();
    }

    @Property
    boolean peakIsNeverBelowAnyTaskAndAverageNeverAbovePeak(@ForAll("spanLists") List<long[]> spans) {
        List<String> lines = new ArrayList<>();
        lines.add(runWithMetrics());
        long[] cpus = new long[spans.size()];
        for (int i = 0; i < spans.size(); i++) {
            long[] s = spans.get(i);
            cpus[i] = s[2];
            lines.add(timed("t" + i, "omics.c.large", s[0], s[0] + s[1],
                    "\"cpusReserved\":" + s[2] + ",\"cpusAverage\":" + (s[2] / 2.0)));
        }
        ResourceRow run = new RunAnalyzer(GROWING).analyze(ndjson(lines.toArray(String[]::new)), 0.0).run();
        long peak = run.cpusReserved().longValue();
        for (long c : cpus) {
            if (peak < c) {
                return false;
            }
        }
        // the average sum of halves can never exceed half the peak of the sums
        return run.cpusAverage().doubleValue() <= peak / 2.0 * (1 + 1e-12);
    }

    /** Up to 40 tasks: {start second, length in seconds (0 allowed), cpusReserved}. */
    @Provide
    Arbitrary<List<long[]>> spanLists() {
        return Combinators.combine(Arbitraries.longs().between(0, 5000), Arbitraries.longs().between(0, 3000),
                Arbitraries.longs().between(1, 96)).as((start, length, cpus) -> new long[] {start, length, cpus})
                .list().ofMinSize(1).ofMaxSize(40);
    }

    record TaskShape(String type, long cpus, long memory, double cpusMaximum, double memoryMaximum, long seconds) {
    }

    @Provide
    Arbitrary<TaskShape> reservedTasks() {
        Arbitrary<Integer> size = Arbitraries.integers().between(0, InstanceSelector.SIZES.length - 1);
        Arbitrary<Integer> family = Arbitraries.integers().between(0, 2);
        Arbitrary<Double> cpuUse = Arbitraries.doubles().between(0.01, 1.0);
        Arbitrary<Double> memoryUse = Arbitraries.doubles().between(0.01, 1.0);
        Arbitrary<Long> seconds = Arbitraries.longs().between(1, 86_400);
        return Combinators.combine(size, family, cpuUse, memoryUse, seconds).as((s, f, cu, mu, secs) -> {
            long cpus = InstanceSelector.SIZE_CPUS[s];
            long memory = cpus * InstanceSelector.GIB_PER_CPU[f];
            String type = "omics." + InstanceSelector.FAMILIES[f] + "." + InstanceSelector.SIZES[s];
            return new TaskShape(type, cpus, memory, cpus * cu, memory * mu, secs);
        });
    }
}
