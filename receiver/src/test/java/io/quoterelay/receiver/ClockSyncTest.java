package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClockSyncTest {
    private static final long SECOND = 1_000_000_000L;

    /**
     * One exchange at receiver time {@code t1} with a sender clock {@code offset} ahead: the ping
     * takes {@code out} ns, the sender holds it 20 us, the pong takes {@code back} ns.
     */
    private static boolean exchange(ClockSync c, long t1, long offset, long out, long back) {
        long t2 = t1 + out + offset;
        long t3 = t2 + 20_000;
        long t4 = t3 - offset + back;
        return c.onExchange(t1, t2, t3, t4);
    }

    @Test
    void symmetricPathGivesTheExactOffsetAndRoundTrip() {
        ClockSync c = new ClockSync();
        long offset = 50_000_000; // sender is 50 ms ahead
        assertTrue(exchange(c, 1_000_000, offset, 3_500_000, 3_500_000));
        assertEquals(offset, c.offsetNs());
        assertEquals(7_000_000, c.rttNs());
        assertEquals(3_500_000, c.errorBoundNs());
    }

    @Test
    void theLeastQueuedExchangeWins() {
        ClockSync c = new ClockSync();
        long offset = -7_000;
        exchange(c, 0, offset, 1_000, 100);         // 900 ns queued on the way out
        exchange(c, 10_000, offset, 100, 100);      // clean
        exchange(c, 20_000, offset, 100, 900);      // 800 ns queued on the way back
        assertEquals(offset, c.offsetNs());
        assertEquals(200, c.rttNs());
    }

    @Test
    void aQuietExchangeInTheMiddleOfABurstIsKeptWhileTheNextBurstsAreNoisy() {
        ClockSync c = new ClockSync();
        long offset = 123_000;
        long t = SECOND;
        // Burst 1: the first ping pays two wake-ups (slow, lopsided); the rest are quick.
        exchange(c, t, offset, 400_000, 60_000);
        exchange(c, t + 500_000, offset, 30_000, 25_000);
        exchange(c, t + 600_000, offset, 20_000, 20_000);
        exchange(c, t + 700_000, offset, 30_000, 20_000);
        // Bursts 2 and 3, a second apart, on a busier host: every exchange lopsided by 100 us or more.
        for (int b = 1; b <= 2; b++) {
            for (int i = 0; i < 6; i++) {
                exchange(c, t + b * SECOND + i * 300_000L, offset, 150_000, 50_000);
            }
        }
        assertEquals(offset, c.offsetNs(), "the quiet exchange of the first burst is still the estimate");
        assertEquals(40_000, c.rttNs());
        assertEquals(20_000, c.errorBoundNs());
    }

    @Test
    void anOldQuietExchangeGivesWayAsItAgesSoThatADriftingOffsetIsFollowed() {
        ClockSync c = new ClockSync();
        long t = SECOND;
        exchange(c, t, 0, 10_000, 10_000); // rtt 20 us, bound 10 us
        // The clocks drift apart by 10 us per second; fresher exchanges are noisier (rtt 60 us, bound 30 us).
        long offset = 0;
        long chosenAtTwoSeconds = Long.MIN_VALUE;
        for (int s = 1; s <= 5; s++) {
            offset += 10_000;
            exchange(c, t + s * SECOND, offset, 30_000, 30_000);
            if (s == 1) {
                // 1 s old: bound 10 us + 15 us of possible drift = 25 us < 30 us: the old one still wins.
                assertEquals(0, c.offsetNs());
            }
            if (s == 2) {
                chosenAtTwoSeconds = c.offsetNs();
            }
        }
        // 2 s old: 10 + 30 = 40 us > 30 us: the fresher exchange takes over.
        assertEquals(20_000, chosenAtTwoSeconds);
        assertEquals(offset, c.offsetNs(), "the estimate follows the drift");
        assertEquals(0, c.sampleAgeNs());
    }

    @Test
    void exchangesOlderThanTheWindowAreForgottenHoweverQuiet() {
        ClockSync c = new ClockSync();
        exchange(c, 0, 0, 1_000, 1_000);
        long later = (ClockSync.MAX_AGE_SECONDS + 1) * SECOND;
        exchange(c, later, 5_000_000, 5_000_000, 5_000_000); // rtt 10 ms: far worse, but the only one in the window
        assertEquals(5_000_000, c.offsetNs());
    }

    @Test
    void theWindowHoldsAFixedNumberOfExchanges() {
        ClockSync c = new ClockSync();
        exchange(c, 0, 0, 1_000, 1_000);
        for (int i = 1; i <= ClockSync.CAPACITY; i++) {
            // Noisier than the first even after its aging, but they push it out.
            exchange(c, i * 1_000_000L, 77_000, 20_000, 20_000);
        }
        assertEquals(77_000, c.offsetNs());
        assertEquals(40_000, c.rttNs());
    }

    @Test
    void impossibleTimesAreIgnored() {
        ClockSync c = new ClockSync();
        assertFalse(c.onExchange(10, 5, 4, 20), "t3 before t2");
        assertFalse(c.onExchange(10, 5, 6, 9), "t4 before t1");
        assertFalse(c.onExchange(10, 5, 100, 20), "the sender held the ping longer than the whole round trip");
        assertFalse(c.onExchange(0, 0, 0, ClockSync.MAX_RTT_NS + 1), "a round trip longer than any network");
        assertFalse(c.hasEstimate());
        assertTrue(c.onExchange(10, 15, 16, 20));
        assertFalse(c.onExchange(30, 5, 4, 40));
        assertEquals(9, c.rttNs(), "a rejected exchange leaves the estimate as it was");
    }

    @Test
    void clocksDecadesApartDoNotOverflow() {
        ClockSync c = new ClockSync();
        long t1 = 5_000_000_000_000_000_000L; // year 2128: (t2 − t1) + (t3 − t4) would overflow
        assertTrue(exchange(c, t1, -t1 + 1_000, 5_000, 5_000)); // sender clock near the epoch
        assertEquals(-t1 + 1_000, c.offsetNs());
    }
}
