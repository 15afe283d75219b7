package io.quoterelay.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class HdrBucketsTest {
    /** The receiver's latency buckets. */
    private static final double[] LATENCY_SECONDS = {
        25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2e-3, 3e-3, 3.5e-3, 4e-3, 4.5e-3, 5e-3, 6e-3, 8e-3,
        10e-3, 15e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10};

    @Test
    void bucketsAreCumulativeInSecondsWithTheSumOfValues() throws Exception {
        Histogram h = new Histogram(60_000_000_000L, 3);
        h.recordValueWithCount(10_000, 3);       // 10 us
        h.recordValueWithCount(3_200_000, 2);    // 3.2 ms
        h.recordValue(2_000_000_000L);           // 2 s
        HistogramSnapshot s = HistogramSnapshot.builder().name("lat_seconds").help("h")
            .dataPoint(HdrBuckets.dataPoint(h, 1e-9, LATENCY_SECONDS, Labels.of("clock", "raw"))).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, MetricSnapshots.of(s));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("lat_seconds_bucket{clock=\"raw\",le=\"2.5E-5\"} 3\n")
            || text.contains("lat_seconds_bucket{clock=\"raw\",le=\"2.5e-05\"} 3\n"), text);
        assertTrue(text.contains("le=\"0.003\"} 3\n"), text);
        assertTrue(text.contains("le=\"0.0035\"} 5\n"), text);
        assertTrue(text.contains("le=\"1.0\"} 5\n"), text);
        assertTrue(text.contains("le=\"2.5\"} 6\n"), text);
        assertTrue(text.contains("le=\"+Inf\"} 6\n"), text);
        assertTrue(text.contains("lat_seconds_count{clock=\"raw\"} 6\n"), text);
        double sum = Double.parseDouble(text.replaceAll("(?s).*lat_seconds_sum\\{clock=\"raw\"} (\\S+).*", "$1"));
        assertTrue(Math.abs(sum - (3 * 10e-6 + 2 * 3.2e-3 + 2)) < 0.005, "sum " + sum);
    }
}
