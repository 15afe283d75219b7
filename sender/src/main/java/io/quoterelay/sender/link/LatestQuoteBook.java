package io.quoterelay.sender.link;

import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The hand-off between the WebSocket read thread and one link's event loop, and the reason no
 * queue can grow without bound: one slot per symbol holding its latest quote, whether that quote
 * is still unsent, and a copy of the last quote sent for that symbol (with its sequence number)
 * for snapshot repeats. Symbols with an unsent quote wait in a FIFO.
 *
 * <p>Accounting, exact at every instant (all counters change under the same lock):
 * {@code upstream = highestSeq + conflated + pending}. A quote replaced before it was sent is
 * conflated: it gets no sequence number and is never sent.
 *
 * <p>Threads: {@link #offer} from the WebSocket thread(s); everything else from the link's event
 * loop, except {@link #counts()} which any thread may call. The lock is held for a copy of one
 * quote, so neither side waits for the other's I/O.
 */
final class LatestQuoteBook {
    private final Object lock = new Object();
    private final Map<String, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private long upstream;
    private long conflated;
    private long repeats;
    private long lastSeq;

    /** Keeps {@code quote} as its symbol's latest. Returns true when this made the pending FIFO non-empty. */
    boolean offer(QuoteFrame quote) {
        synchronized (lock) {
            upstream++;
            Slot slot = slots.get(quote.symbol());
            if (slot == null) {
                slot = new Slot();
                slots.put(quote.symbol(), slot);
            }
            slot.latest.copyFrom(quote);
            if (slot.pending) {
                conflated++;
                return false;
            }
            slot.pending = true;
            pending.addLast(slot);
            return pending.size() == 1;
        }
    }

    /**
     * Takes the oldest symbol with an unsent quote, gives it the next sequence number, remembers
     * it as that symbol's last-sent quote and copies it into {@code out}. False when none is pending.
     */
    boolean pollPending(QuoteFrame out, boolean snapshot) {
        synchronized (lock) {
            Slot slot = pending.pollFirst();
            if (slot == null) {
                return false;
            }
            slot.pending = false;
            slot.lastSent.copyFrom(slot.latest).seq(++lastSeq).snapshot(snapshot).repeat(false);
            slot.hasSent = true;
            out.copyFrom(slot.lastSent);
            return true;
        }
    }

    /**
     * Copies, in ascending sequence order, the last-sent quote of every symbol whose latest quote
     * was already sent (no newer one pending), flagged snapshot and repeat, and counts them as
     * repeats. Called once per (re)connect, so the list may allocate.
     */
    List<QuoteFrame> takeRepeats() {
        synchronized (lock) {
            List<QuoteFrame> out = new ArrayList<>();
            for (Slot s : slots.values()) {
                if (s.hasSent && !s.pending) {
                    out.add(new QuoteFrame().copyFrom(s.lastSent).snapshot(true).repeat(true));
                }
            }
            out.sort(Comparator.comparingLong(QuoteFrame::seq));
            repeats += out.size();
            return out;
        }
    }

    boolean hasPending() {
        synchronized (lock) {
            return !pending.isEmpty();
        }
    }

    long nextSeq() {
        synchronized (lock) {
            return lastSeq + 1;
        }
    }

    Counts counts() {
        synchronized (lock) {
            return new Counts(upstream, conflated, repeats, lastSeq, pending.size());
        }
    }

    /** One consistent reading of the book's counters; {@code upstream == highestSeq + conflated + pending}. */
    record Counts(long upstream, long conflated, long repeats, long highestSeq, int pending) {
    }

    private static final class Slot {
        final QuoteFrame latest = new QuoteFrame();
        final QuoteFrame lastSent = new QuoteFrame();
        boolean pending;
        boolean hasSent;
    }
}
