package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.sender.UpdateArbiter.Verdict;
import org.junit.jupiter.api.Test;

/** The first-copy-wins rules on made-up updates and a made-up clock. */
class UpdateArbiterTest {
    private static final long MS = 1_000_000L;
    private final UpdateArbiter arbiter = new UpdateArbiter(4, 3, 100 * MS);

    private static QuoteFrame q(String symbol, long u, double bid) {
        return new QuoteFrame().symbol(symbol).updateId(u).bid(bid).ask(bid + 1);
    }

    @Test
    void theFirstCopyWinsAndTheLaterOneIsADuplicateWithItsTrail() {
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 10, 1), 0, true));
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 10, 1), 3 * MS, true));
        assertEquals(3 * MS, arbiter.lastTrailNanos());
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("A", 11, 1), 4 * MS, true));
        assertEquals(Verdict.DUPLICATE, arbiter.offer(0, q("A", 11, 1), 5 * MS, true));
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("B", 5, 1), 5 * MS, true), "symbols are independent");
        assertEquals(0, arbiter.conflicts());
    }

    @Test
    void aLateCopyIsADuplicateWhateverTheLowBitsOfTheUpdatesForwardedSince() {
        // Binance's u (and the benchmark's nanosecond stamps) have random low bits: 1 000 and
        // 1 064 share their lowest six, and 1 000's copy must still be found behind 1 064.
        arbiter.offer(0, q("A", 1_000, 1), 0, true);
        arbiter.offer(0, q("A", 1_064, 2), MS, true);
        arbiter.offer(0, q("A", 1_128, 3), 2 * MS, true);
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 1_000, 1), 3 * MS, true));
        assertEquals(3 * MS, arbiter.lastTrailNanos());
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 1_064, 2), 3 * MS, true));
        assertEquals(0, arbiter.conflicts(), "each copy was compared with its own update");
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 1_032, 9), 3 * MS, true), "never forwarded: stale");
    }

    @Test
    void theRingRemembersExactlyTheLastForwards() {
        for (int u = 1; u <= UpdateArbiter.RECENT + 10; u++) {
            arbiter.offer(0, q("A", u, 1), 0, true);
        }
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 10, 1), 0, true), "forwarded, but 64 forwards ago");
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 11, 1), 0, true), "the oldest it remembers");
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", UpdateArbiter.RECENT + 10, 1), 0, true));
    }

    @Test
    void differentContentOnTheSameUpdateIsAConflictAndStillADuplicate() {
        arbiter.offer(0, q("A", 10, 1), 0, true);
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 10, 2), MS, true));
        assertEquals(1, arbiter.conflicts());
    }

    @Test
    void anOlderUpdateNeverForwardedIsStaleUntilTheResetRuleHolds() {
        arbiter.offer(0, q("A", 1_000_000, 1), 0, true);
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 10, 1), 200 * MS, true));
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 11, 1), 200 * MS, true));
        // The third stale update in a row, 200 ms (over 100) since the last forward: reset.
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("A", 12, 1), 200 * MS, true));
        assertEquals(1, arbiter.markResets());
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("A", 13, 1), 201 * MS, true));
        assertEquals(Verdict.DUPLICATE, arbiter.offer(0, q("A", 13, 1), 202 * MS, true));
    }

    @Test
    void aLineLaggingFarBehindNeverMovesTheMarkBack() {
        for (int u = 1; u <= 200; u++) {
            arbiter.offer(0, q("A", u, 1), 0, true); // far more than the ring remembers
        }
        for (int u = 1; u <= 20; u++) {
            assertEquals(Verdict.STALE, arbiter.offer(1, q("A", u, 1), 500 * MS, true, false, false),
                "an old copy, even long after the leader went quiet");
        }
        assertEquals(0, arbiter.markResets());
    }

    @Test
    void aFreshConnectionAfterTheExchangeRestartedItsNumberingResetsTheMark() {
        for (int u = 100; u <= 200; u++) {
            arbiter.offer(0, q("A", u, 1), 0, true);
        }
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 1, 1), 500 * MS, true, false, true));
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 2, 1), 500 * MS, true, false, true));
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("A", 3, 1), 500 * MS, true, false, true));
        assertEquals(1, arbiter.markResets());
    }

    @Test
    void staleUpdatesInARowAloneDoNotResetWhileTheLeaderKeepsForwarding() {
        arbiter.offer(0, q("A", 1_000, 1), 0, true);
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 10 + i, 1), (50 + i) * MS, true));
        }
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 1_001, 1), 90 * MS, true), "the leader speaks");
        assertEquals(Verdict.STALE, arbiter.offer(1, q("A", 30, 1), 150 * MS, true), "the run starts over");
        assertEquals(0, arbiter.markResets());
    }

    @Test
    void notEnforcingForwardsEverythingAndFollowsTheLatest() {
        arbiter.offer(0, q("A", 10, 1), 0, false);
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 10, 1), 0, false));
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 3, 1), 0, false), "a restarted numbering passes");
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 4, 1), 0, true), "and is the new mark");
    }

    @Test
    void updatesWithoutAnIdAndSymbolsOverTheBoundAreForwardedUnchecked() {
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", -1, 1), 0, true));
        for (String s : new String[] {"A", "B", "C", "D"}) {
            arbiter.offer(0, q(s, 10, 1), 0, true);
        }
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("E", 10, 1), 0, true));
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("E", 10, 1), 0, true), "untracked: not de-duplicated");
        assertTrue(arbiter.conflicts() == 0);
    }

    @Test
    void aHoldingConnectionForwardsNothingAheadOfTheMarkButItsDuplicatesCount() {
        arbiter.offer(0, q("A", 10, 1), 0, true);
        assertEquals(Verdict.HELD, arbiter.offer(1, q("A", 12, 1), MS, true, true, true));
        assertEquals(Verdict.DUPLICATE, arbiter.offer(1, q("A", 10, 1), MS, true, true, true));
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 11, 1), 2 * MS, true), "the other line fills in");
        assertEquals(Verdict.FORWARD, arbiter.offer(0, q("A", 12, 1), 3 * MS, true));
        assertEquals(Verdict.FORWARD, arbiter.offer(1, q("A", 13, 1), 4 * MS, true, false, false), "hold over");
    }
}
