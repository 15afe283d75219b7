package io.quoterelay.receiver;

import java.time.Duration;
import java.util.List;

/**
 * A snapshot of the receiver, in small groups: the last stats interval, the accounting of every
 * update, latency since start, the clock estimate, connections, frames, and the feed as merged
 * from several senders; then each session's and each line's own figures. Counts are cumulative
 * since start unless a group says otherwise. An executor reads, for example,
 * {@code stats.accounting().gaps()} or {@code stats.interval().headline().p99Ns()}.
 *
 * <p>Latency is sender write → receiver decode. It is "corrected" when the sender answered clock
 * pings, so the clock offset between the hosts could be removed (true within
 * {@link ClockStats#errorBoundNs()}); "raw" (receive minus send timestamp, offset included) for
 * peers that cannot answer, such as the Python sender, and for every quote when the receiver
 * trusts the host clocks ({@link LatencyClock#HOST}, then labelled host-clock). A quote counts in
 * exactly one of the two.
 *
 * @param uptime      time since the receiver started
 * @param interval    the time since the last stats line: its length, quotes and latency
 * @param accounting  where every update went: delivered, lost in flight, conflated, repeated
 * @param latency     latency and callback time since start
 * @param clock       the clock-offset estimate with its error bound, and which clock latency trusts
 * @param connections sender connections: open, accepted and refused
 * @param frames      frames that closed their connection, or were ignored
 * @param merged      with several senders carrying the feed, what the executor got from all of them together
 * @param sessions    per-session accounting, most recent first
 * @param lines       per-line arbitration (one line per sender session), in the order of {@code sessions}
 * @param lastSymbol  symbol of the last quote, or null
 * @param lastMid     mid of the last quote
 */
public record ReceiverStats(Duration uptime, Interval interval, Accounting accounting, Latency latency,
                            ClockStats clock, Connections connections, Frames frames, Merged merged,
                            List<SessionStats> sessions, List<LineStats> lines, String lastSymbol, double lastMid) {

    /**
     * The time since the last stats line (the interval the stats line reports).
     *
     * @param length    how long the interval is
     * @param quotes    quotes delivered in the interval
     * @param corrected offset-corrected latency in the interval
     * @param raw       raw latency in the interval
     */
    public record Interval(Duration length, long quotes, LatencySummary corrected, LatencySummary raw) {

        /** {@return quotes per second over the interval} */
        public double rate() {
            double secs = length.toNanos() / 1e9;
            return secs > 0 ? quotes / secs : 0;
        }

        /** {@return the headline latency of the interval: corrected, else raw (host-clock latency is recorded as raw)} */
        public LatencySummary headline() {
            return corrected.count() > 0 ? corrected : raw;
        }
    }

    /**
     * Where every update went, summed over all sessions. Per session, {@link SessionStats} holds the
     * terms of the identity {@code received from Binance = delivered + gaps + conflated}.
     *
     * @param delivered              quotes delivered to the executor (a snapshot repeat only when the executor
     *                               lacks its update, or it has no u; in polling mode, or while the I/O thread
     *                               is between a read and its callbacks, those waiting for it too)
     * @param gaps                   sequence numbers never received (lost in flight)
     * @param duplicates             quotes received twice and not delivered again
     * @param outOfOrder             quotes that arrived after a higher sequence number
     * @param conflated              updates the senders deliberately skipped, as they reported
     * @param repeats                snapshot repeats received after reconnects
     * @param conflatedAtReceiver    quotes replaced by a newer quote of the same symbol before the executor took
     *                               them (it was slower than the quotes came): never delivered, counted here
     *                               (snapshot repeats included) and, for new sequence numbers, in their
     *                               session's {@link SessionStats#conflatedAtReceiver()}
     * @param droppedOverSymbolLimit quotes of symbols beyond the receiver's bound on waiting symbols
     *                               ({@code polling(maxSymbols)}, else 4096) that never reached the executor;
     *                               should stay 0 (Binance lists fewer); the per-session accounting identity is
     *                               off by exactly this many
     * @param sessionResets          times a peer started a new session (a sender restarted)
     * @param callbackErrors         executor callbacks (or polled listeners) that threw
     */
    public record Accounting(long delivered, long gaps, long duplicates, long outOfOrder, long conflated,
                             long repeats, long conflatedAtReceiver, long droppedOverSymbolLimit,
                             long sessionResets, long callbackErrors) {
    }

    /**
     * Latency since start.
     *
     * @param corrected offset-corrected latency
     * @param raw       raw latency
     * @param callback  time spent in the executor's callback (callback mode only)
     * @param clamped   samples outside the histograms' range (e.g. a negative raw latency), clamped
     */
    public record Latency(LatencySummary corrected, LatencySummary raw, LatencySummary callback, long clamped) {
    }

    /**
     * Sender connections.
     *
     * @param active      connections open now
     * @param accepted    connections accepted that went on to TLS (not those refused at accept)
     * @param refused     connections whose TLS handshake failed (no or wrong certificate, plaintext)
     * @param timedOut    connections closed because the peer went silent
     * @param notAllowed  connections refused at accept, before TLS: source not in ALLOWED_SENDERS
     * @param rateLimited connections refused at accept, before TLS: over the per-address handshake rate
     */
    public record Connections(int active, long accepted, long refused, long timedOut, long notAllowed,
                              long rateLimited) {
    }

    /**
     * Frames that were not quotes or known control frames.
     *
     * @param malformed frames that were not valid relay messages (their connections were closed)
     * @param oversize  frames whose length exceeded the maximum (their connections were closed)
     * @param ignored   valid frames that were neither quote nor control, or unknown control types
     */
    public record Frames(long malformed, long oversize, long ignored) {
    }

    /**
     * The feed as the executor got it from all lines together (docs/operations.md, "Two or more
     * senders"); with one sender, its gaps and conflation.
     *
     * @param gaps       gaps no line covered: updates lost in flight on one line that no other line delivered
     * @param conflated  conflated updates (reported by a sender) that no other line covered
     * @param lostCopies copies that lost to another line's copy of the same update: arrived later (lost races),
     *                   or never arrived while another line delivered the update (covered gaps and conflation)
     * @param tooOld     copies older than the newest delivered update of their symbol, dropped
     */
    public record Merged(long gaps, long conflated, long lostCopies, long tooOld) {
    }

    /**
     * What the headline latency of the interval ({@link Interval#headline()}, the stats line's
     * {@code lat_us}) is measured against: host clocks when configured so; else corrected when any
     * quote in the interval was corrected, raw when only raw quotes came, and with no quotes what
     * the next would be.
     *
     * @return the basis of the interval's headline latency
     */
    public LatencyBasis latencyBasis() {
        if (clock.latencyClock() == LatencyClock.HOST) {
            return LatencyBasis.HOST_CLOCK;
        }
        if (interval.corrected().count() > 0) {
            return LatencyBasis.CORRECTED;
        }
        if (interval.raw().count() > 0) {
            return LatencyBasis.RAW;
        }
        return clock.synced() ? LatencyBasis.CORRECTED : LatencyBasis.RAW;
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
