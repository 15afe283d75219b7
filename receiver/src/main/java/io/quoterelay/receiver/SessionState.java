package io.quoterelay.receiver;

/**
 * What the receiver knows of one sender session: its sequence accounting and the counts the
 * sender reported about itself. Written by the I/O thread only.
 */
final class SessionState {
    final long sessionId;
    final String peer;
    final boolean legacy;
    final SequenceTracker sequence = new SequenceTracker();
    final Counter reportedUpstream = new Counter();
    final Counter reportedConflated = new Counter();
    final Counter reportedRepeats = new Counter();
    final Counter reportedHighestSeq = new Counter();
    final Counter connections = new Counter();
    /** What arbitration did with this line's copies. */
    final LineAccount line = new LineAccount();
    /** Quotes of this session (new numbers only) replaced at the receiver by a newer one of their symbol before the executor took them. */
    final Counter conflatedAtReceiver = new Counter();
    volatile long lastActivityNanoTime;
    /** Connections carrying this session now (legacy sessions take one at a time). */
    int openConnections;

    SessionState(long sessionId, String peer, boolean legacy) {
        this.sessionId = sessionId;
        this.peer = peer;
        this.legacy = legacy;
    }

    SessionStats snapshot() {
        SequenceTracker s = sequence;
        // Read first: a quote conflated meanwhile then still counts as delivered in this snapshot, never as neither.
        long conflated = conflatedAtReceiver.get();
        return new SessionStats(sessionId, peer, legacy, s.joinedAtSeq(), s.highestSeq(), s.delivered.get() - conflated,
            s.gaps.get(), s.duplicates.get(), s.outOfOrder.get(), s.repeats.get(), reportedUpstream.get(),
            reportedConflated.get(), reportedHighestSeq.get(), connections.get(), conflated);
    }
}
