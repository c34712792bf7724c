package io.omicsmonitor.analyzer;

import io.omicsmonitor.manifest.PartThreads;

/**
 * Work on items 0..n-1 split into contiguous parts run at once ({@link PartThreads}): part 0 on the calling thread,
 * each other part on a thread of its own. A short-lived analysis spends its time in cold code, where a second core halves the wall time.
 * Plain threads and a subclass per use (no executor, no lambda): each of those would cost a short process more
 * class loading and set-up than a part saves. Callers keep results in order themselves (an array slot per item) and,
 * when a part fails, do the work again on one thread so that the error is the one a sequential run gives.
 */
abstract class Parts {

    private static final int MAX_PARTS = 4;

    /** How many parts for {@code items}: one per processor (at most 4), each of at least {@code minPerPart} items. */
    static int count(int items, int minPerPart) {
        int processors = Math.min(Runtime.getRuntime().availableProcessors(), MAX_PARTS);
        return Math.max(1, Math.min(processors, items / minPerPart));
    }

    /** Does the items [from, to); {@code part} numbers the part (0 is the first items). */
    abstract void run(int part, int from, int to) throws Exception;

    /**
     * Runs the parts of items [0, n) and waits for all of them.
     *
     * @return each part's failure, null where it succeeded
     */
    final Throwable[] runAll(int n, int parts) {
        Throwable[] failures = new Throwable[parts];
        Thread[] workers = new Thread[parts];
        for (int k = 0; k < parts; k++) {
            workers[k] = new Worker(this, k, from(n, parts, k), from(n, parts, k + 1), failures);
        }
        PartThreads.runAll(workers);
        return failures;
    }

    /** The first item of part {@code k} of {@code parts} over n items. */
    static int from(int n, int parts, int k) {
        return (int) ((long) n * k / parts);
    }

    static boolean anyFailed(Throwable[] failures) {
        for (Throwable failure : failures) {
            if (failure != null) {
                return true;
            }
        }
        return false;
    }

    private static final class Worker extends Thread {
        private final Parts work;
        private final int part;
        private final int from;
        private final int to;
        private final Throwable[] failures;

        Worker(Parts work, int part, int from, int to, Throwable[] failures) {
            super("analyzer-part");
            setDaemon(true);
            this.work = work;
            this.part = part;
            this.from = from;
            this.to = to;
            this.failures = failures;
        }

        @Override
        public void run() {
            try {
                work.run(part, from, to);
            } catch (Throwable e) {
                failures[part] = e;
            }
        }
    }
}
