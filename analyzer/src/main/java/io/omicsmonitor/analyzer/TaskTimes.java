package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.TaskRecord;
import java.time.Instant;
import java.util.List;

/**
 * Every task's start and stop, parsed once, in epoch microseconds (upstream's time resolution), {@link #NONE} when
 * absent. Both the per-task costs and the concurrency sweep read them.
 */
final class TaskTimes {

    static final long NONE = Long.MIN_VALUE;

    final long[] start;
    final long[] stop;

    private TaskTimes(long[] start, long[] stop) {
        this.start = start;
        this.stop = stop;
    }

    static TaskTimes of(List<TaskRecord> tasks) {
        long[] start = new long[tasks.size()];
        long[] stop = new long[tasks.size()];
        for (int i = 0; i < start.length; i++) {
            TaskRecord task = tasks.get(i);
            start[i] = micros(task.startTime());
            stop[i] = micros(task.stopTime());
        }
        return new TaskTimes(start, stop);
    }

    static long micros(String time) {
        Instant t = ManifestTimes.parse(time);
        return t == null ? NONE : Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    /**
     * Seconds between two instants as Python's {@code timedelta.total_seconds()} gives them: whole microseconds
     * divided by 10^6, one correctly rounded division.
     */
    static double seconds(long fromMicros, long toMicros) {
        return (double) (toMicros - fromMicros) / 1e6;
    }
}
