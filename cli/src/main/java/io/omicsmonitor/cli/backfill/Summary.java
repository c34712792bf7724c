package io.omicsmonitor.cli.backfill;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The exact outcome of a backfill: what was replayed, skipped as already done, and what failed and why. */
final class Summary {

    /** One failure: what it was (a run id, a workflow id) and the reason. */
    record Failure(ReplayItem.Kind kind, String id, String reason) {
    }

    private final Map<ReplayItem.Kind, Integer> replayed = new EnumMap<>(ReplayItem.Kind.class);
    private final List<Failure> failures = new ArrayList<>();
    private int skipped;
    private String aborted;

    synchronized void replayed(ReplayItem item) {
        replayed.merge(item.kind(), 1, Integer::sum);
    }

    synchronized void skipped(int count) {
        skipped += count;
    }

    synchronized void failed(ReplayItem.Kind kind, String id, String reason) {
        failures.add(new Failure(kind, id, reason));
    }

    synchronized void abort(String reason) {
        if (aborted == null) {
            aborted = reason;
        }
    }

    synchronized String aborted() {
        return aborted;
    }

    synchronized int replayedCount() {
        return replayed.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int replayed(ReplayItem.Kind kind) {
        return replayed.getOrDefault(kind, 0);
    }

    synchronized int skippedCount() {
        return skipped;
    }

    synchronized List<Failure> failures() {
        return List.copyOf(failures);
    }

    synchronized boolean clean() {
        return failures.isEmpty() && aborted == null;
    }

    synchronized void print(PrintWriter out) {
        out.printf("replayed: %d (runs %d, workflows %d, workflow versions %d)%n", replayedCount(),
                replayed(ReplayItem.Kind.RUN), replayed(ReplayItem.Kind.WORKFLOW),
                replayed(ReplayItem.Kind.WORKFLOW_VERSION));
        out.printf("skipped:  %d (already done in an earlier backfill)%n", skipped);
        out.printf("failed:   %d%n", failures.size());
        for (Failure f : failures) {
            out.printf("  %s %s: %s%n", f.kind().label, f.id(), f.reason());
        }
        if (aborted != null) {
            out.printf("stopped early: %s%n", aborted);
        }
    }
}
