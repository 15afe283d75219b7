package io.quoterelay.sender;

import java.util.List;

/**
 * An immutable snapshot of the sender's cumulative counters.
 *
 * @param binanceMessages   WebSocket text messages processed
 * @param quotes            of those, bookTicker quotes (each link's upstream)
 * @param nonQuotes         acknowledgements, errors, serverShutdown and other events
 * @param malformed         not JSON, or a bookTicker with missing or wrongly typed fields
 * @param binanceReconnects Binance connections opened after the first, rollovers included
 * @param binanceRollovers  planned make-before-break rollovers started (lifetime reached or
 *                          {@code serverShutdown}); each opens a connection that counts as a reconnect
 *                          once it is up
 * @param overlapDuplicates updates dropped during a rollover's overlap: already forwarded by update id
 * @param binanceOversizeFrames Binance connections closed for a frame or message over the size limit
 * @param binanceState      the Binance connection's state
 * @param binanceLastError  why the Binance connection is down, or null
 * @param links             one entry per receiver, in configuration order
 */
public record SenderStats(long binanceMessages, long quotes, long nonQuotes, long malformed, long binanceReconnects,
                          long binanceRollovers, long overlapDuplicates, long binanceOversizeFrames, LinkState binanceState, String binanceLastError, List<LinkStats> links) {
    public SenderStats {
        links = List.copyOf(links);
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
