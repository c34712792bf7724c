package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.TaskRecord;
import java.util.List;

/**
 * Every task's start and stop, parsed once, in epoch microseconds (upstream's time resolution), {@link #NONE} when
 * absent. Both the per-task costs and the concurrency sweep read them.
 */
final class TaskTimes {

    static final long NONE = Long.MIN_VALUE;

    final long[] start;
    final long[] stop;

    TaskTimes(long[] start, long[] stop) {
        this.start = start;
        this.stop = stop;
    }

    /** Reads the times of tasks [from, to) (parts of the tasks may be read on different threads). */
    void read(List<TaskRecord> tasks, int from, int to) {
        for (int i = from; i < to; i++) {
            TaskRecord task = tasks.get(i);
            start[i] = micros(task.startTime());
            stop[i] = micros(task.stopTime());
        }
    }

    static long micros(String time) {
        return time == null ? NONE : ManifestTimes.epochMicros(time);
    }

    /**
     * Seconds between two instants as Python's {@code timedelta.total_seconds()} gives them: whole microseconds
     * divided by 10^6, one correctly rounded division.
     */
    static double seconds(long fromMicros, long toMicros) {
        return (double) (toMicros - fromMicros) / 1e6;
    }
}
