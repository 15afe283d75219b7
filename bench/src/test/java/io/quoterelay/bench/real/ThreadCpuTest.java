package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    private static final long MS = 1_000_000L;

    @Test
    void busiestThreadsComeFirstPerMessageAndTheSmallOnesAreLeftOut() {
        Map<Long, ThreadCpu.Sample> before = Map.of(
            1L, new ThreadCpu.Sample("relay-link-1-1", 100 * MS, 0, 0),
            2L, new ThreadCpu.Sample("C1 CompilerThre", 50 * MS, 0, 0),
            3L, new ThreadCpu.Sample("VM Thread", 10 * MS, 0, 0));
        Map<Long, ThreadCpu.Sample> after = Map.of(
            1L, new ThreadCpu.Sample("relay-link-1-1", 400 * MS, 0, 0),
            2L, new ThreadCpu.Sample("C1 CompilerThre", 60 * MS, 0, 0),
            3L, new ThreadCpu.Sample("VM Thread", 10 * MS + 1, 0, 0),
            4L, new ThreadCpu.Sample("new-thread", 20 * MS, 0, 0));

        // 1 000 messages: 300 ms, 10 ms and 20 ms of CPU are 300, 10 and 20 µs each; 1 ns is under 2 %.
        assertEquals("relay-link-1-1=300.00 new-thread=20.00 C1_CompilerThre=10.00",
            ThreadCpu.busiest(before, after, 1_000));
    }

    @Test
    void asAShareOfOneCore() {
        Map<Long, ThreadCpu.Sample> before = Map.of(1L, new ThreadCpu.Sample("relay-link-1-1", 0, 0, 0));
        Map<Long, ThreadCpu.Sample> after = Map.of(1L, new ThreadCpu.Sample("relay-link-1-1", 40 * MS, 0, 0));
        // 40 ms over 10 s
        assertEquals("relay-link-1-1=0.40", ThreadCpu.busiestPercent(before, after, 10_000 * MS));
    }

    @Test
    void noMessagesOrNoCpuPrintADash() {
        Map<Long, ThreadCpu.Sample> same = Map.of(1L, new ThreadCpu.Sample("idle", MS, 0, 0));
        assertEquals("-", ThreadCpu.busiest(same, same, 1_000));
        assertEquals("-", ThreadCpu.busiest(Map.of(), Map.of(1L, new ThreadCpu.Sample("busy", MS, 0, 0)), 0));
    }

    @Test
    void theLongestQueuedThreadsPerMessage() {
        Map<Long, ThreadCpu.Sample> before = Map.of(1L, new ThreadCpu.Sample("relay-link-1-1", 0, 5 * MS, 0),
            2L, new ThreadCpu.Sample("C1 CompilerThre", 0, 0, 0));
        Map<Long, ThreadCpu.Sample> after = Map.of(1L, new ThreadCpu.Sample("relay-link-1-1", 0, 45 * MS, 0),
            2L, new ThreadCpu.Sample("C1 CompilerThre", 0, 10 * MS, 0));
        assertEquals("relay-link-1-1=40.00 C1_CompilerThre=10.00", ThreadCpu.longestQueued(before, after, 1_000));
        Map<Long, ThreadCpu.Sample> unknown = Map.of(1L, new ThreadCpu.Sample("relay-link-1-1", 0, -1, 0));
        assertEquals("?", ThreadCpu.longestQueued(unknown, unknown, 1_000));
    }

    @Test
    void wakeUpsPerSecondFromTheTimesEachThreadGotACpu() {
        Map<Long, ThreadCpu.Sample> before = Map.of(1L, new ThreadCpu.Sample("relay-control", 0, 0, 100),
            2L, new ThreadCpu.Sample("VM Thread", 0, 0, 7));
        Map<Long, ThreadCpu.Sample> after = Map.of(1L, new ThreadCpu.Sample("relay-control", 0, 0, 160),
            2L, new ThreadCpu.Sample("VM Thread", 0, 0, 17));
        // 60 and 10 runs over 10 s
        assertEquals("relay-control=6.00 VM_Thread=1.00", ThreadCpu.mostWakeups(before, after, 10.0));
        Map<Long, ThreadCpu.Sample> unknown = Map.of(1L, new ThreadCpu.Sample("relay-control", 0, -1, -1));
        assertEquals("?", ThreadCpu.mostWakeups(unknown, unknown, 10.0));
    }

    @Test
    void aSchedstatLineIsCpuThenQueueThenSlices() {
        assertEquals(new ThreadCpu.Sample("t", 15286343, 24628728, 7), ThreadCpu.Sample.ofSchedstat("t", "15286343 24628728 7\n"));
    }

    @Test
    void thisProcessHasThreadsWithNames() {
        Map<Long, ThreadCpu.Sample> mine = ThreadCpu.sample(ProcessHandle.current().pid());
        assertFalse(mine.isEmpty());
        assertFalse(mine.values().stream().anyMatch(s -> s.name().isEmpty()));
    }
}
