package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.Manifest;
import io.omicsmonitor.manifest.ManifestTimes;
import io.omicsmonitor.manifest.RunRecord;
import io.omicsmonitor.manifest.TaskRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Upstream's {@code --timeline} CSV: for the run and each task, the seconds it was pending (from the run's creation
 * to its own), starting (its creation to its start: waiting for an instance, pulling the image) and running (start to
 * stop). Columns {@code resource,pending,starting,running}, the resource labelled as upstream labels it
 * ({@code task/4803149 (name=SplitFastq,cpus=4,memory=8)}: name, cpus, gpus, memory when present and non-zero).
 *
 * <p>Differences from upstream, which fail or mislead on real manifests:
 * <ul>
 *   <li>a time that is missing leaves its cells empty (a call-cached task has no times: all three; a task cancelled
 *       before it started: starting and running); upstream stops with a TypeError at the first such task;</li>
 *   <li>pending counts from the run's creation; upstream counts from the first record after sorting by creation
 *       time, which is a call-cached task (sorted as 1970) whenever the run has one;</li>
 *   <li>the run comes first, then the tasks by creation time, those without one last, ties in manifest order.</li>
 * </ul>
 * Seconds are exact to the microsecond and printed as Python prints the float (shortest form, at least one decimal).
 */
public final class Timeline {

    public static final String HEADER = "resource,pending,starting,running";

    private Timeline() {
    }

    /** Writes the header and the rows of each manifest, one run after the other. */
    public static void write(List<Manifest> manifests, Appendable out) {
        try {
            out.append(HEADER).append('\n');
            for (Manifest manifest : manifests) {
                rows(manifest, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Row(long created, int order, TaskRecord task) {
    }

    private static void rows(Manifest manifest, Appendable out) throws IOException {
        RunRecord run = manifest.run();
        long origin = micros(run.creationTime());
        row(run.arn(), run.name(), null, null, null, origin, origin, micros(run.startTime()), micros(run.stopTime()),
                out);
        List<Row> tasks = new ArrayList<>(manifest.tasks().size());
        for (int i = 0; i < manifest.tasks().size(); i++) {
            TaskRecord task = manifest.tasks().get(i);
            tasks.add(new Row(micros(task.creationTime()), i, task));
        }
        tasks.sort(Comparator.comparingLong(Row::created).thenComparingInt(Row::order)); // NONE is Long.MAX_VALUE
        for (Row r : tasks) {
            TaskRecord t = r.task();
            row(t.arn(), t.name(), t.cpus(), t.gpus(), t.memory(), origin, r.created(), micros(t.startTime()),
                    micros(t.stopTime()), out);
        }
    }

    private static final long NONE = Long.MAX_VALUE;

    private static long micros(String time) {
        return time == null ? NONE : ManifestTimes.epochMicros(time);
    }

    private static void row(String arn, String name, Number cpus, Number gpus, Number memory, long origin,
            long created, long start, long stop, Appendable out) throws IOException {
        StringBuilder label = new StringBuilder(Arns.resourceType(arn)).append('/').append(id(arn));
        List<String> attrs = new ArrayList<>(4);
        if (name != null && !name.isEmpty()) {
            attrs.add("name=" + name);
        }
        attr(attrs, "cpus", cpus);
        attr(attrs, "gpus", gpus);
        attr(attrs, "memory", memory);
        if (!attrs.isEmpty()) {
            label.append(" (").append(String.join(",", attrs)).append(')');
        }
        out.append(CsvCells.quote(label.toString())).append(',').append(seconds(origin, created)).append(',')
                .append(seconds(created, start)).append(',').append(seconds(start, stop)).append('\n');
    }

    private static void attr(List<String> attrs, String key, Number value) {
        if (TaskRows.truthy(value)) {
            attrs.add(key + "=" + (value instanceof Double d ? pythonFloat(d) : value.toString()));
        }
    }

    private static String id(String arn) {
        return arn.substring(Math.max(arn.lastIndexOf('/'), arn.lastIndexOf(':')) + 1);
    }

    /** Seconds between two instants; empty when either is unknown. */
    static String seconds(long from, long to) {
        if (from == NONE || to == NONE) {
            return "";
        }
        BigDecimal s = BigDecimal.valueOf(to - from, 6).stripTrailingZeros();
        return s.scale() <= 0 ? s.setScale(1).toPlainString() : s.toPlainString();
    }

    /** Python's str(float) for the values a manifest holds (no exponent below 10^16). */
    private static String pythonFloat(double d) {
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        return b.scale() <= 0 ? b.setScale(1).toPlainString() : b.toPlainString();
    }
}
