package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start-up warm-up runs real bookTicker text down the quote path and gets out of the way of real quotes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderWarmupTest {

    @Test
    void everyMadeUpUpdateIsParsedAsAQuoteAndEncoded() throws InterruptedException {
        SenderWarmup w = SenderWarmup.start(2_000, 65_536, Duration.ofSeconds(30), () -> 0);
        await(w);
        assertEquals("complete", w.outcome());
        assertEquals(2_000, w.updates());
        // The quote path, not the malformed-message path, is what gets compiled.
        assertEquals(2_000, w.parsedQuotes());
    }

    @Test
    void stopsOnceARealQuoteWasForwarded() throws InterruptedException {
        SenderWarmup w = SenderWarmup.start(50_000_000, 65_536, Duration.ofSeconds(30), () -> 1);
        await(w);
        assertEquals("the first real quote arrived", w.outcome());
        assertTrue(w.updates() < 1_000, "ran " + w.updates() + " updates after a real quote");
    }

    @Test
    void zeroTurnsItOff() {
        assertNull(SenderWarmup.start(0, 65_536, Duration.ofSeconds(1), () -> 0));
    }

    private static void await(SenderWarmup w) throws InterruptedException {
        for (int i = 0; i < 4_000 && w.outcome() == null; i++) {
            Thread.sleep(5);
        }
        assertTrue(w.outcome() != null, "warm-up still running after 20 s");
    }
}
