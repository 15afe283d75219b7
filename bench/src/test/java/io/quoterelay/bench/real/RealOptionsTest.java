package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.bench.cli.BenchCli;
import java.util.List;
import org.junit.jupiter.api.Test;

class RealOptionsTest {
    @Test
    void defaultsAreTheFullRun() {
        RealOptions o = RealOptions.parse();
        assertEquals(List.of("spot", "usdm"), o.captures());
        assertEquals(0, o.replayLines());
        assertEquals(List.of(100, 1_000, 10_000), o.rates());
        assertEquals(30, o.rateSeconds());
        assertEquals(List.of("floor", "python", "product", "product-spin"), o.peers());
    }

    @Test
    void profilingIsAskedFor() {
        assertTrue(RealOptions.parse("--profile").profile());
        assertFalse(RealOptions.parse().profile());
    }

    @Test
    void quickShortensWhatWasNotGiven() {
        RealOptions o = RealOptions.parse("--rate-seconds", "7", "--quick");
        assertEquals(1_500, o.replayLines());
        assertEquals(7, o.rateSeconds());
        assertEquals(5, o.idleSeconds());
    }

    @Test
    void noneTurnsOffCapturesOrRates() {
        RealOptions o = RealOptions.parse("--captures", "none", "--rates", "none");
        assertTrue(o.captures().isEmpty() && o.rates().isEmpty());
    }

    @Test
    void theRedundancyPairAndItsJitterAreAskedForByName() {
        RealOptions o = RealOptions.parse("--peers", "product-1line,product-2lines", "--connection-jitter-us", "500");
        assertEquals(java.util.List.of("product-1line", "product-2lines"), o.peers());
        assertEquals(500, o.connectionJitterUs());
        assertEquals(0, RealOptions.parse().connectionJitterUs());
        assertTrue(!RealOptions.parse().peers().contains("product-2lines"), "not run unless asked for");
    }

    @Test
    void badFlagsNameThemselves() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RealOptions.parse("--peers", "floor,java"))
            .getMessage().startsWith("--peers takes some of floor,python,product,product-previous,product-c2,product-nicejit,product-spin,"
                + "product-1line,product-2lines, got 'java'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RealOptions.parse("--rate-seconds", "0"))
            .getMessage().startsWith("--rate-seconds takes a whole number >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> RealOptions.parse("--speed", "2"))
            .getMessage().startsWith("Unknown options: '--speed', '2'"));
    }

    @Test
    void helpListsEveryFlagWithItsDefault() {
        String usage = BenchCli.usage(new RealOptions.Flags());
        for (String flag : List.of("--quick", "--captures", "--replay-lines", "--rates", "--rate-seconds", "--peers",
            "--connection-jitter-us", "--idle-seconds", "--shared", "--python", "--out", "--help")) {
            assertTrue(usage.contains(flag), flag + " in\n" + usage);
        }
        assertTrue(usage.contains("(default 100,1000,10000)"), usage);
        assertTrue(usage.contains("bench/install-peers.sh"), usage);
    }
}
