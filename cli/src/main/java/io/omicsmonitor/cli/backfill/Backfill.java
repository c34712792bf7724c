package io.omicsmonitor.cli.backfill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omicsmonitor.cli.AwsFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Replays items with bounded concurrency: items already in the checkpoint are skipped; the rest go in batches (of the
 * target's size) to a fixed pool of workers; each worker turns its items into events (GetRun for runs), sends them,
 * and records the delivered ones in the checkpoint before taking the next batch. A fatal failure (no credentials, no
 * permission) stops the workers from starting further batches.
 */
final class Backfill {

    private final Function<ReplayItem, ObjectNode> events;
    private final ReplayTarget target;
    private final Checkpoint checkpoint;
    private final int concurrency;
    private final Progress progress;

    /** @param events builds an item's replay event; an exception means the item failed (its message is the reason) */
    Backfill(Function<ReplayItem, ObjectNode> events, ReplayTarget target, Checkpoint checkpoint, int concurrency,
             Progress progress) {
        this.events = events;
        this.target = target;
        this.checkpoint = checkpoint;
        this.concurrency = concurrency;
        this.progress = progress;
    }

    void run(List<ReplayItem> items, Summary summary) {
        List<ReplayItem> todo = new ArrayList<>();
        for (ReplayItem item : items) {
            if (checkpoint.isDone(item.key())) {
                summary.skipped(1);
            } else {
                todo.add(item);
            }
        }
        progress.start(todo.size());
        ExecutorService workers = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "backfill-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < todo.size(); from += target.batchSize()) {
                List<ReplayItem> batch = todo.subList(from, Math.min(todo.size(), from + target.batchSize()));
                batches.add(workers.submit(() -> replay(batch, summary)));
            }
            for (Future<?> batch : batches) {
                try {
                    batch.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    summary.abort("interrupted");
                    return;
                } catch (ExecutionException e) {
                    summary.abort("a worker failed: " + e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
            progress.finish();
        }
    }

    private void replay(List<ReplayItem> batch, Summary summary) {
        if (summary.aborted() != null) {
            return;
        }
        List<ReplayItem> ready = new ArrayList<>();
        List<ObjectNode> readyEvents = new ArrayList<>();
        int failed = 0;
        try {
            for (ReplayItem item : batch) {
                try {
                    readyEvents.add(events.apply(item));
                    ready.add(item);
                } catch (RuntimeException e) {
                    if (Failures.isFatal(e)) {
                        throw e;
                    }
                    summary.failed(item.kind(), item.id(), e.getMessage());
                    failed++;
                }
            }
            List<String> outcomes;
            try {
                outcomes = readyEvents.isEmpty() ? List.of() : target.send(readyEvents);
            } catch (RuntimeException e) {
                if (Failures.isFatal(e)) {
                    throw e;
                }
                String reason = AwsFailures.reason("replay", e);
                outcomes = java.util.Collections.nCopies(readyEvents.size(), reason);
            }
            List<String> done = new ArrayList<>();
            for (int i = 0; i < ready.size(); i++) {
                ReplayItem item = ready.get(i);
                if (outcomes.get(i) == null) {
                    done.add(item.key());
                    summary.replayed(item);
                } else {
                    summary.failed(item.kind(), item.id(), outcomes.get(i));
                    failed++;
                }
            }
            checkpoint.markDone(done);
        } catch (RuntimeException e) {
            if (!Failures.isFatal(e)) {
                throw e;
            }
            summary.abort(Failures.advice(e));
            return;
        }
        progress.advance(batch.size(), failed);
    }
}
