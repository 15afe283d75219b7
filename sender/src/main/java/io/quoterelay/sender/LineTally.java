package io.quoterelay.sender;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One hot-hot line's race record, kept across the reconnects of that line: updates it delivered
 * first (wins), copies that lost the race (duplicates) and how long after the winner they came
 * (the trail, microseconds, 3 significant digits up to one minute). Written on the event loop
 * without locks or allocation ({@link SingleWriterRecorder}); read by the stats and metrics threads.
 */
final class LineTally {
    private static final long HIGHEST_TRAIL_US = TimeUnit.MINUTES.toMicros(1);

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong wins = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong silenceReplacements = new AtomicLong();
    private final SingleWriterRecorder trail = new SingleWriterRecorder(HIGHEST_TRAIL_US, 3);
    // Reader side, under this object's lock.
    private Histogram interval;
    private final Histogram cumulative = new Histogram(HIGHEST_TRAIL_US, 3);

    /** Event loop: one text message read on this line. */
    void onMessage() {
        messages.incrementAndGet();
    }

    void onWin() {
        wins.incrementAndGet();
    }

    /** A lost race; {@code trailNanos} behind the winning copy, or -1 when the winner's time is no longer known. */
    void onDuplicate(long trailNanos) {
        duplicates.incrementAndGet();
        if (trailNanos >= 0) {
            trail.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(trailNanos), HIGHEST_TRAIL_US));
        }
    }

    void onStale() {
        stale.incrementAndGet();
    }

    /** Scheduler: the silence watchdog replaced this line's connection. */
    void onSilenceReplacement() {
        silenceReplacements.incrementAndGet();
    }

    long messages() {
        return messages.get();
    }

    long wins() {
        return wins.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long stale() {
        return stale.get();
    }

    long silenceReplacements() {
        return silenceReplacements.get();
    }

    /** Trail percentiles since start, microseconds: {p50, p99}; zeros before the first lost race. */
    synchronized long[] trailPercentilesUs() {
        interval = trail.getIntervalHistogram(interval);
        cumulative.add(interval);
        if (cumulative.getTotalCount() == 0) {
            return new long[] {0, 0};
        }
        return new long[] {cumulative.getValueAtPercentile(50), cumulative.getValueAtPercentile(99)};
    }
}
