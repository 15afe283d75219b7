package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void takesTheValueAtIndexNTimesQLikeRelay2hop() {
        long[] v = new long[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (1000 - i) * 1000L; // descending: sorting is part of the job
        }
        Percentiles p = Percentiles.of(v, 0, v.length);
        assertEquals(new Percentiles(1000, 501_000, 901_000, 991_000, 1_000_000, 1_000_000), p);
        assertEquals("p50=501 p90=901 p99=991 p99.9=1000 max=1000 n=1000", p.line());
    }

    @Test
    void rangeExcludesTheWarmUp() {
        Percentiles p = Percentiles.of(new long[] {9_000_000, 1_000, 2_000, 3_000}, 1, 4);
        assertEquals(3, p.n());
        assertEquals(3_000, p.maxNs());
        assertEquals(Percentiles.NONE, Percentiles.of(new long[] {1}, 1, 1));
    }

    @Test
    void readsRelay2hopsLine() {
        Percentiles p = Percentiles.parseFloorLine("FLOOR2HOP replay rate=0 n=9000 p50=116 p90=201 p99=453 p99.9=1037 max=2210 us");
        assertEquals(new Percentiles(9000, 116_000, 201_000, 453_000, 1_037_000, 2_210_000), p);
    }

    @Test
    void anythingElseFromRelay2hopIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Percentiles.parseFloorLine("FLOOR2HOP fixed rate=100"));
        assertEquals("not a relay2hop result line: 'FLOOR2HOP fixed rate=100'", e.getMessage());
    }
}
