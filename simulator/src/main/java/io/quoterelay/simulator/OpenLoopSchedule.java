package io.quoterelay.simulator;

/**
 * Open-loop pacing: message {@code k} (from 0) is due at {@code startNs + ceil(k * 1e9 / rate)}.
 * Due times come from the index, never from when the previous message went out, so oversleeping
 * or a slow send never shifts later messages (no drift); a sender that fell behind finds several
 * messages due at once and sends them back to back. This is how a fixed-rate load generator avoids
 * coordinated omission: a message's intended time is {@link #dueNanos(long)}, whatever happened.
 *
 * <p>Pure arithmetic on {@code long}s: no clock inside, so tests drive it with made-up times.
 */
public final class OpenLoopSchedule {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Above this, {@code (k % rate) * 1e9} could overflow a long. */
    static final long MAX_RATE_PER_SECOND = 1_000_000_000L;

    private final long startNs;
    private final long ratePerSecond;

    public OpenLoopSchedule(long startNs, long ratePerSecond) {
        if (ratePerSecond < 1 || ratePerSecond > MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException(
                "ratePerSecond must be 1.." + MAX_RATE_PER_SECOND + ", was " + ratePerSecond);
        }
        this.startNs = startNs;
        this.ratePerSecond = ratePerSecond;
    }

    public long startNs() {
        return startNs;
    }

    public long ratePerSecond() {
        return ratePerSecond;
    }

    /** When message {@code k} is due; split in whole seconds and remainder so it cannot overflow. */
    public long dueNanos(long k) {
        long wholeSeconds = k / ratePerSecond;
        long remainder = k % ratePerSecond;
        return startNs + wholeSeconds * NANOS_PER_SECOND
            + (remainder * NANOS_PER_SECOND + ratePerSecond - 1) / ratePerSecond;
    }

    /** How many messages are due at {@code nowNs}: the count of {@code k} with {@code dueNanos(k) <= nowNs}. */
    public long dueCount(long nowNs) {
        long elapsed = nowNs - startNs;
        if (elapsed < 0) {
            return 0;
        }
        return (elapsed / NANOS_PER_SECOND) * ratePerSecond
            + (elapsed % NANOS_PER_SECOND) * ratePerSecond / NANOS_PER_SECOND + 1;
    }
}
