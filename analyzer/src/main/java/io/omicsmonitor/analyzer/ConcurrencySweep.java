package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Metrics;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.List;

/**
 * The run-level concurrency sweep of healthomics.md §3, fixed (each active task summed once), in O(N log N).
 *
 * <p>Events in upstream's stable order: for each task in manifest order its start then its stop, then a synthetic
 * stop at the latest stopTime for every task without a stop; sorted by time, ties kept in that order. Between
 * consecutive events (zero-length intervals included) the sum over the active tasks counts toward the peak and,
 * weighted by the interval's seconds, toward the average, which divides by the event span.
 *
 * <p>Sums are maintained as tasks start and stop rather than recomputed per interval. Integer values (Long) are
 * summed exactly in a long, so runs whose manifests write integer metrics get exactly upstream's numbers. Decimal
 * values are summed with Neumaier's compensated add/subtract, so the running sum does not drift: its error stays
 * near one rounding of the true sum (plus n·eps² of the magnitudes), within 1e-12 relative of upstream's plain sum
 * over the active tasks, which itself carries up to n·eps of rounding. The sum resets to exactly zero whenever no
 * decimal contributor is active.
 */
final class ConcurrencySweep {

    private static final int METRICS = 7;
    private static final boolean[] AVERAGE = {false, false, true, false, false, false, true};

    private ConcurrencySweep() {
    }

    static Concurrency of(List<TaskRecord> tasks, TaskTimes times) {
        int n = tasks.size();
        int[] order = events(times, n);
        if (order.length == 0) {
            return Concurrency.NONE;
        }
        long[] eventTime = new long[order.length];
        int[] eventTask = new int[order.length];
        boolean[] eventStart = new boolean[order.length];
        fill(times, n, order, eventTime, eventTask, eventStart);

        Values values = Values.of(tasks);
        RunningSums sums = new RunningSums();
        boolean[] active = new boolean[n];
        double span = 0.0;

        for (int e = 0; e < order.length; e++) {
            if (e > 0) {
                double secs = TaskTimes.seconds(eventTime[e - 1], eventTime[e]);
                span += secs;
                sums.interval(secs);
            }
            int task = eventTask[e];
            if (eventStart[e]) {
                if (!active[task]) {
                    active[task] = true;
                    sums.add(values, task, 1);
                }
            } else if (active[task]) {
                active[task] = false;
                sums.add(values, task, -1);
            }
        }
        Number[] peak = new Number[METRICS];
        Double[] average = new Double[METRICS];
        for (int k = 0; k < METRICS; k++) {
            if (sums.weightedSeen[k]) {
                // upstream (0.14+) leaves the weighted sum undivided when the span is 0, which makes it 0.0
                average[k] = span > 0 ? sums.weighted[k] / span : sums.weighted[k];
            }
            if (sums.peakSeen[k]) {
                peak[k] = sums.peakExact[k] ? (Number) sums.peakLong[k] : (Number) sums.peakDouble[k];
            }
        }
        return new Concurrency(peak[0], peak[1], average[2], peak[3], peak[4], peak[5], average[6]);
    }

