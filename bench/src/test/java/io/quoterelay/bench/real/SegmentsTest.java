package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SegmentsTest {
    private static final long MS = 1_000_000L;

    /** 300 quotes of 100 µs spread 10 ms apart; quotes 50 and 51 slow in the link, 150 slow in the sender. */
    private static Segments twoEpisodes() {
        int n = 300;
        long[] total = new long[n];
        long[][] parts = new long[4][n];
        long[] emit = new long[n];
        for (int i = 0; i < n; i++) {
            emit[i] = i * 10 * MS;
            parts[0][i] = 40_000;
            parts[1][i] = 10_000;
            parts[2][i] = 40_000;
            parts[3][i] = 10_000;
        }
        parts[2][50] = 5 * MS;
        parts[2][51] = 4 * MS;
        parts[1][150] = 3 * MS;
        for (int i = 0; i < n; i++) {
            total[i] = parts[0][i] + parts[1][i] + parts[2][i] + parts[3][i];
        }
        return new Segments(total, parts, emit);
    }

    @Test
    void theSlowestOnePercentAreTheQuotesAtOrAboveP99() {
        assertArrayEquals(new int[] {50, 51, 150}, twoEpisodes().slowest());
    }

    @Test
    void slowQuotesLessThan100msApartAreOneEpisode() {
        Segments s = twoEpisodes();
        assertEquals(2, s.episodes(s.slowest()));
    }

    @Test
    void eachSlowQuoteIsChargedToItsLargestPart() {
        Segments s = twoEpisodes();
        assertArrayEquals(new int[] {0, 1, 2, 0}, s.largestPartCounts(s.slowest()));
        assertArrayEquals(new long[] {40_000, 10_000, 40_000, 10_000}, s.medians(new int[] {0, 1, 2}));
    }

    @Test
    void theLineNamesEveryPartForAllAndForTheSlowest() {
        String line = twoEpisodes().line();
        assertTrue(line.startsWith("all p50 inbound=40 sender=10 link=40 receiver=10; slowest 1% (n=3, >= 3090us, 2 episodes"), line);
        assertTrue(line.endsWith("largest part in those: inbound=0 sender=1 link=2 receiver=0"), line);
    }
}
