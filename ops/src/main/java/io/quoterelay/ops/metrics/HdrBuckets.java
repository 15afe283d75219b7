package io.quoterelay.ops.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.Arrays;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Turns an HdrHistogram that the service already keeps into a Prometheus classic histogram at
 * scrape time, so nothing on the quote path knows about Prometheus. Each service chooses the bucket
 * bounds that suit what it measures. Internal; not part of the receiver's embedding API.
 *
 * <p>The HdrHistogram has 3 significant digits; each of its sub-buckets is counted under the
 * Prometheus bucket that holds its median value, so a bucket edge is exact to within 0.1%.
 */
public final class HdrBuckets {
    private HdrBuckets() {
    }

    /**
     * A data point of {@code h}, whose values are in units of {@code unitSeconds} (1e-9 for ns),
     * with the given upper bounds in seconds (+Inf is added).
     */
    public static HistogramDataPointSnapshot dataPoint(Histogram h, double unitSeconds, double[] upperBoundsSeconds,
                                                       Labels labels) {
        Counts counts = new Counts(unitSeconds, upperBoundsSeconds);
        for (HistogramIterationValue v : h.recordedValues()) {
            counts.add(h.medianEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
        return counts.dataPoint(labels);
    }

    /**
     * Buckets filled value by value, for a histogram read through a callback (the receiver's
     * {@code ReceiverCounters.readHistogram}) rather than handed over whole.
     */
    public static final class Counts {
        private final double unitSeconds;
        private final double[] bounds;
        private final long[] counts;
        private double sum;

        /** Values in units of {@code unitSeconds}; upper bounds in seconds (+Inf is added). */
        public Counts(double unitSeconds, double[] upperBoundsSeconds) {
            this.unitSeconds = unitSeconds;
            this.bounds = Arrays.copyOf(upperBoundsSeconds, upperBoundsSeconds.length + 1);
            this.bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
            this.counts = new long[bounds.length];
        }

        /** {@code n} samples of {@code value} (the median of its HdrHistogram sub-bucket). */
        public void add(long value, long n) {
            double seconds = value * unitSeconds;
            counts[bucketOf(bounds, seconds)] += n;
            sum += seconds * n;
        }

        /** The buckets so far as one data point. */
        public HistogramDataPointSnapshot dataPoint(Labels labels) {
            return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts.clone()))
                .sum(sum)
                .labels(labels)
                .build();
        }
    }

    private static int bucketOf(double[] bounds, double value) {
        int i = Arrays.binarySearch(bounds, value);
        return i >= 0 ? i : -i - 1;
    }
}
