package io.quoterelay.receiver;

/**
 * Accounting for one sender session, as this receiver saw it.
 *
 * <p>Once the sender has drained its queue and reported ({@code reportedHighestSeq == highestSeq}):
 * {@code reportedUpstream = delivered + gaps + reportedConflated + conflatedAtReceiver + (joinedAtSeq - 1)}.
 * The last term is zero unless this receiver met the session mid-way (it restarted while the sender ran).
 *
 * @param sessionId          the sender's random session id; legacy (Python) connections get a negative local id
 * @param peer               the remote address (and certificate name when mutual TLS is on)
 * @param legacy             true for a peer that sent no hello (the Python sender): latency is raw
 * @param joinedAtSeq        first sequence number seen, -1 before any quote
 * @param highestSeq         highest sequence number seen
 * @param delivered          distinct sequence numbers handed to the executor (in polling mode, or while
 *                           the I/O thread is between a read and its callbacks, including those waiting for it)
 * @param gaps               sequence numbers never received (lost in flight)
 * @param duplicates         quotes received twice and not delivered again
 * @param outOfOrder         quotes that arrived after a higher number (they closed a gap)
 * @param repeats            snapshot repeats received (already-sent quotes resent on reconnect)
 * @param reportedUpstream   updates the sender received from the exchange, per its last report
 * @param reportedConflated  updates the sender deliberately skipped (link down or slow), per its last report
 * @param reportedHighestSeq the highest sequence number the sender had assigned at its last report
 * @param connections        connections that carried this session
 * @param conflatedAtReceiver distinct sequence numbers received but replaced by a newer quote of the same
 *                           symbol before the executor took them (it was slower than the quotes came)
 */
public record SessionStats(long sessionId, String peer, boolean legacy, long joinedAtSeq, long highestSeq,
                           long delivered, long gaps, long duplicates, long outOfOrder, long repeats,
                           long reportedUpstream, long reportedConflated, long reportedHighestSeq,
                           long connections, long conflatedAtReceiver) {
}
