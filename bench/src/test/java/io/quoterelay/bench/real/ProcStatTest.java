package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcStatTest {
    @Test
    void readsUtimePlusStimeAfterACommandNameWithSpacesAndParentheses() {
        String line = "4242 (a (b) c) S 1 4242 4242 0 -1 4194304 100 0 0 0 123 45 0 0 20 0 1 0 99 1000 10";
        assertEquals((123 + 45) * ProcStat.NS_PER_TICK, ProcStat.cpuNsOf(line));
    }

    @Test
    void goneProcessReadsAsMinusOne() {
        assertEquals(-1, ProcStat.cpuNs(Long.MAX_VALUE));
        assertTrue(ProcStat.children(Long.MAX_VALUE).isEmpty());
    }
}
