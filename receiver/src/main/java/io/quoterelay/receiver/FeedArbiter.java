package io.quoterelay.receiver;

import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.RateLimitedLog;
import java.util.HashMap;
import java.util.Map;

/**
 * A/B arbitration of several senders (lines) carrying the same feed: per symbol, the first copy of
 * each Binance update id {@code u} is delivered; a later copy of it is a lost race, a copy older
 * than the newest delivered {@code u} is too old, and neither reaches the executor, which so sees
 * each update once and in {@code u} order per symbol. With one sender nothing is dropped: its
 * {@code u}s rise. Quotes without {@code u} (the Python sender) bypass arbitration.
 *
 * <p>A line that sent a {@code u} far ahead of the others (a bad sender, or Binance renumbering)
 * would make every other copy of that symbol too old for ever; so when {@link #staleCopies} copies,
 * spread over at least {@link #staleNs} with nothing winning in between, were each newer than every
 * delivered update except the mark itself, the mark is abandoned and the copy that completed the
 * streak wins: the one case in which the executor sees a symbol's {@code u} go down. Counted on the
 * line that set the mark, and logged. Copies of a line that merely trails sit below other delivered
 * updates too, so they never count towards the streak (they would replay old updates).
 *
 * <p>Coverage: for each line and symbol the arbiter remembers how many of the symbol's delivered
 * updates lie at or below the line's latest copy; delivered updates that fall strictly between two
 * consecutive copies of the line are updates the line never brought, delivered by another line
 * ({@link LineAccount#covered}). Exact while the lines carry the same updates, also for a line
 * further behind than the {@value SymbolMark#CAPACITY} deliveries a symbol remembers (its copies
 * beyond them count as lost races, see {@link #forgotten}); not counted before a line's first
 * remembered copy of a symbol nor across an abandoned mark.
 *
 * <p>I/O (quote) thread only: every connection's quotes are decoded there, so no locks. No
 * allocation per quote once a symbol and a line are known.
 */
final class FeedArbiter {
    /** Symbols tracked; more bypass arbitration, counted ({@link LineAccount#bypassed}). Bounds memory at ~5 MB (128 deliveries of 40 bytes each per symbol). */
    static final int MAX_SYMBOLS = 1024;
    static final int DEFAULT_STALE_COPIES = 8;
    static final long DEFAULT_STALE_NS = 1_000_000_000L;

    private final Map<String, SymbolMark> marks = new HashMap<>();
    private final int staleCopies;
    private final long staleNs;
    private final RateLimitedLog conflictLog;
    private final RateLimitedLog staleLog;

    FeedArbiter(RateLimitedLog conflictLog, RateLimitedLog staleLog) {
        this(conflictLog, staleLog, DEFAULT_STALE_COPIES, DEFAULT_STALE_NS);
    }

    FeedArbiter(RateLimitedLog conflictLog, RateLimitedLog staleLog, int staleCopies, long staleNs) {
        this.conflictLog = conflictLog;
        this.staleLog = staleLog;
        this.staleCopies = staleCopies;
        this.staleNs = staleNs;
    }

    /**
     * Called after the line's sequence accounting accepted {@code q}; true when it goes to the
     * executor. {@code receiveNs} is the receiver's epoch clock at decode, the time lag is measured in.
     */
    boolean admit(SessionState line, QuoteFrame q, long receiveNs) {
        LineAccount a = line.line;
        long received = line.sequence.delivered.get();
        // A snapshot repeat that closed no gap is not a new copy: sequence accounting did not count it.
        boolean copy = received != a.seenReceived;
        a.seenReceived = received;
        long u = q.updateId();
        SymbolMark m = u > 0 ? mark(q.symbol()) : null;
        if (m == null) {
            if (copy) {
                a.bypassed.increment();
            }
            return true;
        }
        if (m.isEmpty() || u > m.markU()) {
            long ordinal = m.deliver(u, receiveNs, fingerprint(q), line);
            if (copy) {
                a.wins.increment();
                cover(a, m, ordinal - 1, ordinal);
            }
            return true;
        }
        int i = m.find(u);
        if (!copy) {
            a.repeatsDropped.increment();
            return false;
        }
        if (i >= 0) {
            a.lostRaces.increment();
            if (m.winner(i) != line.sessionId) {
                a.lag().record(receiveNs - m.arrivalNs(i));
                if (m.fingerprint(i) != fingerprint(q)) {
                    onConflict(a, line, m, q);
                }
            }
            cover(a, m, m.ordinal(i) - 1, m.ordinal(i));
            return false;
        }
        int insertAt = -i - 1;
        if (insertAt == 0 && m.size() == SymbolMark.CAPACITY) {
            return forgotten(a, m);
        }
        return tooOld(a, line, m, q, receiveNs, insertAt);
    }

