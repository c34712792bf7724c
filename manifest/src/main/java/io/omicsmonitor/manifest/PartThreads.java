package io.omicsmonitor.manifest;

/**
 * Runs the parts of one piece of work at once: the first on the calling thread, each other on its own (the parts are
 * threads not yet started), and waits for all of them. Shared by the manifest's parallel reading ({@link NdjsonParts})
 * and the analyzer's parallel steps.
 */
public final class PartThreads {

    private PartThreads() {
    }

    /** Returns when every part has ended. An interrupt meanwhile is kept for the caller, not acted on. */
    public static void runAll(Thread[] parts) {
        for (int k = 1; k < parts.length; k++) {
            parts[k].start();
        }
        parts[0].run();
        boolean interrupted = false;
        for (int k = 1; k < parts.length; k++) {
            while (parts[k].isAlive()) {
                try {
                    parts[k].join();
                } catch (InterruptedException e) {
                    interrupted = true; // the parts end on their own: wait for them, then keep the interrupt
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
