package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.RateLimitedLog;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

/** Arbitration by (symbol, u) as the quote path drives it: sequence accounting first, then the arbiter. */
class FeedArbiterTest {
    private static final long MS = 1_000_000L;
    private final FeedArbiter arbiter = new FeedArbiter(log("conflicts"), log("stale"), 4, 10 * MS);
    private final SessionState a = new SessionState(0xa, "a@127.0.0.1", false);
    private final SessionState b = new SessionState(0xb, "b@127.0.0.1", false);
    private final List<Long> delivered = new ArrayList<>();

    private static RateLimitedLog log(String what) {
        return new RateLimitedLog(NOPLogger.NOP_LOGGER, what, 1_000_000_000L, null);
    }

    private static QuoteFrame quote(long seq, String symbol, long u) {
        return new QuoteFrame().seq(seq).symbol(symbol).exactPrices(100_00 + u, 2, 100_01 + u, 2)
            .exactQuantities(1, 0, 2, 0).updateId(u);
    }

    /** What ReceiverCore.onQuote does before delivery; returns whether the executor got it. */
    private boolean offer(SessionState line, QuoteFrame q, long receiveNs) {
        if (line.sequence.onQuote(q.seq(), q.repeat()) == SequenceTracker.Verdict.DUPLICATE) {
            return false;
        }
        boolean admitted = arbiter.admit(line, q, receiveNs);
        if (admitted) {
            delivered.add(q.updateId());
        }
        return admitted;
    }

    private boolean offer(SessionState line, long seq, long u, long receiveNs) {
        return offer(line, quote(seq, "BTCUSDT", u), receiveNs);
    }

    private static LineStats stats(SessionState s) {
        return s.line.snapshot(s);
    }

    @Test
    void aSingleLineWithRisingUpdateIdsLosesNothing() {
        for (int i = 1; i <= 100; i++) {
            assertTrue(offer(a, i, 1000 + i, i * MS));
        }
        LineStats s = stats(a);
        assertEquals(100, s.wins());
        assertEquals(0, s.lostRaces() + s.tooOld() + s.covered() + s.bypassed());
    }

    @Test
    void theFirstCopyWinsAndTheLaterOneIsALostRaceWithItsLag() {
        assertTrue(offer(a, 1, 10, 0));
        assertFalse(offer(b, 1, 10, 5 * MS));
        assertTrue(offer(b, 2, 11, 6 * MS));
        assertFalse(offer(a, 2, 11, 9 * MS));
        assertEquals(List.of(10L, 11L), delivered);
        assertEquals(1, stats(a).wins());
        assertEquals(1, stats(a).lostRaces());
        assertEquals(1, stats(b).wins());
        LatencySummary lagB = stats(b).lagBehindWinner();
        assertEquals(1, lagB.count());
        assertTrue(Math.abs(lagB.p50Ns() - 5 * MS) < 0.05 * MS, "lag " + lagB);
        assertTrue(Math.abs(stats(a).lagBehindWinner().p50Ns() - 3 * MS) < 0.05 * MS);
    }

    @Test
    void anUpdateOlderThanTheLastDeliveredIsNeverDelivered() {
        offer(a, 1, 10, 0);
        offer(a, 2, 12, 1);
        assertFalse(offer(b, 1, 11, 2), "u=11 arrives after u=12 was delivered");
        assertEquals(List.of(10L, 12L), delivered);
        assertEquals(1, stats(b).tooOld());
        assertEquals(0, stats(b).lostRaces());
    }

    @Test
    void symbolsAreArbitratedApart() {
        offer(a, 1, 10, 0);
        assertTrue(offer(b, quote(1, "ETHUSDT", 5), 1), "ETHUSDT u=5 is not older than BTCUSDT's u=10");
        assertEquals(List.of(10L, 5L), delivered);
    }

    @Test
    void aSnapshotRepeatOfADeliveredUpdateIsDroppedAsARepeatNotAConflict() {
        offer(a, 1, 10, 0);
        offer(b, 1, 10, 1);
        QuoteFrame repeat = quote(1, "BTCUSDT", 10).snapshot(true).repeat(true).bid(1.0);
        assertFalse(offer(a, repeat, 2));
        assertEquals(1, stats(a).repeatsDropped());
        assertEquals(0, stats(a).conflicts());
        assertEquals(1, stats(a).wins(), "a repeat is not a new copy");
        assertEquals(1, a.sequence.delivered.get());
    }

