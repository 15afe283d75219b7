package io.quoterelay.sender;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: the first delay is {@code initial}, each failure doubles it up
 * to {@code max}, and every delay is spread by +/- {@code jitter} so that many senders that lost
 * the same peer do not return in lock-step. Not thread-safe: one owner thread.
 */
final class Backoff {
    private final long initialNs;
    private final long maxNs;
    private final double jitter;
    private long nextNs;
    private int failures;

    public Backoff(Duration initial, Duration max, double jitter) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        this.initialNs = initial.toNanos();
        this.maxNs = max.toNanos();
        this.jitter = jitter;
        this.nextNs = initialNs;
    }

    /** The delay before the next attempt; advances the sequence. */
    public long nextDelayNanos() {
        long base = nextNs;
        nextNs = Math.min(maxNs, nextNs * 2);
        failures++;
        double spread = 1 + jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, (long) (base * spread));
    }

    /** Forces the next delays to start at least at {@code floor} (e.g. after "too many requests"). */
    public void atLeast(Duration floor) {
        nextNs = Math.max(nextNs, Math.min(floor.toNanos(), Math.max(maxNs, floor.toNanos())));
    }

    /** Back to the initial delay: the peer proved healthy. */
    public void reset() {
        nextNs = initialNs;
        failures = 0;
    }

    /** Attempts that failed since the last reset. */
    public int failures() {
        return failures;
    }
}
