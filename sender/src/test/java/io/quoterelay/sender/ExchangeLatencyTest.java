package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExchangeLatencyTest {
    private static final long E_MS = 1_787_231_293_915L;

    @Test
    void senderClockBehindTheExchangeGivesNegativeRawButNonNegativeExcess() {
        ExchangeLatency lat = new ExchangeLatency();
        for (int i = 0; i < 100; i++) {
            // Sender clock 2 s behind: received "before" it was sent, by 2 s minus i ms of real delay.
            lat.record((E_MS - 2000 + i) * 1_000_000L, E_MS);
        }
        ExchangeLatency.Interval in = lat.interval();
        assertEquals(100, in.raw().count());
        assertTrue(in.raw().p50Us() < -1_900_000 && in.raw().p50Us() > -1_960_000, in.toString());
        assertTrue(in.raw().maxUs() <= -1_900_000 && in.raw().maxUs() > -1_902_000, in.toString());
        assertEquals(-2_000_000, in.minRawUs());
        assertTrue(in.excessOverMin().p50Us() >= 45_000 && in.excessOverMin().p50Us() <= 55_000, in.toString());
        assertTrue(in.excessOverMin().maxUs() >= 98_000 && in.excessOverMin().maxUs() <= 100_000, in.toString());
        assertEquals(0, lat.interval().raw().count(), "intervals do not overlap");
    }

    @Test
    void hugeSkewIsClampedNotThrown() {
        ExchangeLatency lat = new ExchangeLatency();
        lat.record(0, E_MS);
        lat.record(Long.MAX_VALUE / 2, E_MS);
        assertEquals(2, lat.interval().raw().count());
    }

    @Test
    void statsLineSaysSpotHasNoExchangeTimeAndShowsLinkErrors() {
        ExchangeLatency spot = new ExchangeLatency();
        spot.recordAbsent();
        String line = StatsLine.format(10, new StatsLine.BinanceInterval(712, 700, 12, 0),
            spot.streamLacksExchangeTime(), spot.interval(),
            List.of(new StatsLine.LinkInterval("127.0.0.1:9001", "DOWN", "connection refused", 0, 700, 0, 2)), 4, 1, 3, 0);
        assertEquals("stats 10s binance msgs=712 rate=71.2/s quotes=700 nonquote=12 malformed=0"
            + " exch_lat=n/a (spot carries no exchange time) link[127.0.0.1:9001]=DOWN(connection refused)"
            + " sent=0 conflated=700 repeats=0 pending=2 reconnects(binance=4 link=3) rollovers=1", line);
    }

    @Test
    void statsLineShowsOversizeFramesOnceThereWereAny() {
        String line = StatsLine.format(10, new StatsLine.BinanceInterval(1, 1, 0, 0), false,
            new ExchangeLatency().interval(), List.of(), 1, 0, 0, 2);
        assertTrue(line.endsWith(" reconnects(binance=1 link=0) rollovers=0 oversize=2"), line);
    }

    @Test
    void beforeTheFirstQuoteTheLineSaysSoInsteadOfBlamingSpot() {
        // USD-M (or any stream) before its first quote: nothing is known yet about exchange times.
        ExchangeLatency fresh = new ExchangeLatency();
        assertFalse(fresh.streamLacksExchangeTime());
        assertTrue(statsLine(fresh).contains(" exch_lat=n/a (no quotes this interval) "), statsLine(fresh));
    }

    @Test
    void aFuturesStreamBetweenQuotesSaysNoQuotesNotSpot() {
        ExchangeLatency futures = new ExchangeLatency();
        futures.record(E_MS * 1_000_000L + 2_000_000L, E_MS);
        assertTrue(statsLine(futures).contains(" exch_lat_ms raw(p50=2.0 p99=2.0 max=2.0) "), "first interval has it");
        String quiet = statsLine(futures);
        assertTrue(quiet.contains(" exch_lat=n/a (no quotes this interval) "), quiet);
    }

    @Test
    void spotIsNamedOnlyOnceAQuoteWithoutExchangeTimeArrived() {
        ExchangeLatency spot = new ExchangeLatency();
        assertTrue(statsLine(spot).contains("(no quotes this interval)"));
        spot.recordAbsent();
        assertTrue(spot.streamLacksExchangeTime());
        assertTrue(statsLine(spot).contains(" exch_lat=n/a (spot carries no exchange time) "), statsLine(spot));
    }

    private static String statsLine(ExchangeLatency lat) {
        return StatsLine.format(10, new StatsLine.BinanceInterval(0, 0, 0, 0), lat.streamLacksExchangeTime(),
            lat.interval(), List.of(), 0, 0, 0, 0);
    }
}
