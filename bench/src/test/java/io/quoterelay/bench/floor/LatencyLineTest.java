package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyLineTest {
    @Test
    void linesHaveTheFixedFormatInMicroseconds() {
        Histogram h = LatencyLine.newHistogram();
        // Below 2048 ns a 3-digit histogram is exact, so the expected figures need no rounding slack.
        for (int i = 1; i <= 2000; i++) {
            LatencyLine.record(h, i);
        }
        assertEquals("floor tls-pingpong rtt_us p50=1.0 p90=1.8 p99=2.0 p99.9=2.0 max=2.0 n=2000",
            LatencyLine.format("tls-pingpong", "rtt_us", h));
    }

    @Test
    void valuesOutsideTheTrackableRangeAreClampedNotThrown() {
        Histogram h = LatencyLine.newHistogram();
        LatencyLine.record(h, -5);
        LatencyLine.record(h, Long.MAX_VALUE);
        assertEquals(2, h.getTotalCount());
        assertEquals(0, h.getMinValue());
        assertEquals(true, h.getMaxValue() >= LatencyLine.HIGHEST_TRACKABLE_NS);
    }
}