    /**
     * A copy older than every delivery still remembered: a line that trails by more than the ring.
     * All but certainly another line delivered the update long ago (for it to be undelivered, every
     * line must have missed it), so it counts as a lost race, without a lag; and as one delivered
     * update more at or below the line's position, so coverage stays exact across the stretch.
     */
    private static boolean forgotten(LineAccount a, SymbolMark m) {
        a.lostRaces.increment();
        long previous = a.position(m.index);
        if (previous >= 0) {
            a.position(m.index, previous + 1);
        }
        return false;
    }

    /** A copy older than the mark and not among the remembered deliveries: dropped, unless the mark is stale. */
    private boolean tooOld(LineAccount a, SessionState line, SymbolMark m, QuoteFrame q, long receiveNs, int insertAt) {
        // Only a copy newer than every delivered update but the mark itself speaks against the mark:
        // a line that merely trails (its copies sit deeper) must never unseat it and replay old updates.
        if (insertAt == m.size() - 1 && m.staleStreak++ == 0) {
            m.staleSinceNs = receiveNs;
        }
        if (insertAt == m.size() - 1 && m.staleStreak >= staleCopies && receiveNs - m.staleSinceNs >= staleNs) {
            abandonMark(m, line, q, receiveNs);
            a.wins.increment();
            a.position(m.index, -1);
            return true;
        }
        a.tooOld.increment();
        // Delivered updates below this copy: those up to the entry before where it would sit.
        long below = insertAt > 0 ? m.ordinal(insertAt - 1) : -1;
        cover(a, m, below, below);
        return false;
    }

    private void abandonMark(SymbolMark m, SessionState line, QuoteFrame q, long receiveNs) {
        SessionState owner = m.markOwner;
        long oldU = m.markU();
        long streak = m.staleStreak;
        long spanMs = (receiveNs - m.staleSinceNs) / 1_000_000;
        if (owner != null) {
            owner.line.marksReset.increment();
        }
        m.forget();
        m.deliver(q.updateId(), receiveNs, fingerprint(q), line);
        staleLog.warn(m.symbol + ": u=" + oldU + " from session " + (owner == null ? "?" : Long.toHexString(owner.sessionId))
            + " stood above " + streak + " copies over " + spanMs + " ms with nothing newer; mark abandoned, session "
            + Long.toHexString(line.sessionId) + " delivers u=" + q.updateId() + " (u goes down once here)", null);
    }

    private void onConflict(LineAccount a, SessionState line, SymbolMark m, QuoteFrame q) {
        a.conflicts.increment();
        conflictLog.warn(m.symbol + " u=" + q.updateId() + ": session " + Long.toHexString(line.sessionId) + " ("
            + line.peer + ") sent different content than the copy delivered first; kept the first (conflicts on this line: "
            + a.conflicts.get() + ")", null);
    }

    /**
     * {@code below}: how many of the symbol's delivered updates lie below this copy (-1 unknown);
     * {@code atOrBelow}: the same, this copy included. The delivered updates between the line's
     * previous copy and this one are updates the line missed and another delivered.
     */
    private static void cover(LineAccount a, SymbolMark m, long below, long atOrBelow) {
        long previous = a.position(m.index);
        if (previous >= 0 && below > previous) {
            a.covered.add(below - previous);
        }
        a.position(m.index, atOrBelow);
    }

    /** The symbol's state, created on first sight; null when the table is full. */
    private SymbolMark mark(String symbol) {
        SymbolMark m = marks.get(symbol);
        if (m == null && marks.size() < MAX_SYMBOLS) {
            m = new SymbolMark(marks.size(), symbol);
            marks.put(symbol, m);
        }
        return m;
    }

    /** Two copies of one update agree when prices and quantities do; times differ by nature. */
    private static long fingerprint(QuoteFrame q) {
        long h = Double.doubleToLongBits(q.bid());
        h = h * 31 + Double.doubleToLongBits(q.ask());
        h = h * 31 + Double.doubleToLongBits(q.bidQty());
        return h * 31 + Double.doubleToLongBits(q.askQty());
    }
}
