package io.omicsmonitor.analyzer;

import static io.omicsmonitor.analyzer.Manifests.ndjson;
import static io.omicsmonitor.analyzer.Manifests.runWithMetrics;
import static io.omicsmonitor.analyzer.Manifests.timed;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The O(N log N) sweep against upstream's O(N^2) form: rescan the active tasks (in activation order) per interval. */
class SweepMatchesNaiveProperties {

    @Property(tries = 300)
    boolean peakAndAverageMatchTheNaiveSweep(@ForAll("tasks") List<double[]> tasks) {
        List<String> lines = new ArrayList<>();
        lines.add(runWithMetrics());
        for (int i = 0; i < tasks.size(); i++) {
            double[] t = tasks.get(i);
            lines.add(timed("t" + i, "omics.c.large", (long) t[0], (long) (t[0] + t[1]),
                    "\"cpusMaximum\":" + t[2] + ",\"cpusAverage\":" + t[3]));
        }
        ResourceRow run = new RunAnalyzer(Manifests.PRICES).analyze(ndjson(lines.toArray(String[]::new)), 0.0).run();
        double[] naive = naive(tasks);
        return close(run.cpusMaximum().doubleValue(), naive[0]) && close(run.cpusAverage().doubleValue(), naive[1]);
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-12 * Math.max(1.0, Math.abs(b));
    }

    /** {peak of cpusMaximum sums, time-weighted mean of cpusAverage sums}, the way upstream computes them. */
    private static double[] naive(List<double[]> tasks) {
        List<long[]> events = new ArrayList<>(); // {time, isStart, index}
        for (int i = 0; i < tasks.size(); i++) {
            events.add(new long[] {(long) tasks.get(i)[0], 1, i});
            events.add(new long[] {(long) (tasks.get(i)[0] + tasks.get(i)[1]), 0, i});
        }
        events.sort((x, y) -> Long.compare(x[0], y[0])); // stable
        List<Integer> active = new ArrayList<>();
        double peak = Double.NEGATIVE_INFINITY;
        double weighted = 0.0;
        double span = 0.0;
        for (int e = 0; e < events.size(); e++) {
            if (e > 0) {
                double secs = events.get(e)[0] - events.get(e - 1)[0];
                span += secs;
                if (!active.isEmpty()) {
                    double max = 0.0;
                    double avg = 0.0;
                    for (int i : active) {
                        max += tasks.get(i)[2];
                        avg += tasks.get(i)[3];
                    }
                    peak = Math.max(peak, max);
                    weighted += avg * secs;
                }
            }
            long[] ev = events.get(e);
            if (ev[1] == 1) {
                active.add((int) ev[2]);
            } else {
                active.remove(Integer.valueOf((int) ev[2]));
            }
        }
        return new double[] {peak, span > 0 ? weighted / span : weighted};
    }

    /**
     * Up to 200 tasks {start s, length s, cpusMaximum, cpusAverage} with decimals of very different magnitudes, six
     * orders apart, up to the parser's bound for a task's vCPUs (1,000).
     */
    @Provide
    Arbitrary<List<double[]>> tasks() {
        Arbitrary<Double> value = Arbitraries.oneOf(Arbitraries.doubles().between(0.001, 1.0).ofScale(9),
                Arbitraries.doubles().between(1, 192).ofScale(4), Arbitraries.doubles().between(500, 1000).ofScale(3));
        return Combinators.combine(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 2_000),
                value, value).as((start, length, max, avg) -> new double[] {start, length, max, avg})
                .list().ofMinSize(1).ofMaxSize(200);
    }
}
