package io.quoterelay.sender;

import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.RateLimitedLog;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First copy wins: decides, per symbol and Binance update id {@code u}, which copy of an update is
 * forwarded when several connections (hot-hot lines, or a rollover's old and fresh connection)
 * carry the same stream. Per symbol it keeps the <em>mark</em>, the highest {@code u} forwarded,
 * and the last {@value #RECENT} forwarded updates ({@code u}, content hash, receive time) in a
 * ring in forwarding order, so a later copy is recognised as a lost race, checked for the same
 * content, and timed against the winner. (Not a direct-mapped table: two recent updates whose
 * {@code u} share their low bits would evict each other, and a late copy of the first would be
 * miscounted as stale.)
 *
 * <ul>
 *   <li>{@code u} above the mark: forwarded ({@link Verdict#FORWARD}); it becomes the mark.</li>
 *   <li>{@code u} forwarded before (found in the ring): a copy that lost the race
 *       ({@link Verdict#DUPLICATE}). Different bid/ask/quantities from the forwarded copy are a
 *       content conflict: the first copy stands, the conflict is counted and logged rate-limited.</li>
 *   <li>{@code u} at or below the mark and not known as forwarded: never forwarded
 *       ({@link Verdict#STALE}), with one bounded exception, the <b>reset rule</b>: a line that sent a
 *       {@code u} far ahead (bad data, or the exchange restarted its numbering) must not make every
 *       other update of that symbol look stale forever. When {@code resetAfterStale} updates of a
 *       symbol in a row were refused as stale <em>and</em> nothing was forwarded for it for
 *       {@code resetAfterNanos}, the mark is reset to the refused update, which is forwarded;
 *       counted ({@link #markResets()}) and logged rate-limited. Only updates that are evidence of
 *       a wrong mark count toward the run: above the mark before the last forward (the leader
 *       jumped over them), or from a connection that never delivered anything in step with the
 *       forwarded stream (a fresh connection after the exchange restarted its numbering). A line
 *       that merely lags far behind delivers neither, so it can never move the mark back and
 *       re-forward old updates. A leader that keeps sending (even its own far-ahead numbers) keeps
 *       the mark, because each of its updates is forwarded.</li>
 * </ul>
 *
 * <p><b>Joining.</b> A connection that starts while another line delivers has nothing sent before
 * it subscribed, and may be ahead of that line: forwarding its first updates could skip ones the
 * other line has not delivered yet. While {@code holding}, such a connection's updates above the
 * mark are not forwarded ({@link Verdict#HELD}); the other line, which has them all, forwards them.
 * The caller ends the hold once the joining connection is in step (one of its updates was not
 * ahead), when no other line delivers, or after a bound.
 *
 * <p>{@code enforce == false} (one connection and no rollover in progress) forwards everything and
 * only keeps the marks current: outside an overlap a single line is trusted as today, so an exchange
 * that restarts its numbering is not delayed.
 *
 * <p>Event loop only; no allocation for symbols seen before (the map is keyed by the frame's
 * symbol String, whose hash is cached). At most {@code maxSymbols} symbols are tracked; updates of
 * further symbols are forwarded unchecked, so a hostile stream cannot grow the map.
 */
final class UpdateArbiter {
    private static final Logger LOG = LoggerFactory.getLogger("io.quoterelay.sender.binance");
    /** Forwarded updates remembered per symbol, to recognise a lost race; a power of two. */
    static final int RECENT = 64;
    private static final long NO_MARK = Long.MIN_VALUE;

    enum Verdict { FORWARD, DUPLICATE, STALE, HELD }

    private final Map<String, SymbolMark> marks = new HashMap<>();
    private final int maxSymbols;
    private final int resetAfterStale;
    private final long resetAfterNanos;
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong markResets = new AtomicLong();
    private static final String CONFLICT = "two Binance connections disagree on the content of one update (first copy kept)";
    private static final String MARK_RESET = "update-id mark reset (a line ran far ahead, or the exchange restarted its numbering)";
    private final RateLimitedLog conflictLog;
    private final RateLimitedLog resetLog;
    /** Trail of the last {@link Verdict#DUPLICATE} behind the winner, ns; -1 when unknown. */
    private long lastTrailNanos = -1;

    /**
     * @param resetAfterStale stale updates in a row before the reset rule may apply
     * @param resetAfterNanos and how long nothing was forwarded for the symbol
     */
    UpdateArbiter(int maxSymbols, int resetAfterStale, long resetAfterNanos) {
        if (maxSymbols < 1 || resetAfterStale < 1 || resetAfterNanos < 0) {
            throw new IllegalArgumentException("maxSymbols and resetAfterStale must be >= 1, resetAfterNanos >= 0");
        }
        this.maxSymbols = maxSymbols;
        this.resetAfterStale = resetAfterStale;
        this.resetAfterNanos = resetAfterNanos;
        long tenSeconds = TimeUnit.SECONDS.toNanos(10);
        this.conflictLog = new RateLimitedLog(LOG, CONFLICT, tenSeconds, null);
        this.resetLog = new RateLimitedLog(LOG, MARK_RESET, tenSeconds, null);
    }

    /**
     * Judges one parsed update that arrived on {@code line} at {@code nowNanos} ({@link System#nanoTime()}).
     * Updates without an id ({@code u < 0}) are always forwarded.
     */
    Verdict offer(int line, QuoteFrame q, long nowNanos, boolean enforce) {
        return offer(line, q, nowNanos, enforce, false, false);
    }

    /**
     * As above, for a connection that is {@code holding} (see the class comment on joining), and
     * that is {@code fresh}: nothing it delivered was yet forwarded or found forwarded already.
     */
    Verdict offer(int line, QuoteFrame q, long nowNanos, boolean enforce, boolean holding, boolean fresh) {
        long u = q.updateId();
        if (u < 0) {
            return Verdict.FORWARD;
        }
        SymbolMark m = marks.get(q.symbol());
        if (m == null) {
            if (marks.size() >= maxSymbols) {
                return Verdict.FORWARD;
            }
            m = new SymbolMark();
            marks.put(q.symbol(), m);
        }
        long hash = contentHash(q);
        if (holding && enforce && u > m.mark && m.mark != NO_MARK) {
            return Verdict.HELD;
        }
        if (!enforce || u > m.mark) {
            m.accept(u, line, hash, nowNanos);
            return Verdict.FORWARD;
        }
        int slot = m.find(u);
        if (slot >= 0) {
            if (m.recentHash[slot] != hash) {
                conflicts.incrementAndGet();
                int winner = m.recentLine[slot];
                conflictLog.warn(() -> CONFLICT + ": " + q.symbol() + " u=" + u + ": line " + line + " differs from line " + winner
                    + "'s copy (bid " + q.bid() + " ask " + q.ask() + " on line " + line + ")");
            }
            lastTrailNanos = nowNanos - m.recentNanos[slot];
            return Verdict.DUPLICATE;
        }
        lastTrailNanos = -1;
        if (u <= m.previousMark && !fresh) {
            return Verdict.STALE; // older than what the leader forwarded before its last update: a lagging copy
        }
        m.staleRun++;
        if (m.staleRun >= resetAfterStale && nowNanos - m.lastForwardNanos >= resetAfterNanos) {
            markResets.incrementAndGet();
            long oldMark = m.mark;
            int leader = m.leader;
            int refused = m.staleRun;
            resetLog.warn(() -> MARK_RESET + ": " + q.symbol() + ": mark " + oldMark + " (line " + leader + ") reset to u=" + u
                + " from line " + line + " after " + refused + " stale updates and "
                + TimeUnit.NANOSECONDS.toMillis(resetAfterNanos) + " ms without a forward");
            m.accept(u, line, hash, nowNanos);
            return Verdict.FORWARD;
        }
        return Verdict.STALE;
    }

    /** After {@link Verdict#DUPLICATE}: how long after the winning copy this one arrived, ns (-1: unknown). */
    long lastTrailNanos() {
        return lastTrailNanos;
    }

    /** Copies of one (symbol, u) whose bid, ask or quantities differed from the forwarded copy. */
    long conflicts() {
        return conflicts.get();
    }

    /** Times the reset rule moved a symbol's mark back (see the class comment). */
    long markResets() {
        return markResets.get();
    }

    /** Once a second or so: rate-limited summaries of a burst go out without waiting for the next one. */
    void flushLogs() {
        conflictLog.flush();
        resetLog.flush();
    }

    /** Everything that makes two copies of one update the same update: prices and quantities, exact and as doubles. */
    private static long contentHash(QuoteFrame q) {
        long h = Double.doubleToLongBits(q.bid());
        h = h * 31 + Double.doubleToLongBits(q.ask());
        h = h * 31 + Double.doubleToLongBits(q.bidQty());
        h = h * 31 + Double.doubleToLongBits(q.askQty());
        h = h * 31 + q.bidUnscaled();
        h = h * 31 + q.askUnscaled();
        h = h * 31 + q.bidQtyUnscaled();
        return h * 31 + q.askQtyUnscaled();
    }

    /** One symbol's mark and its recently forwarded updates. */
    private static final class SymbolMark {
        long mark = NO_MARK;
        /** The mark before the last forward: stale updates above it are ones the leader jumped over. */
        long previousMark = NO_MARK;
        int leader = -1;
        long lastForwardNanos;
        int staleRun;
        /** The last {@code recentCount} forwards, newest at {@code newest}; their u rise towards it. */
        final long[] recentU = new long[RECENT];
        final long[] recentHash = new long[RECENT];
        final long[] recentNanos = new long[RECENT];
        final int[] recentLine = new int[RECENT];
        int newest = RECENT - 1;
        int recentCount;

        void accept(long u, int line, long hash, long nowNanos) {
            if (recentCount > 0 && u <= recentU[newest]) {
                recentCount = 0; // numbering went back (a mark reset, or one trusted line restarted it)
            }
            previousMark = mark;
            mark = u;
            leader = line;
            lastForwardNanos = nowNanos;
            staleRun = 0;
            newest = (newest + 1) & (RECENT - 1);
            recentU[newest] = u;
            recentHash[newest] = hash;
            recentNanos[newest] = nowNanos;
            recentLine[newest] = line;
            if (recentCount < RECENT) {
                recentCount++;
            }
        }

        /**
         * The slot of forwarded update {@code u}, or -1. Walks back from the newest and stops at the
         * first older one, so a copy that trails the winner by k updates costs k + 1 comparisons.
         */
        int find(long u) {
            for (int i = 0; i < recentCount; i++) {
                int slot = (newest - i) & (RECENT - 1);
                long r = recentU[slot];
                if (r == u) {
                    return slot;
                }
                if (r < u) {
                    return -1;
                }
            }
            return -1;
        }
    }
}
