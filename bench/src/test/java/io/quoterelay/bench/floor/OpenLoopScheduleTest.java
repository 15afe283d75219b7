package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {
    @Test
    void dueTimesFollowTheRateWithoutDrift() {
        assertEquals(0, OpenLoopSchedule.offsetNs(0, 1000));
        assertEquals(1_000_000, OpenLoopSchedule.offsetNs(1, 1000));
        // 3 msg/s: 333 333 333.33 ns apart; after 3 million messages exactly 1 000 000 s, not 999 999 999.
        assertEquals(1_000_000L * 1_000_000_000L, OpenLoopSchedule.offsetNs(3_000_000, 3));
    }
}
