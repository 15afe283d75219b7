package io.quoterelay.receiver;

import org.HdrHistogram.Histogram;

/**
 * Percentiles of a latency histogram, in nanoseconds; all zero when {@code count} is zero.
 *
 * @param count  values recorded
 * @param p50Ns  median
 * @param p90Ns  90th percentile
 * @param p99Ns  99th percentile
 * @param p999Ns 99.9th percentile
 * @param maxNs  largest value recorded
 */
public record LatencySummary(long count, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs) {
    static final LatencySummary EMPTY = new LatencySummary(0, 0, 0, 0, 0, 0);

    static LatencySummary of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencySummary(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
            h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
