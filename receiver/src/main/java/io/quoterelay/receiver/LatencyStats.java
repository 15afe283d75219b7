package io.quoterelay.receiver;

import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Latency histograms: recorded on the I/O thread without locks ({@link SingleWriterRecorder}),
 * harvested under a lock by whoever asks (the stats reporter or {@link RelayReceiver#stats()}).
 * Each harvest adds to both the running interval and the cumulative histogram, so no sample is
 * lost or counted twice at an interval's rollover, whoever harvested it.
 *
 * <p>Values are nanoseconds with 3 significant digits, up to {@value #MAX_TRACKABLE_NS} ns;
 * values outside [0, max] are clamped and counted, because a histogram throws on them and a
 * skewed raw clock can make latency negative.
 */
final class LatencyStats {
    static final long MAX_TRACKABLE_NS = 60_000_000_000L;
    private static final int DIGITS = 3;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(MAX_TRACKABLE_NS, DIGITS);
    private final Counter clamped = new Counter();
    private Histogram recycled;
    private final Histogram interval = new Histogram(MAX_TRACKABLE_NS, DIGITS);
    private final Histogram cumulative = new Histogram(MAX_TRACKABLE_NS, DIGITS);

    /** I/O thread only. */
    void record(long valueNs) {
        if (valueNs < 0) {
            clamped.increment();
            valueNs = 0;
        } else if (valueNs > MAX_TRACKABLE_NS) {
            clamped.increment();
            valueNs = MAX_TRACKABLE_NS;
        }
        recorder.recordValue(valueNs);
    }

    long clamped() {
        return clamped.get();
    }

    /**
     * Applies {@code reader} to the cumulative histogram (harvested first) under the lock, without
     * copying it: for metrics scrapes, which should not allocate a histogram each time.
     */
    synchronized <T> T readCumulative(Function<Histogram, T> reader) {
        recycled = recorder.getIntervalHistogram(recycled);
        interval.add(recycled);
        cumulative.add(recycled);
        return reader.apply(cumulative);
    }

    /**
     * Summaries of the interval (since the last {@code rollover}) and cumulative histograms, read
     * in place under the lock: a few hundred bytes per call instead of copies of both histograms
     * (~220 KB each), so {@code stats()} is cheap enough to call every second.
     */
    synchronized LatencySummary[] summarize(boolean rollover) {
        recycled = recorder.getIntervalHistogram(recycled);
        interval.add(recycled);
        cumulative.add(recycled);
        LatencySummary[] result = {LatencySummary.of(interval), LatencySummary.of(cumulative)};
        if (rollover) {
            interval.reset();
        }
        return result;
    }
}
