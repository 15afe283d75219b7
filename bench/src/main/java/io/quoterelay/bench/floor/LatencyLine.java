package io.quoterelay.bench.floor;

import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The one fixed-format result line per measurement, so runs can be compared with grep and diff:
 * <pre>floor tls-pingpong rtt_us p50=48.1 p90=55.0 p99=270.3 p99.9=4012.0 max=6100.2 n=100000</pre>
 * Histograms hold nanoseconds; the line shows microseconds with one decimal.
 */
final class LatencyLine {
    /** Highest value a floor histogram tracks: anything slower is clamped here, and shows as max. */
    static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;
    private static final int SIGNIFICANT_DIGITS = 3;

    private LatencyLine() {
    }

    static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    /** Records {@code ns}, clamped to the trackable range (HdrHistogram throws on values outside it). */
    static void record(Histogram h, long ns) {
        h.recordValue(Math.max(0, Math.min(ns, HIGHEST_TRACKABLE_NS)));
    }

    static String format(String name, String metric, Histogram h) {
        return String.format(Locale.ROOT, "floor %s %s p50=%s p90=%s p99=%s p99.9=%s max=%s n=%d",
            name, metric, us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)),
            us(h.getValueAtPercentile(99)), us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()), h.getTotalCount());
    }

    private static String us(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1000.0);
    }
}
