package io.quoterelay.receiver;

/**
 * One line (one sender session) as arbitration saw it. With several senders for the same feed
 * the receiver delivers, per symbol, the first copy of each Binance update id {@code u}; this says
 * how each line fared. See docs/operations.md, "Two or more senders", for the identity.
 *
 * <p>Per line, once its sender drained and reported:
 * {@code reportedUpstream = wins + lostRaces + tooOld + bypassed + gaps + conflated + (joinedAtSeq - 1)};
 * the first four add up to the session's {@code delivered} in {@link SessionStats}.
 *
 * @param sessionId      the sender's session id (as in {@link SessionStats})
 * @param peer           the remote address, with the certificate name under mutual TLS
 * @param legacy         a Python sender: no {@code u}, so every copy bypasses arbitration
 * @param wins           copies delivered to the executor: the first copy of their update
 * @param lostRaces      copies of an update already delivered (another line's copy came first), dropped
 * @param tooOld         copies older than an update already delivered for their symbol and never delivered
 *                       themselves (or delivered so long ago the receiver no longer remembers), dropped
 * @param bypassed       copies delivered without arbitration: no {@code u} (legacy), or the symbol table was full
 * @param covered        updates this line never brought (lost in flight or conflated by its sender) that another
 *                       line delivered; at most {@code gaps + conflated} count, see {@link #coveredMissed()}
 * @param gaps           this line's own sequence gaps (as in {@link SessionStats#gaps()})
 * @param conflated      updates this line's sender skipped, as it reported
 * @param conflicts      lost races whose content differed from the delivered copy (the first copy was kept)
 * @param repeatsDropped snapshot repeats of an update already delivered, dropped (not copies: not in the identity)
 * @param marksReset     times this line's newest update of a symbol was abandoned as stale because the other
 *                       lines' updates stayed below it (see docs/operations.md)
 * @param lagBehindWinner how much later this line's copies of an update arrived than the winning copy, over its
 *                       lost races (cumulative); empty when it never lost one
 */
public record LineStats(long sessionId, String peer, boolean legacy, long wins, long lostRaces, long tooOld,
                        long bypassed, long covered, long gaps, long conflated, long conflicts, long repeatsDropped,
                        long marksReset, LatencySummary lagBehindWinner) {

    /** {@return of this line's gaps and conflated updates, those another line delivered} */
    public long coveredMissed() {
        return Math.min(covered, gaps + conflated);
    }

    /** {@return this line's gaps that no line delivered: what the line's gaps cost the executor} */
    public long uncoveredGaps() {
        return gaps - Math.min(gaps, covered);
    }

    /** {@return this line's conflated updates that no line delivered (coverage is applied to gaps first)} */
    public long uncoveredConflated() {
        return gaps + conflated - coveredMissed() - uncoveredGaps();
    }
}
