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
        double[] bounds = Arrays.copyOf(upperBoundsSeconds, upperBoundsSeconds.length + 1);
        bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
        long[] counts = new long[bounds.length];
        double sum = 0;
        for (HistogramIterationValue v : h.recordedValues()) {
            double seconds = h.medianEquivalentValue(v.getValueIteratedTo()) * unitSeconds;
            long n = v.getCountAtValueIteratedTo();
            counts[bucketOf(bounds, seconds)] += n;
            sum += seconds * n;
        }
        return HistogramDataPointSnapshot.builder()
            .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
            .sum(sum)
            .labels(labels)
            .build();
    }

    private static int bucketOf(double[] bounds, double value) {
        int i = Arrays.binarySearch(bounds, value);
        return i >= 0 ? i : -i - 1;
    }
}
