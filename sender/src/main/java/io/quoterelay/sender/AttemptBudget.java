package io.quoterelay.sender;

import java.util.concurrent.TimeUnit;

/**
 * Binance's limit of 300 connection attempts per 5 minutes per IP, shared by every line of the
 * stream (lines on different source addresses would each have their own, so sharing is the safe
 * side). Scheduler thread only.
 */
final class AttemptBudget {
    static final int MAX_ATTEMPTS = 300;
    static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final long[] attemptTimes = new long[MAX_ATTEMPTS];
    private int next;

    /** 0 and the attempt at {@code nowNanos} is counted; otherwise how long to wait before asking again. */
    long take(long nowNanos) {
        long oldest = attemptTimes[next];
        if (oldest != 0 && nowNanos - oldest < WINDOW_NANOS) {
            return WINDOW_NANOS - (nowNanos - oldest);
        }
        attemptTimes[next] = nowNanos;
        next = (next + 1) % MAX_ATTEMPTS;
        return 0;
    }
}
