package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsLineTest {
    @Test
    void midPricesPrintAsTheDecimalsTheyAreNotAsBinaryNoise() {
        assertEquals("97000.175", StatsLine.price((97000.17 + 97000.18) / 2));
        assertEquals("3499.845", StatsLine.price((3499.84 + 3499.85) / 2));
        assertEquals("0.000012345", StatsLine.price((0.00001234 + 0.00001235) / 2));
        assertEquals("100", StatsLine.price(100.0));
        assertEquals("NaN", StatsLine.price(Double.NaN));
    }

    private static final LatencySummary SOME = new LatencySummary(10, 150_000, 200_000, 300_000, 400_000, 500_000);

    private static ReceiverStats stats(LatencySummary corrected, LatencySummary raw, ClockStats clock) {
        return new ReceiverStats(Duration.ofSeconds(20),
            new ReceiverStats.Interval(Duration.ofSeconds(10), 10, corrected, raw),
            new ReceiverStats.Accounting(10, 0, 0, 0, 0, 0, 7, 0, 0, 0),
            new ReceiverStats.Latency(corrected, raw, LatencySummary.EMPTY, 0), clock,
            new ReceiverStats.Connections(1, 1, 0, 0, 0, 0), new ReceiverStats.Frames(0, 0, 0),
            new ReceiverStats.Merged(0, 0, 0, 0), List.of(), List.of(), null, 0);
    }

    @Test
    void receiverSideConflationHasAFieldOfItsOwn() {
        ClockStats c = new ClockStats(LatencyClock.ESTIMATE, false, 0, 0, 0, 0, 0, 0, 0);
        String line = StatsLine.format(stats(LatencySummary.EMPTY, LatencySummary.EMPTY, c));
        assertTrue(line.contains(" conns=1 conflated_rx=7"), line);
    }

    @Test
    void correctedLatencyCarriesTheOffsetItsRoundTripAndTheBound() {
        ClockStats c = new ClockStats(LatencyClock.ESTIMATE, true, -12_345, 80_400, 40_200, 0, 5, 0, 0);
        String line = StatsLine.format(stats(SOME, LatencySummary.EMPTY, c));
        assertTrue(line.contains(" lat_us p50=150 p90=200 p99=300 p99.9=400 max=500 "
            + "(offset-corrected, offset=-12us rtt_min=80us \u00b140us) gaps=0"), line);
        assertEquals(LatencyBasis.CORRECTED, stats(SOME, LatencySummary.EMPTY, c).latencyBasis());
    }

    @Test
    void hostClockLatencyShowsTheEstimateAndHowFarItDiffers() {
        ClockStats c = new ClockStats(LatencyClock.HOST, true, 1_500, 90_000, 45_000, 0, 5, 0, 0);
        String line = StatsLine.format(stats(LatencySummary.EMPTY, SOME, c));
        assertTrue(line.contains(" lat_us p50=150 p90=200 p99=300 p99.9=400 max=500 (host-clock: hosts' clocks trusted; "
            + "estimate offset=+1us rtt_min=90us \u00b145us differs by +1us) gaps=0"), line);
        ClockStats none = new ClockStats(LatencyClock.HOST, false, 0, 0, 0, 0, 0, 0, 0);
        assertTrue(StatsLine.format(stats(LatencySummary.EMPTY, SOME, none))
            .contains("(host-clock: hosts' clocks trusted; no estimate yet) gaps=0"));
        assertEquals(LatencyBasis.HOST_CLOCK, stats(LatencySummary.EMPTY, SOME, none).latencyBasis());
    }

    @Test
    void rawLatencySaysWhyAndCountsUnansweredAndBadClockAnswers() {
        ClockStats quiet = new ClockStats(LatencyClock.ESTIMATE, false, 0, 0, 0, 0, 0, 0, 0);
        assertTrue(StatsLine.format(stats(LatencySummary.EMPTY, SOME, quiet))
            .contains(" (raw: clock offset not removed; peer cannot sync clocks or no estimate yet) gaps=0"));
        ClockStats bad = new ClockStats(LatencyClock.ESTIMATE, false, 0, 0, 0, 0, 0, 3, 7);
        String line = StatsLine.format(stats(LatencySummary.EMPTY, SOME, bad));
        assertTrue(line.contains("no estimate yet; clock pings unanswered=7 bad answers=3) gaps=0"), line);
        assertEquals(LatencyBasis.RAW, stats(LatencySummary.EMPTY, SOME, bad).latencyBasis());
    }
}
