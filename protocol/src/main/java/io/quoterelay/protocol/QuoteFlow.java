package io.quoterelay.protocol;

import java.util.function.LongSupplier;

/**
 * When did the last quote arrive? Answered without touching the quote path: a timer samples the
 * service's own cumulative quote counter (once a second) and remembers when it last moved. The
 * answer is therefore late by at most one sampling period. Internal; not part of the receiver's
 * embedding API.
 */
public final class QuoteFlow {
    private final LongSupplier quoteCount;
    private final LongSupplier nanoTime;
    private long lastCount;
    private long lastChangeNanoTime;
    private boolean anyQuote;

    /** {@code nanoTime} is a monotonic clock ({@code System::nanoTime}); tests pass their own. */
    public QuoteFlow(LongSupplier quoteCount, LongSupplier nanoTime) {
        this.quoteCount = quoteCount;
        this.nanoTime = nanoTime;
        this.lastCount = quoteCount.getAsLong();
        this.lastChangeNanoTime = nanoTime.getAsLong();
    }

    /** Called periodically (and before each answer) by whoever owns the timer. */
    public synchronized void sample() {
        long c = quoteCount.getAsLong();
        if (c != lastCount) {
            lastCount = c;
            lastChangeNanoTime = nanoTime.getAsLong();
            anyQuote = true;
        }
    }

    /** Whether any quote arrived since this monitor started. */
    public synchronized boolean anyQuote() {
        sample();
        return anyQuote;
    }

    /**
     * Nanoseconds since the counter last moved (or since start, when no quote ever arrived).
     */
    public synchronized long nanosSinceLastQuote() {
        sample();
        return nanoTime.getAsLong() - lastChangeNanoTime;
    }
}