    /** The event indices (start of task i = 2i, its stop = 2i+1, synthetic stops after) in stable time order. */
    private static int[] events(TaskTimes times, int n) {
        long latestStop = TaskTimes.NONE;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (times.start[i] != TaskTimes.NONE) {
                count++;
            }
            if (times.stop[i] != TaskTimes.NONE) {
                count++;
                latestStop = Math.max(latestStop, times.stop[i]);
            }
        }
        if (count == 0) {
            return new int[0];
        }
        // sequence numbers in upstream's insertion order: per task its start then its stop, then the synthetic stops
        long[] time = new long[n * 3];
        int[] seqToId = new int[n * 3];
        int seq = 0;
        for (int i = 0; i < n; i++) {
            if (times.start[i] != TaskTimes.NONE) {
                time[seq] = times.start[i];
                seqToId[seq++] = 2 * i;
            }
            if (times.stop[i] != TaskTimes.NONE) {
                time[seq] = times.stop[i];
                seqToId[seq++] = 2 * i + 1;
            }
        }
        if (latestStop != TaskTimes.NONE) {
            for (int i = 0; i < n; i++) {
                if (times.stop[i] == TaskTimes.NONE) {
                    time[seq] = latestStop;
                    seqToId[seq++] = 2 * n + i;
                }
            }
        }
        int[] sortedSeq = StableOrder.byTime(time, seq);
        int[] order = new int[seq];
        for (int i = 0; i < seq; i++) {
            order[i] = seqToId[sortedSeq[i]];
        }
        return order;
    }

    private static void fill(TaskTimes times, int n, int[] order, long[] eventTime, int[] eventTask,
            boolean[] eventStart) {
        long latestStop = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            latestStop = Math.max(latestStop, times.stop[i]);
        }
        for (int e = 0; e < order.length; e++) {
            int id = order[e];
            if (id >= 2 * n) {
                eventTask[e] = id - 2 * n;
                eventTime[e] = latestStop;
            } else {
                eventTask[e] = id / 2;
                eventStart[e] = id % 2 == 0;
                eventTime[e] = eventStart[e] ? times.start[id / 2] : times.stop[id / 2];
            }
        }
    }

    /** Each task's seven metric values, split into exact integers and decimals, absent ones flagged. */
    private static final class Values {
        final long[] integer;
        final double[] decimal;
        final byte[] kind; // 0 absent, 1 Long, 2 Double; index task * METRICS + k

        private Values(int n) {
            integer = new long[n * METRICS];
            decimal = new double[n * METRICS];
            kind = new byte[n * METRICS];
        }

        static Values of(List<TaskRecord> tasks) {
            Values v = new Values(tasks.size());
            for (int i = 0; i < tasks.size(); i++) {
                Metrics m = tasks.get(i).metrics();
                if (m != null) {
                    v.task(i * METRICS, m);
                }
            }
            return v;
        }

        /* A call per task and value (not one long loop): compiled early in a short-lived process. */
        private void task(int at, Metrics m) {
            value(at, m.cpusReserved());
            value(at + 1, m.cpusMaximum());
            value(at + 2, m.cpusAverage());
            value(at + 3, m.gpusReserved());
            value(at + 4, m.memoryReservedGiB());
            value(at + 5, m.memoryMaximumGiB());
            value(at + 6, m.memoryAverageGiB());
        }

        private void value(int at, Number value) {
            if (value instanceof Long l) {
                integer[at] = l;
                kind[at] = 1;
            } else if (value != null) {
                decimal[at] = value.doubleValue();
                kind[at] = 2;
            }
        }
    }

    /**
     * Per metric: an exact long sum of the integer values, a compensated sum of the decimal ones, and counts; and
     * what the intervals so far made of them (peak, time-weighted sum). The peak is kept as a long or a double
     * rather than a boxed Number, and each interval is one call: a short-lived process runs this sweep mostly
     * before the JIT compiler is done, where a call is compiled far sooner than a long loop.
     */
    private static final class RunningSums {
        final long[] integerSum = new long[METRICS];
        final int[] integerCount = new int[METRICS];
        final double[] decimalSum = new double[METRICS];
        final double[] compensation = new double[METRICS];
        final int[] decimalCount = new int[METRICS];
        final boolean[] peakSeen = new boolean[METRICS];
        final boolean[] peakExact = new boolean[METRICS]; // the peak is the long sum of integers only
        final long[] peakLong = new long[METRICS];
        final double[] peakDouble = new double[METRICS];
        final double[] weighted = new double[METRICS];
        final boolean[] weightedSeen = new boolean[METRICS];

        /** The interval of {@code secs} seconds up to the next event, with the tasks active now. */
        void interval(double secs) {
            for (int k = 0; k < METRICS; k++) {
                if (!any(k)) {
                    continue;
                }
                if (AVERAGE[k]) {
                    weighted[k] += asDouble(k) * secs;
                    weightedSeen[k] = true;
                    continue;
                }
                // the sum as upstream types it: an integer when every active value is one, else a decimal; upstream
                // keeps the first of equal maxima (Python's max), so replace only when greater
                boolean exact = decimalCount[k] == 0;
                long total = integerSum[k];
                double decimal = exact ? 0.0 : asDouble(k);
                boolean greater = !peakSeen[k] || (exact && peakExact[k] ? total > peakLong[k]
                        : (exact ? (double) total : decimal) > (peakExact[k] ? (double) peakLong[k] : peakDouble[k]));
                if (greater) {
                    peakSeen[k] = true;
                    peakExact[k] = exact;
                    peakLong[k] = total;
                    peakDouble[k] = decimal;
                }
            }
        }

        void add(Values values, int task, int sign) {
            for (int k = 0; k < METRICS; k++) {
                int at = task * METRICS + k;
                if (values.kind[at] == 1) {
                    integerSum[k] += sign * values.integer[at];
                    integerCount[k] += sign;
                } else if (values.kind[at] == 2) {
                    decimalCount[k] += sign;
                    if (decimalCount[k] == 0) {
                        decimalSum[k] = 0.0;
                        compensation[k] = 0.0;
                    } else {
                        neumaier(k, sign * values.decimal[at]);
                    }
                }
            }
        }

        private void neumaier(int k, double x) {
            double s = decimalSum[k];
            double t = s + x;
            compensation[k] += Math.abs(s) >= Math.abs(x) ? (s - t) + x : (x - t) + s;
            decimalSum[k] = t;
        }

        boolean any(int k) {
            return integerCount[k] + decimalCount[k] > 0;
        }

        double asDouble(int k) {
            return decimalCount[k] == 0 ? (double) integerSum[k]
                    : integerSum[k] + (decimalSum[k] + compensation[k]);
        }
    }
}
