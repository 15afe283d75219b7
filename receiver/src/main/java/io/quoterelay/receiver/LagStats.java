package io.quoterelay.receiver;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * How much later a line's copies arrive than the winning copies, cumulative: 1 µs to 10 s with 2
 * significant digits (a lag is a judgement of which line to keep, not a latency to the
 * microsecond), so a line's histograms stay small. Recorded on the I/O thread, read by any.
 */
final class LagStats {
    private static final long LOWEST_NS = 1_000;
    private static final long HIGHEST_NS = 10_000_000_000L;
    private static final int DIGITS = 2;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(LOWEST_NS, HIGHEST_NS, DIGITS);
    private final Histogram cumulative = new Histogram(LOWEST_NS, HIGHEST_NS, DIGITS);
    private Histogram recycled;

    /** I/O thread only. */
    void record(long lagNs) {
        recorder.recordValue(Math.max(LOWEST_NS, Math.min(HIGHEST_NS, lagNs)));
    }

    synchronized LatencySummary summarize() {
        recycled = recorder.getIntervalHistogram(recycled);
        cumulative.add(recycled);
        return LatencySummary.of(cumulative);
    }
}
