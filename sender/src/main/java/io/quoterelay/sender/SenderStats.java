package io.quoterelay.sender;

import java.util.List;

/**
 * An immutable snapshot of the sender's cumulative counters.
 *
 * @param binanceMessages   WebSocket text messages processed, every hot-hot line's copy counted
 * @param quotes            bookTicker quotes forwarded: first copies only (each link's upstream)
 * @param nonQuotes         acknowledgements, errors, serverShutdown and other events
 * @param malformed         not JSON, or a bookTicker with missing or wrongly typed fields
 * @param binanceReconnects Binance connections opened after each line's first, rollovers included
 * @param binanceRollovers  planned make-before-break rollovers started (lifetime reached or
 *                          {@code serverShutdown}); each opens a connection that counts as a reconnect
 *                          once it is up
 * @param overlapDuplicates copies dropped as already forwarded by update id: hot-hot lines' lost races
 *                          and a rollover's overlap
 * @param binanceOversizeFrames Binance connections closed for a frame or message over the size limit
 * @param binanceState      UP while any Binance line delivers
 * @param binanceLastError  why the Binance connection is down, or null
 * @param links             one entry per receiver, in configuration order
 * @param binanceStale      updates dropped as older than their symbol's last forwarded {@code u}
 * @param binanceConflicts  copies of one (symbol, {@code u}) whose content differed from the forwarded one
 * @param binanceMarkResets symbols whose update-id mark was reset because a line ran far ahead
 * @param binanceSilenceReplacements connections the silence watchdog replaced while another line delivered
 * @param binanceConnections one entry per hot-hot line, in line order
 */
public record SenderStats(long binanceMessages, long quotes, long nonQuotes, long malformed, long binanceReconnects,
                          long binanceRollovers, long overlapDuplicates, long binanceOversizeFrames, LinkState binanceState, String binanceLastError, List<LinkStats> links,
                          long binanceStale, long binanceConflicts, long binanceMarkResets,
                          long binanceSilenceReplacements, List<BinanceConnectionStats> binanceConnections) {
    public SenderStats {
        links = List.copyOf(links);
        binanceConnections = List.copyOf(binanceConnections);
    }

    /**
     * One hot-hot Binance line (its connections come and go; the counts are the line's since start).
     *
     * @param index                line number, 0 up
     * @param state                CONNECTING, UP, DOWN or CLOSED
     * @param lastError            why it is down, or null
     * @param localAddress         source address it binds to, or null
     * @param messages             text messages read on this line
     * @param wins                 updates this line delivered first (forwarded)
     * @param duplicates           copies that lost the race to another line
     * @param stale                updates older than their symbol's mark, never forwarded
     * @param trailP50Us           median of how long its lost copies came after the winner, microseconds
     * @param trailP99Us           99th percentile of the same
     * @param silenceReplacements  connections of this line the silence watchdog replaced
     */
    public record BinanceConnectionStats(int index, LinkState state, String lastError, String localAddress,
                                         long messages, long wins, long duplicates, long stale, long trailP50Us,
                                         long trailP99Us, long silenceReplacements) {
        /** Share of this line's updates that won, 0..1 (NaN before any). */
        public double winShare() {
            long all = wins + duplicates;
            return all == 0 ? Double.NaN : (double) wins / all;
        }
    }

    /**
     * One receiver link. Always {@code upstream == sent + conflated + pending}.
     *
     * @param receiver       "host:port"
     * @param sessionId      this link's session id (each link numbers its own quotes)
     * @param state          CONNECTING, UP, DOWN or CLOSED
     * @param lastError      why it is down, or null
     * @param upstream       quotes handed to this link
     * @param sent           highest sequence number assigned = distinct quotes sent
     * @param conflated      quotes replaced by a newer one for the same symbol before they were sent
     * @param repeats        snapshot repeats of already-sent quotes (same seq, flagged repeat)
     * @param linkReconnects sessions started after the first
     * @param pending        quotes handed to the link, not sent yet: queued, plus one per symbol waiting as its latest
     */
    public record LinkStats(String receiver, long sessionId, LinkState state, String lastError, long upstream, long sent,
                            long conflated, long repeats, long linkReconnects, int pending) {
    }

    /** The link to {@code host:port}; throws if there is none. */
    public LinkStats link(String hostAndPort) {
        for (LinkStats l : links) {
            if (l.receiver().equals(hostAndPort)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no link to " + hostAndPort + "; links: " + links.stream().map(LinkStats::receiver).toList());
    }

    /** The only link; for single-receiver setups and tests. */
    public LinkStats link() {
        if (links.size() != 1) {
            throw new IllegalStateException(links.size() + " links; name one with link(\"host:port\")");
        }
        return links.get(0);
    }
}
