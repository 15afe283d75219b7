package io.quoterelay.receiver;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of the receiver: cumulative counts since start, and latency both for the current
 * interval (since the last stats line) and cumulatively.
 *
 * <p>Latency is sender write → receiver decode. It is "corrected" when the sender answered clock
 * pings, so the clock offset between the hosts could be removed (true within
 * {@link #clockErrorBoundNs()}); "raw" (receive minus send timestamp, offset included) for peers
 * that cannot answer, such as the Python sender, and for every quote when the receiver trusts the
 * host clocks ({@link LatencyClock#HOST}, then labelled host-clock). A quote counts in exactly
 * one of the two.
 *
 * @param uptime            time since the receiver started
 * @param intervalLength    time since the last stats line (the interval the {@code interval*} values cover)
 * @param intervalQuotes    quotes delivered in the interval
 * @param delivered         quotes delivered to the executor (a snapshot repeat only when the executor lacks its
 *                          update, or it has no u; in polling mode, or while the I/O thread is between a read and
 *                          its callbacks, those waiting for it too)
 * @param correctedInterval offset-corrected latency in the interval
 * @param rawInterval       raw latency in the interval
 * @param correctedTotal    offset-corrected latency since start
 * @param rawTotal          raw latency since start
 * @param latencyClamped    samples outside the histogram's range (e.g. negative raw latency), clamped
 * @param clockSynced       whether a clock offset estimate exists (also in {@link #clock()})
 * @param clockOffsetNs     sender clock minus receiver clock, from the most recent link with an estimate
 * @param clockRttNs        round trip of the exchange that estimate came from (rtt_min; also in {@link #clock()})
 * @param callbackNanos     time spent in the executor's callback, whole run
 * @param sessionResets     times a peer started a new session (a sender restarted)
 * @param callbackErrors    callbacks that threw
 * @param malformedFrames   frames that were not valid relay messages (their connections were closed)
 * @param oversizeFrames    frames whose length exceeded the maximum (their connections were closed)
 * @param ignoredFrames     valid frames that were neither quote nor control, or unknown control types
 * @param refusedConnections connections whose TLS handshake failed (no or wrong certificate, plaintext); see also
 *                          {@code notAllowedConnections} and {@code rateLimitedConnections}
 * @param timedOutConnections connections closed because the peer went silent
 * @param activeConnections connections open now
 * @param acceptedConnections connections accepted since start that went on to TLS (not those refused at accept)
 * @param sessions          per-session accounting, most recent first
 * @param lastSymbol        symbol of the last quote, or null
 * @param lastMid           mid of the last quote
 * @param clock             the clock-offset estimate with its error bound, and which clock latency trusts
 * @param notAllowedConnections connections refused at accept, before TLS: source not in ALLOWED_SENDERS
 * @param droppedOverSymbolLimit quotes of symbols beyond the receiver's bound on waiting symbols
 *                          ({@code polling(maxSymbols)}, else 4096) that never reached the executor; should stay 0
 *                          (Binance lists fewer); the per-session accounting identity is off by exactly this many
 * @param rateLimitedConnections connections refused at accept, before TLS: over the per-address handshake rate
 * @param conflatedAtReceiver quotes replaced by a newer quote of the same symbol before the executor took them
 *                          (it was slower than the quotes came): never delivered, counted here (snapshot repeats
 *                          included) and, for new sequence numbers, in their session's
 *                          {@link SessionStats#conflatedAtReceiver()}
 * @param lines             per-line arbitration (one line per sender session), in the order of {@code sessions}
 */
public record ReceiverStats(Duration uptime, Duration intervalLength, long intervalQuotes, long delivered,
                            LatencySummary correctedInterval, LatencySummary rawInterval,
                            LatencySummary correctedTotal, LatencySummary rawTotal, long latencyClamped,
                            boolean clockSynced, long clockOffsetNs, long clockRttNs, LatencySummary callbackNanos,
                            long sessionResets, long callbackErrors, long malformedFrames, long oversizeFrames,
                            long ignoredFrames, long refusedConnections, long timedOutConnections,
                            int activeConnections, long acceptedConnections, List<SessionStats> sessions,
                            String lastSymbol, double lastMid, ClockStats clock, long notAllowedConnections,
                            long rateLimitedConnections, long droppedOverSymbolLimit, long conflatedAtReceiver,
                            List<LineStats> lines) {

    /** {@return the error bound: the true clock offset lies within {@code clockOffsetNs ± this}; rtt_min / 2, 0 without an estimate} */
    public long clockErrorBoundNs() {
        return clock.errorBoundNs();
    }

    /**
     * What the headline latency (the stats line's {@code lat_us}) of this interval is measured
     * against: host clocks when configured so; else corrected when any quote in the interval was
     * corrected, raw when only raw quotes came, and with no quotes what the next would be.
     *
     * @return the basis of the interval's headline latency
     */
    public LatencyBasis latencyBasis() {
        if (clock.latencyClock() == LatencyClock.HOST) {
            return LatencyBasis.HOST_CLOCK;
        }
        if (correctedInterval.count() > 0) {
            return LatencyBasis.CORRECTED;
        }
        if (rawInterval.count() > 0) {
            return LatencyBasis.RAW;
        }
        return clockSynced ? LatencyBasis.CORRECTED : LatencyBasis.RAW;
    }

    /** {@return the headline latency of the interval: corrected, else raw (host-clock latency is recorded as raw)} */
    public LatencySummary headlineInterval() {
        return correctedInterval.count() > 0 ? correctedInterval : rawInterval;
    }

    /** {@return sequence numbers never received, summed over all sessions} */
    public long gaps() {
        return sessions.stream().mapToLong(SessionStats::gaps).sum();
    }

    /** {@return quotes received twice and not delivered again, summed over all sessions} */
    public long duplicates() {
        return sessions.stream().mapToLong(SessionStats::duplicates).sum();
    }

    /** {@return quotes that arrived after a higher sequence number, summed over all sessions} */
    public long outOfOrder() {
        return sessions.stream().mapToLong(SessionStats::outOfOrder).sum();
    }

    /** {@return updates the senders deliberately skipped, as they reported, summed over all sessions} */
    public long conflated() {
        return sessions.stream().mapToLong(SessionStats::reportedConflated).sum();
    }

    /** {@return snapshot repeats received after reconnects, summed over all sessions} */
    public long repeats() {
        return sessions.stream().mapToLong(SessionStats::repeats).sum();
    }

    /** {@return quotes per second over the interval} */
    public double intervalRate() {
        double secs = intervalLength.toNanos() / 1e9;
        return secs > 0 ? intervalQuotes / secs : 0;
    }

    /** {@return gaps no line covered: updates lost in flight on one line that no other line delivered (docs/operations.md)} */
    public long mergedGaps() {
        return lines.stream().mapToLong(LineStats::uncoveredGaps).sum();
    }

    /** {@return conflated updates (reported by a sender) that no other line covered} */
    public long mergedConflated() {
        return lines.stream().mapToLong(LineStats::uncoveredConflated).sum();
    }

    /**
     * Copies that lost to another line's copy of the same update: arrived later (lost races), or never
     * arrived while another line delivered the update (covered gaps and conflation).
     *
     * @return lost races plus covered gaps and conflation, summed over all lines
     */
    public long lostCopies() {
        return lines.stream().mapToLong(l -> l.lostRaces() + l.coveredMissed()).sum();
    }

    /** {@return copies older than the newest delivered update of their symbol, dropped, summed over all lines} */
    public long tooOld() {
        return lines.stream().mapToLong(LineStats::tooOld).sum();
    }

    /**
     * One line's arbitration.
     *
     * @param sessionId the sender's session id ({@link Quote#sessionId()})
     * @return the line of this session, or null
     */
    public LineStats line(long sessionId) {
        return lines.stream().filter(l -> l.sessionId() == sessionId).findFirst().orElse(null);
    }

    /**
     * One session's accounting.
     *
     * @param sessionId the sender's session id ({@link Quote#sessionId()})
     * @return the session with this id, or null
     */
    public SessionStats session(long sessionId) {
        return sessions.stream().filter(s -> s.sessionId() == sessionId).findFirst().orElse(null);
    }
}
