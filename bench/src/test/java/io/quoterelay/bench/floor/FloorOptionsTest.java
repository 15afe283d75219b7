package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.bench.cli.BenchCli;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloorOptionsTest {
    @Test
    void noFlagsMeansTheDocumentedDefaults() {
        FloorOptions o = FloorOptions.parse();
        assertEquals(20_000, o.warmup());
        assertEquals(100_000, o.measured());
        assertEquals(List.of(1_000, 10_000), o.openLoopRates());
        assertEquals(Duration.ofSeconds(10), o.openLoopDuration());
        assertEquals(0, o.spinNs());
    }

    @Test
    void flagsOverrideDefaults() {
        FloorOptions o = FloorOptions.parse("--warmup", "2_000", "--measured", "5000", "--rates", "100, 50000",
            "--open-loop-seconds", "3", "--spin-us", "40", "--run-timeout-seconds", "9");
        assertEquals(2_000, o.warmup());
        assertEquals(5_000, o.measured());
        assertEquals(List.of(100, 50_000), o.openLoopRates());
        assertEquals(150_000, o.openLoopCount(50_000));
        assertEquals(Duration.ofSeconds(9), o.runTimeout());
        assertEquals(40_000, o.spinNs());
    }

    @Test
    void helpShowsTheDefaults() {
        String usage = BenchCli.usage(new FloorOptions.Flags());
        assertTrue(usage.contains("--warmup=N") && usage.contains("(default 20000)"), usage);
    }

    @Test
    void ratesNoneRunsOnlyThePingPong() {
        assertEquals(List.of(), FloorOptions.parse("--rates", "none").openLoopRates());
    }

    @Test
    void badFlagsAreRefusedNamingTheFlag() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloorOptions.parse("--measured", "0"))
            .getMessage().contains("--measured"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloorOptions.parse("--warmup", "x"))
            .getMessage().contains("--warmup"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloorOptions.parse("--rate", "10"))
            .getMessage().startsWith("Unknown options: '--rate', '10'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloorOptions.parse("--warmup"))
            .getMessage().startsWith("Missing required parameter for option '--warmup'"));
    }
}
