package io.quoterelay.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.bench.cli.BenchCli;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's own logic: options, report parsing, what counts as sustained. No processes are started. */
class E2eHarnessTest {

    @Test
    void defaultsAreTheIssuesRatesAndFlagsOverrideThem() {
        E2eOptions d = E2eOptions.parse();
        assertEquals(List.of(100, 1_000, 10_000, 50_000, 100_000), d.rates());
        assertEquals(30, d.sustainSeconds());
        E2eOptions o = E2eOptions.parse("--rates", "1_000,5000", "--sustain-seconds", "0", "--floor", "false");
        assertEquals(List.of(1_000, 5_000), o.rates());
        assertEquals(0, o.sustainSeconds());
        assertFalse(o.floor());
        assertThrows(IllegalArgumentException.class, () -> E2eOptions.parse("--rates", "0"));
        assertThrows(IllegalArgumentException.class, () -> E2eOptions.parse("--bogus", "1"));
        assertThrows(IllegalArgumentException.class, () -> E2eOptions.parse("--floor", "maybe"));
        assertTrue(BenchCli.usage(new E2eOptions.Flags()).contains("(default 100,1000,10000,50000,100000)"));
    }

    @Test
    void reportLinesParseToFields() {
        Map<String, String> m = ChildJvm.parse("bench-report cpu_ms=12 gc_count=0 e2e_p50_us=95.2 drained=true");
        assertEquals("12", m.get("cpu_ms"));
        assertEquals("95.2", m.get("e2e_p50_us"));
        assertEquals("true", m.get("drained"));
    }

    @Test
    void sustainedMeansNoGapsNothingConflatedTheOfferedRateAndBoundedLatency() {
        Map<String, String> ok = Map.of("n", "100000", "window_s", "10.0", "achieved", "10000.0", "gaps", "0",
            "conflated", "0", "drained", "true", "e2e_p99_us", "900.0");
        assertTrue(new RunResult("rate", 10_000, ok, Map.of(), Map.of()).sustained());
        Map<String, String> conflated = new java.util.HashMap<>(ok);
        conflated.put("conflated", "3");
        assertFalse(new RunResult("rate", 10_000, conflated, Map.of(), Map.of()).sustained());
        Map<String, String> slow = new java.util.HashMap<>(ok);
        slow.put("achieved", "9000.0");
        assertFalse(new RunResult("rate", 10_000, slow, Map.of(), Map.of()).sustained());
        assertEquals(0, new RunResult("rate", 10_000, ok, Map.of(), Map.of()).missing());
        assertFalse(RunResult.failed("rate", 100).sustained());
    }
}
