package io.omicsmonitor.analyzer;

/**
 * The STATIC run storage HealthOmics bills for a requested capacity: 1200 GiB up to 1200, else the next multiple of
 * 2400 GiB.
 */
final class StaticStorage {

    static final long MINIMUM_GIB = 1200;
    static final long INCREMENT_GIB = 2400;

    private StaticStorage() {
    }

    /**
     * staticGiB(c) as healthomics.md §3 states it: {@code 2400 x ceil(c / 2400)}. Upstream computes
     * {@code int((c + 2399) / 2400) * 2400}, which agrees for whole GiB and differs only for fractional c within
     * 1 GiB above a multiple of 2400 (e.g. 2400.5 -> upstream 2400, here 4800): ceil is the size that holds c.
     */
    static long gib(Double capacity) {
        if (capacity == null || capacity == 0.0 || capacity <= MINIMUM_GIB) {
            return MINIMUM_GIB;
        }
        return (long) Math.ceil(capacity / INCREMENT_GIB) * INCREMENT_GIB;
    }
}
