package io.quoterelay.sender;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Exchange-to-sender time of quotes that carry an exchange event time ({@code E}, USD-M and COIN-M;
 * spot has none), in two forms, because the exchange's clock and the sender's differ by an offset
 * nobody knows and people mistake seconds of skew for latency:
 * <ul>
 *   <li><b>raw</b> = sender receive time - E. Includes the clock offset, so it may be negative.</li>
 *   <li><b>excess over minimum</b> = raw - the smallest raw seen so far. The offset cancels; what
 *       remains is queueing, bursts and stalls on the way (relative to the best case observed).</li>
 * </ul>
 * Microsecond resolution (E itself is in milliseconds), 3 significant digits, up to one hour;
 * larger magnitudes are clamped. Negative raw values go to a histogram of magnitudes so no value is
 * lost or throws. Recorded on the sender's event loop, where every Binance connection runs (a
 * {@link Recorder}, so a writer on another thread would be safe too), read as intervals by the stats thread.
 */
final class ExchangeLatency {
    static final long HIGHEST_US = 3_600_000_000L;

    private final Recorder positive = new Recorder(HIGHEST_US, 3);
    private final Recorder negative = new Recorder(HIGHEST_US, 3);
    private final Recorder excess = new Recorder(HIGHEST_US, 3);
    private final AtomicLong minRawUs = new AtomicLong(Long.MAX_VALUE);
    private volatile boolean anySample;
    private volatile boolean anyWithoutExchangeTime;

    private Histogram positiveInterval;
    private Histogram negativeInterval;
    private Histogram excessInterval;
    // Harvested excess not yet reported by interval(), and everything since start (for metrics):
    // a metrics scrape harvests too, so interval() must not rely on the recorder alone.
    private final Histogram excessPending = new Histogram(HIGHEST_US, 3);
    private final Histogram excessCumulative = new Histogram(HIGHEST_US, 3);

    /** Event loop: one quote received at {@code receiveNs} (epoch ns) that the exchange stamped {@code eventTimeMs}. */
    public void record(long receiveNs, long eventTimeMs) {
        long rawUs = Math.floorDiv(receiveNs - eventTimeMs * 1_000_000L, 1_000L);
        long min = minRawUs.get();
        if (rawUs < min) {
            min = minRawUs.accumulateAndGet(rawUs, Math::min);
        }
        if (rawUs >= 0) {
            positive.recordValue(Math.min(rawUs, HIGHEST_US));
        } else {
            negative.recordValue(Math.min(-rawUs, HIGHEST_US));
        }
        excess.recordValue(Math.min(rawUs - min, HIGHEST_US));
        if (!anySample) {
            anySample = true;
        }
    }

    /** Event loop: one quote without an exchange time arrived (spot's bookTicker has none). */
    public void recordAbsent() {
        if (!anyWithoutExchangeTime) {
            anyWithoutExchangeTime = true;
        }
    }

    /**
     * Whether the stream is known to carry no exchange time: a quote without one arrived and none
     * with one. Judged from quotes seen, not from the configured market, because before the first
     * quote nothing is known (and a custom URL may be either market).
     */
    public boolean streamLacksExchangeTime() {
        return anyWithoutExchangeTime && !anySample;
    }

    /** Stats thread: the distributions since the previous call. */
    public synchronized Interval interval() {
        positiveInterval = positive.getIntervalHistogram(positiveInterval);
        negativeInterval = negative.getIntervalHistogram(negativeInterval);
        harvestExcess();
        long n = positiveInterval.getTotalCount() + negativeInterval.getTotalCount();
        Summary raw = new Summary(n, signedPercentile(50), signedPercentile(99), signedMax());
        Summary ex = new Summary(excessPending.getTotalCount(), excessPending.getValueAtPercentile(50),
            excessPending.getValueAtPercentile(99), excessPending.getMaxValue());
        excessPending.reset();
        long min = minRawUs.get();
        return new Interval(raw, ex, min == Long.MAX_VALUE ? 0 : min);
    }

    /** Applies {@code reader} to the excess-over-minimum histogram since start (microseconds), under the lock. */
    public synchronized <T> T readCumulativeExcess(Function<Histogram, T> reader) {
        harvestExcess();
        return reader.apply(excessCumulative);
    }

    /** The smallest raw exchange-to-sender time seen so far, microseconds; {@code Long.MAX_VALUE} before any. */
    public long minRawUs() {
        return minRawUs.get();
    }

    private void harvestExcess() {
        excessInterval = excess.getIntervalHistogram(excessInterval);
        excessPending.add(excessInterval);
        excessCumulative.add(excessInterval);
    }

    private long signedPercentile(double p) {
        long nNeg = negativeInterval.getTotalCount();
        long nPos = positiveInterval.getTotalCount();
        long total = nNeg + nPos;
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        if (rank <= nNeg) {
            // Ascending signed order visits negative values from the largest magnitude down.
            return -negativeInterval.getValueAtPercentile(100.0 * (nNeg - rank + 1) / nNeg);
        }
        return positiveInterval.getValueAtPercentile(100.0 * (rank - nNeg) / nPos);
    }

    private long signedMax() {
        if (positiveInterval.getTotalCount() > 0) {
            return positiveInterval.getMaxValue();
        }
        return negativeInterval.getTotalCount() > 0 ? -negativeInterval.getMinValue() : 0;
    }

    /** Percentiles in microseconds. */
    public record Summary(long count, long p50Us, long p99Us, long maxUs) {
    }

    /** One interval: raw (offset included, signed) and excess over the running minimum; minimum raw so far. */
    public record Interval(Summary raw, Summary excessOverMin, long minRawUs) {
    }
}
