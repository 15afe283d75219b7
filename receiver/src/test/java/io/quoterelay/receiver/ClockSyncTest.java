package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockSyncTest {
    @Test
    void symmetricPathGivesTheExactOffsetAndRoundTrip() {
        ClockSync c = new ClockSync();
        long offset = 50_000_000; // sender is 50 ms ahead
        long t1 = 1_000_000;
        long oneWay = 3_500_000;
        long t2 = t1 + oneWay + offset;
        long t3 = t2 + 20_000;
        long t4 = t3 - offset + oneWay;
        assertTrue(c.onExchange(t1, t2, t3, t4));
        assertEquals(offset, c.offsetNs());
        assertEquals(2 * oneWay, c.rttNs());
    }

    @Test
    void theLeastQueuedExchangeWins() {
        ClockSync c = new ClockSync();
        long offset = -7_000;
        c.onExchange(0, 100 + offset + 900, 100 + offset + 900, 2_000); // 900 ns queued on the way out
        c.onExchange(10_000, 10_100 + offset, 10_100 + offset, 10_200);  // clean
        c.onExchange(20_000, 20_100 + offset, 20_100 + offset, 21_000); // 800 ns queued on the way back
        assertEquals(offset, c.offsetNs());
        assertEquals(200, c.rttNs());
    }

    @Test
    void impossibleTimesAreIgnored() {
        ClockSync c = new ClockSync();
        assertFalse(c.onExchange(10, 5, 4, 20), "t3 before t2");
        assertFalse(c.onExchange(10, 5, 6, 9), "t4 before t1");
        assertFalse(c.hasEstimate());
    }
}
