package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SequenceTrackerTest {
    private final SequenceTracker t = new SequenceTracker();

    private void feed(long... seqs) {
        for (long s : seqs) {
            t.onQuote(s, false);
        }
    }

    private void assertCounts(long delivered, long gaps, long dup, long ooo) {
        assertEquals(delivered, t.delivered.get(), "delivered");
        assertEquals(gaps, t.gaps.get(), "gaps");
        assertEquals(dup, t.duplicates.get(), "duplicates");
        assertEquals(ooo, t.outOfOrder.get(), "out of order");
    }

    @Test
    void consecutiveNumbersAreAllDelivered() {
        feed(1, 2, 3, 4);
        assertCounts(4, 0, 0, 0);
        assertEquals(4, t.highestSeq());
        assertEquals(1, t.joinedAtSeq());
    }

    @Test
    void skippedNumbersCountAsGapsExactlyOnce() {
        feed(1, 2, 5, 6, 10);
        assertCounts(5, 5, 0, 0);
    }

    @Test
    void aLateArrivalClosesItsGapInsteadOfCountingAsDuplicate() {
        feed(1, 5);
        assertCounts(2, 3, 0, 0);
        feed(3);
        assertCounts(3, 2, 0, 1);
        feed(2, 4);
        assertCounts(5, 0, 0, 3);
        feed(3);
        assertCounts(5, 0, 1, 3);
    }

    @Test
    void aNumberSeenTwiceIsADuplicateAndNotDeliveredAgain() {
        feed(1, 2);
        assertEquals(SequenceTracker.Verdict.DUPLICATE, t.onQuote(2, false));
        assertCounts(2, 0, 1, 0);
    }

    @Test
    void joiningMidSessionCountsNothingBeforeTheFirstNumberSeen() {
        feed(1000, 1001);
        assertCounts(2, 0, 0, 0);
        assertEquals(1000, t.joinedAtSeq());
    }

    @Test
    void snapshotRepeatsRefreshWithoutCountingUnlessTheyRecoverALoss() {
        feed(1, 2, 3);
        // Reconnect: seq 2 (another symbol's latest) is repeated: already delivered, only refreshes.
        assertEquals(SequenceTracker.Verdict.REFRESH, t.onQuote(2, true));
        assertCounts(3, 0, 0, 0);
        // 4 and 5 were lost in flight; 5 comes back as a repeat and so is delivered, 4 is a gap.
        assertEquals(SequenceTracker.Verdict.DELIVER, t.onQuote(5, true));
        feed(6);
        assertCounts(5, 1, 0, 0);
        assertEquals(2, t.repeats.get());
    }

    @Test
    void repeatsBeforeJoiningDoNotSetTheStartingPoint() {
        assertEquals(SequenceTracker.Verdict.REFRESH, t.onQuote(4, true));
        t.onQuote(990, true);
        feed(991, 992);
        assertEquals(991, t.joinedAtSeq());
        assertCounts(2, 0, 0, 0);
    }

    @Test
    void aRepeatInsideAnOpenGapRecoversIt() {
        feed(1, 2, 6);
        t.onQuote(4, true);
        assertCounts(4, 2, 0, 1);
        feed(3, 5);
        assertCounts(6, 0, 0, 3);
    }

    @Test
    void everyNumberIsDeliveredOrAGapWhateverTheOrder() {
        java.util.Random r = new java.util.Random(7);
        long highest = 0;
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            long s = Math.max(1, highest + r.nextInt(6) - 2);
            t.onQuote(s, false);
            seen.add(s);
            highest = Math.max(highest, s);
        }
        assertEquals(highest - t.joinedAtSeq() + 1, t.delivered.get() + t.gaps.get(), "delivered + gaps covers the range");
    }
}
