package io.omicsmonitor.reliability;

/** Counts the faults the suite injects, for docs/reliability.md. */
final class FaultCounts {

    private FaultCounts() {
    }

    static void tried(String fault) {
        Figures.record("fault", fault);
    }
}
