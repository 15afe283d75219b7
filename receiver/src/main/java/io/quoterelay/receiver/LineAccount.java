package io.quoterelay.receiver;

import java.util.Arrays;

/**
 * What arbitration did with one line's (one sender session's) copies. Every copy the line's
 * sequence accounting counts as received is exactly one of: a win, a lost race, too old, or
 * bypassed. Written by the I/O thread, readable from any.
 */
final class LineAccount {
    final Counter wins = new Counter();
    final Counter lostRaces = new Counter();
    final Counter tooOld = new Counter();
    final Counter bypassed = new Counter();
    final Counter covered = new Counter();
    final Counter conflicts = new Counter();
    final Counter repeatsDropped = new Counter();
    final Counter marksReset = new Counter();
    /** Created with the line's first lost race: a line that always wins never pays for the histograms. */
    private volatile LagStats lag;
    /** The sequence accounting's received count at the previous copy: tells a new copy from a snapshot repeat. */
    long seenReceived;
    /**
     * Per symbol slot ({@link SymbolMark#index}): how many of the symbol's delivered updates have a
     * {@code u} at or below this line's latest copy of it; -1 unknown.
     */
    private long[] positions = new long[0];

    LagStats lag() {
        LagStats l = lag;
        if (l == null) {
            l = new LagStats();
            lag = l;
        }
        return l;
    }

    long position(int slot) {
        return slot < positions.length ? positions[slot] : -1;
    }

    void position(int slot, long value) {
        if (slot >= positions.length) {
            int from = positions.length;
            positions = Arrays.copyOf(positions, Math.max(slot + 1, from * 2));
            Arrays.fill(positions, from, positions.length, -1);
        }
        positions[slot] = value;
    }

    LineStats snapshot(SessionState session) {
        LagStats l = lag;
        LatencySummary lagSummary = l == null ? LatencySummary.EMPTY : l.summarize();
        return new LineStats(session.sessionId, session.peer, session.legacy, wins.get(), lostRaces.get(), tooOld.get(),
            bypassed.get(), covered.get(), session.sequence.gaps.get(), session.reportedConflated.get(), conflicts.get(),
            repeatsDropped.get(), marksReset.get(), lagSummary);
    }
}
