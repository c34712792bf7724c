package io.omicsmonitor.cli.backfill;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket: at most {@code ratePerSecond} permits a second on average, bursts of up to one second's worth.
 * A caller that finds the bucket empty reserves the next token and sleeps until it is due, so waiting callers are
 * served in the order they came and the rate holds across threads.
 */
final class TokenBucket {

    private final double ratePerSecond;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    TokenBucket(double ratePerSecond) {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("the rate must be a positive number of calls per second, not " + ratePerSecond);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = Math.max(1.0, ratePerSecond);
        this.tokens = capacity;
        this.lastNanos = System.nanoTime();
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    /** Takes one permit, sleeping until it is due. */
    void acquire() {
        long waitNanos;
        synchronized (this) {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - lastNanos) / 1e9 * ratePerSecond);
            lastNanos = now;
            tokens -= 1.0; // below zero it is a reservation of a token not yet refilled
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / ratePerSecond * 1e9);
        }
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the rate limit", e);
            }
        }
    }
}