    @Test
    void aRepeatThatClosesALineGapIsAFreshCopy() {
        offer(a, 1, 10, 0);
        offer(a, 3, 12, 1); // seq 2 (u=11) lost in flight
        QuoteFrame repeat = quote(2, "ETHUSDT", 7).snapshot(true).repeat(true);
        assertTrue(offer(a, repeat, 2), "its original never arrived: this copy is the update");
        assertEquals(3, stats(a).wins());
        assertEquals(0, stats(a).gaps());
    }

    @Test
    void copiesThatDisagreeKeepTheFirstAndCountTheConflict() {
        offer(a, 1, 10, 0);
        QuoteFrame other = quote(1, "BTCUSDT", 10).exactPrices(99_00, 2, 99_50, 2);
        assertFalse(offer(b, other, 1));
        assertEquals(1, stats(b).conflicts());
        assertEquals(1, stats(b).lostRaces());
        assertFalse(offer(b, quote(2, "BTCUSDT", 10), 2), "an agreeing duplicate of its own is no conflict");
        assertEquals(1, stats(b).conflicts());
    }

    @Test
    void aLineGapThatAnotherLineDeliveredIsCoveredNotAMergedGap() {
        for (int u = 1; u <= 5; u++) {
            offer(a, u, u, u);
        }
        offer(b, 1, 1, 10);
        offer(b, 5, 5, 11); // seqs 2..4 lost in flight on b: a delivered them
        LineStats sb = stats(b);
        assertEquals(3, sb.gaps());
        assertEquals(3, sb.covered());
        assertEquals(0, sb.uncoveredGaps());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), delivered);
    }

    @Test
    void anUpdateEveryLineMissedIsAMergedGapOnEachLineThatLostIt() {
        offer(a, 1, 1, 0);
        offer(b, 1, 1, 1);
        offer(a, 3, 3, 2); // u=2 lost on both lines
        offer(b, 3, 3, 3);
        assertEquals(1, stats(a).uncoveredGaps());
        assertEquals(1, stats(b).uncoveredGaps());
        assertEquals(List.of(1L, 3L), delivered);
    }

    @Test
    void coverageCountsOnlyTheUpdatesBetweenTheLinesOwnCopies() {
        // b lags: its copies lose races, and its gap (seq 3 = u 3) was delivered by a.
        for (int u = 1; u <= 6; u++) {
            offer(a, u, u, u);
        }
        offer(b, 1, 1, 10);
        offer(b, 2, 2, 11);
        offer(b, 4, 4, 12);
        offer(b, 5, 5, 13);
        assertEquals(1, stats(b).covered());
        assertEquals(1, stats(b).gaps());
        assertEquals(4, stats(b).lostRaces());
    }

    @Test
    void aLineFurtherBehindThanTheRememberedDeliveriesStillLosesRacesAndHasItsGapsCovered() {
        int n = 3 * SymbolMark.CAPACITY;
        offer(b, 1, 1, 0); // b's first copy, before a runs away
        for (int u = 1; u <= n; u++) {
            offer(a, u, u, u);
        }
        for (int u = 2; u <= n; u++) {
            if (u % 7 != 0 || u == n) {
                assertFalse(offer(b, u, u, n + u));
            }
        }
        LineStats sb = stats(b);
        assertEquals(n / 7, sb.gaps());
        assertEquals(sb.gaps(), sb.covered(), sb.toString());
        assertEquals(n - n / 7 - 1, sb.lostRaces(), "copies older than the remembered deliveries count as lost races");
        assertEquals(1, sb.wins());
        assertEquals(0, sb.tooOld());
    }

    @Test
    void aMarkFarAheadIsAbandonedAfterEnoughOlderCopiesOverEnoughTime() {
        offer(a, 1, 10, 0);
        offer(a, 2, 1_000_000_000L, 1); // a bad line jumps far ahead
        assertFalse(offer(b, 1, 11, 2 * MS));
        assertFalse(offer(b, 2, 12, 4 * MS));
        assertFalse(offer(b, 3, 13, 6 * MS), "3 copies: not yet");
        assertFalse(offer(b, 4, 14, 8 * MS), "4 copies but only 6 ms: not yet");
        assertTrue(offer(b, 5, 15, 12 * MS), "4+ copies over 10+ ms with nothing newer: the mark is stale");
        assertTrue(offer(b, 6, 16, 13 * MS), "and b's updates flow again");
        assertEquals(List.of(10L, 1_000_000_000L, 15L, 16L), delivered);
        assertEquals(1, stats(a).marksReset());
        assertEquals(4, stats(b).tooOld());
        assertEquals(2, stats(b).wins());
    }

    @Test
    void aLineThatMerelyTrailsNeverUnseatsTheMark() {
        for (int u = 1; u <= 20; u++) {
            offer(a, u, 1000 + u, u);
        }
        // a went quiet; b's copies of updates a never delivered keep coming, but each is older
        // than several delivered updates, not just the mark: b is behind, the mark is not stale.
        for (int i = 1; i <= 20; i++) {
            assertFalse(offer(b, i, 900 + i, (100 + i) * MS));
        }
        assertEquals(0, stats(a).marksReset());
        assertEquals(20, stats(b).tooOld());
    }

    @Test
    void aWinInBetweenRestartsTheStaleCount() {
        offer(a, 1, 100, 0);
        offer(b, 1, 50, MS);
        offer(b, 2, 51, 20 * MS);
        offer(a, 2, 101, 21 * MS); // the leading line still sends newer updates: its mark is live
        offer(b, 3, 52, 30 * MS);
        offer(b, 4, 53, 40 * MS);
        assertFalse(offer(b, 5, 54, 50 * MS), "3 old copies since the last win");
        assertEquals(0, stats(a).marksReset());
    }

    @Test
    void quotesWithoutUpdateIdBypassArbitration() {
        SessionState legacy = new SessionState(-1, "127.0.0.1", true);
        QuoteFrame q = new QuoteFrame().seq(1).symbol("BTCUSDT").bid(1).ask(2).mid(1.5);
        assertTrue(offer(legacy, q, 0));
        assertTrue(offer(legacy, new QuoteFrame().copyFrom(q).seq(2), 1));
        assertEquals(2, stats(legacy).bypassed());
        assertEquals(0, stats(legacy).wins());
    }

    @Test
    void whatNoLineDeliveredIsExactlyTheMergedGapsWhateverTheInterleaving() {
        java.util.Random r = new java.util.Random(11);
        int n = 3_000;
        int[] next = {1, 1};
        long[] seq = {0, 0};
        SessionState[] lines = {a, b};
        long t = 0;
        while (next[0] <= n || next[1] <= n) {
            int l = next[1] > n || (next[0] <= n && r.nextBoolean()) ? 0 : 1;
            if (Math.abs(next[l] - next[1 - l]) > 20 && next[1 - l] <= n && next[l] > next[1 - l]) {
                l = 1 - l; // lines stay within 20 updates of each other
            }
            int i = next[l]++;
            seq[l]++;
            if (l == 0 && i % 5 == 0 && i < n) {
                continue; // a loses every 5th update in flight
            }
            offer(lines[l], quote(seq[l], i % 3 == 0 ? "ETHUSDT" : i % 3 == 1 ? "BTCUSDT" : "SOLUSDT", i), t++);
        }
        LineStats sa = stats(a);
        LineStats sb = stats(b);
        assertEquals(n - delivered.size(), sa.uncoveredGaps() + sb.uncoveredGaps(), sa + " " + sb);
        assertEquals(sb.tooOld(), sa.uncoveredGaps());
    }

    @Test
    void everyCopyIsExactlyOneOfWinLostRaceTooOldOrBypassed() {
        java.util.Random r = new java.util.Random(7);
        SessionState[] lines = {a, b};
        long[] seq = {0, 0};
        for (int u = 1; u <= 2_000; u++) {
            for (int l = 0; l < 2; l++) {
                seq[l]++;
                if (u > 1 && u < 2_000 && r.nextInt(10) == 0) {
                    continue; // lost in flight on this line (not the first or last: a gap needs both ends)
                }
                String symbol = u % 3 == 0 ? "ETHUSDT" : "BTCUSDT";
                offer(lines[l], quote(seq[l], symbol, u), u * MS + r.nextInt(3) * MS);
            }
        }
        for (SessionState s : lines) {
            LineStats l = stats(s);
            assertEquals(s.sequence.delivered.get(), l.wins() + l.lostRaces() + l.tooOld() + l.bypassed());
            assertEquals(2_000, l.wins() + l.lostRaces() + l.tooOld() + l.gaps(), "nothing conflated here");
        }
        assertEquals(delivered.size(), stats(a).wins() + stats(b).wins());
    }
}
