package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void firstMessageIsDueAtStartAndTheRestEveryPeriod() {
        OpenLoopSchedule s = new OpenLoopSchedule(1_000, 2_000);
        assertEquals(1_000, s.dueNanos(0));
        assertEquals(1_000 + 500_000, s.dueNanos(1));
        assertEquals(1_000 + SECOND, s.dueNanos(2_000));
    }

    @Test
    void twoThousandPerSecondHasExactlyTwoThousandDueWithinOneSecond() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 2_000);
        assertEquals(0, s.dueCount(-1));
        assertEquals(1, s.dueCount(0));
        assertEquals(2_000, s.dueCount(SECOND - 1));
        assertEquals(2_001, s.dueCount(SECOND));
    }

    @Test
    void dueCountAgreesWithDueNanosForAwkwardRates() {
        for (long rate : new long[] {1, 3, 7, 999, 1_000_003}) {
            OpenLoopSchedule s = new OpenLoopSchedule(123_456_789, rate);
            for (long k = 0; k < 5_000; k++) {
                long due = s.dueNanos(k);
                assertEquals(k + 1, s.dueCount(due), "rate " + rate + " k " + k);
                assertEquals(k, s.dueCount(due - 1), "rate " + rate + " k " + k);
            }
        }
    }

    /** Drives the generator's loop with a made-up clock that oversleeps by 0.3 ms on every park. */
    @Test
    void oversleepingNeverDriftsTheSchedule() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 2_000);
        long now = 0;
        long sent = 0;
        while (true) {
            while (s.dueNanos(sent) <= now) {
                sent++; // behind: the due ones go out at once
            }
            assertEquals(s.dueCount(now), sent);
            if (now >= SECOND) {
                break;
            }
            now = s.dueNanos(sent) + 300_000;
        }
        // Sleep-per-message would have managed 1e9 / (500_000 + 300_000) = 1250.
        assertTrue(sent >= 2_000, "sent " + sent);
    }

    @Test
    void aLongStallIsCaughtUpAtOnce() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 2_000);
        long sent = s.dueCount(100_000_000); // 100 ms in: 201 due
        assertEquals(201, sent);
        long afterStall = 400_000_000;       // woke 300 ms late
        long burst = s.dueCount(afterStall) - sent;
        assertEquals(600, burst);
    }

    @Test
    void largeIndicesDoNotOverflow() {
        OpenLoopSchedule s = new OpenLoopSchedule(0, 1_000_000);
        long k = 20_000_000_000L; // 5.5 hours at 1M/s; k * 1e9 would overflow
        assertEquals(20_000 * SECOND, s.dueNanos(k));
        assertEquals(k + 1, s.dueCount(20_000 * SECOND));
    }

    @Test
    void roundingNeverAccumulatesIntoARateError() {
        // 3 msg/s: 333 333 333.33 ns apart; after 3 million messages exactly 1 000 000 s, not 999 999 999.
        assertEquals(1_000_000L * SECOND, new OpenLoopSchedule(0, 3).dueNanos(3_000_000));
    }

    @Test
    void refusesNonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new OpenLoopSchedule(0, 0));
    }
}
