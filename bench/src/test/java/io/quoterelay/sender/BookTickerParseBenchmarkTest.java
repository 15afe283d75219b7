package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Each parse benchmark parses a real quote, so it measures the quote path and not the error path. */
class BookTickerParseBenchmarkTest {
    private static final Blackhole BLACKHOLE =
        new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void spotAndFuturesMessagesParseToQuotes() {
        BookTickerParseBenchmark b = new BookTickerParseBenchmark();
        assertEquals(ParseResult.QUOTE, b.parser().parse(BookTickerParseBenchmark.SPOT_COMBINED, b.out()));
        b.parseSpotCombined(BLACKHOLE);
        assertEquals("BNBUSDT", b.out().symbol());
        assertEquals(400_900_217L, b.out().updateId());
        assertEquals(ParseResult.QUOTE, b.parser().parse(BookTickerParseBenchmark.USDM_COMBINED, b.out()));
        b.parseUsdmCombined(BLACKHOLE);
        assertEquals("BTCUSDT", b.out().symbol());
        assertEquals(1_732_300_000_123L, b.out().eventTimeMs());
    }
}
