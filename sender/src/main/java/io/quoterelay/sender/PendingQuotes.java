package io.quoterelay.sender;

import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one link holds of the quotes it was given and has not sent: empty on the direct path
 * ({@link #takeDirect}), otherwise two parts:
 *
 * <ul>
 *   <li><b>a bounded FIFO</b> of {@value #DEFAULT_QUEUE_CAPACITY} preallocated quote copies, used
 *       while the link is <em>live</em> (session up, channel writable): every update is queued and
 *       sent, none is conflated, however many arrive before the event loop wakes up to drain;</li>
 *   <li><b>one slot per symbol</b> holding its latest unsent quote, used when the link is down or
 *       not writable, when the FIFO is full, or while that symbol's slot already waits: a quote
 *       replaced there before it was sent is <em>conflated</em> (no sequence number, counted).</li>
 * </ul>
 *
 * Memory is bounded either way (FIFO capacity plus one quote per symbol): the receiver that cannot
 * keep up gets the latest quote per symbol, never an unbounded backlog. Per symbol, order is kept:
 * a slot only ever holds a quote newer than the same symbol's queued ones, and the FIFO drains
 * before the slots. Each slot also keeps a copy of the last quote sent for its symbol (with its
 * sequence number) for snapshot repeats.
 *
 * <p>Accounting, exact at every instant (all counters change under the same lock):
 * {@code upstream = highestSeq + conflated + pending}, pending counting queued quotes and waiting slots.
 *
 * <p>Threads: the link's event loop, which is also where the Binance connections run; {@link #offer}
 * may come from another thread (tests, or a Binance client elsewhere) and {@link #counts()} from
 * any. The lock is held for a copy of one quote, so neither side waits for the other's I/O.
 */
final class PendingQuotes {
    static final int DEFAULT_QUEUE_CAPACITY = 2048;

    private final Object lock = new Object();
    private final Map<String, Slot> slots = new HashMap<>();
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();
    private final QuoteFrame[] queue;
    private final Slot[] queueSlots;
    private int queueHead;
    private int queueSize;
    private boolean live;
    private long upstream;
    private long conflated;
    private long repeats;
    private long lastSeq;

    PendingQuotes() {
        this(DEFAULT_QUEUE_CAPACITY);
    }

    PendingQuotes(int queueCapacity) {
        queue = new QuoteFrame[queueCapacity];
        queueSlots = new Slot[queueCapacity];
        for (int i = 0; i < queueCapacity; i++) {
            queue[i] = new QuoteFrame();
        }
    }

    /**
     * Takes {@code quote} (copied): queued while the link is live and its symbol has no waiting
     * slot, else kept as its symbol's latest. Returns true when this made it non-empty
     * (the caller then schedules one drain).
     */
    boolean offer(QuoteFrame quote) {
        synchronized (lock) {
            upstream++;
            boolean wasEmpty = queueSize == 0 && pending.isEmpty();
            Slot slot = slots.get(quote.symbol());
            if (slot == null) {
                slot = new Slot();
                slots.put(quote.symbol(), slot);
            }
            if (live && !slot.pending && queueSize < queue.length) {
                int tail = (queueHead + queueSize) % queue.length;
                queue[tail].copyFrom(quote);
                queueSlots[tail] = slot;
                queueSize++;
                return wasEmpty;
            }
            slot.latest.copyFrom(quote);
            if (slot.pending) {
                conflated++;
                return false;
            }
            slot.pending = true;
            pending.addLast(slot);
            return wasEmpty;
        }
    }

    /**
     * The direct path, for a caller on the link's event loop: when the link is live and nothing is
     * pending (so nothing sent earlier could be overtaken), counts {@code quote} upstream, copies it
     * as its symbol's last-sent quote under the next sequence number, and returns that copy for
     * writing at once (see {@link #pollPending} for how long it may be used). Null, and nothing
     * changed, otherwise: then {@link #offer}.
     */
    QuoteFrame takeDirect(QuoteFrame quote) {
        synchronized (lock) {
            if (!live || queueSize != 0 || !pending.isEmpty()) {
                return null;
            }
            Slot slot = slots.get(quote.symbol());
            if (slot == null) {
                slot = new Slot();
                slots.put(quote.symbol(), slot);
            }
            upstream++;
            slot.lastSent.copyFrom(quote).seq(++lastSeq).snapshot(false).repeat(false);
            slot.hasSent = true;
            return slot.lastSent;
        }
    }

    /**
     * Live: the session is up and the channel writable, so updates queue instead of conflating.
     * Event loop only; set false when the channel turns unwritable or the session ends.
     */
    void live(boolean on) {
        synchronized (lock) {
            live = on;
        }
    }

    /**
     * Takes the oldest unsent quote (queued ones first, then waiting slots), gives it the next
     * sequence number and returns it as that symbol's last-sent quote; null when nothing is pending.
     *
     * <p>The frame returned is this object's own, handed out instead of copied: the caller, on the
     * event loop, encodes it (and may set its send time) before its next call to this method or
     * {@link #takeDirect}, the only ones that change a last-sent quote. {@link #offer}, from any
     * thread, writes only queue entries and waiting slots, never a last-sent quote.
     */
    QuoteFrame pollPending(boolean snapshot) {
        synchronized (lock) {
            Slot slot;
            if (queueSize > 0) {
                int head = queueHead;
                slot = queueSlots[head];
                queueSlots[head] = null;
                // Swap buffers instead of copying: the queued frame becomes the slot's last-sent copy.
                QuoteFrame sent = queue[head];
                queue[head] = slot.lastSent;
                slot.lastSent = sent;
                queueHead = (head + 1) % queue.length;
                queueSize--;
            } else {
                slot = pending.pollFirst();
                if (slot == null) {
                    return null;
                }
                slot.pending = false;
                // Swap instead of copying: the waiting quote becomes the last-sent one, and the old
                // last-sent frame (already encoded) is where the next offer for this symbol goes.
                QuoteFrame sent = slot.latest;
                slot.latest = slot.lastSent;
                slot.lastSent = sent;
            }
            slot.lastSent.seq(++lastSeq).snapshot(snapshot).repeat(false);
            slot.hasSent = true;
            return slot.lastSent;
        }
    }

    /**
     * The link went down with quotes still queued: a new session starts with a snapshot, at most
     * one quote per symbol, so each symbol's newest queued quote moves to its slot (unless the slot
     * already waits with a newer one) and the older ones are conflated. Event loop only, before
     * {@link #takeRepeats()}.
     */
    void collapseQueueIntoSlots() {
        synchronized (lock) {
            // Newest first: the first quote met for a symbol is its newest; a waiting slot is newer still.
            for (int i = queueSize - 1; i >= 0; i--) {
                int index = (queueHead + i) % queue.length;
                Slot slot = queueSlots[index];
                queueSlots[index] = null;
                if (slot.pending) {
                    conflated++;
                } else {
                    slot.latest.copyFrom(queue[index]);
                    slot.pending = true;
                    pending.addFirst(slot);
                }
            }
            queueHead = 0;
            queueSize = 0;
        }
    }

    /**
     * Copies, in ascending sequence order, the last-sent quote of every symbol whose latest quote
     * was already sent (no newer one pending), flagged snapshot and repeat, and counts them as
     * repeats. Called once per (re)connect, after {@link #collapseQueueIntoSlots()}, so the list may allocate.
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
            return queueSize > 0 || !pending.isEmpty();
        }
    }

    long nextSeq() {
        synchronized (lock) {
            return lastSeq + 1;
        }
    }

    Counts counts() {
        synchronized (lock) {
            return new Counts(upstream, conflated, repeats, lastSeq, queueSize + pending.size());
        }
    }

    /** One consistent reading of the counters; {@code upstream == highestSeq + conflated + pending}. */
    record Counts(long upstream, long conflated, long repeats, long highestSeq, int pending) {
    }

    private static final class Slot {
        QuoteFrame latest = new QuoteFrame();
        QuoteFrame lastSent = new QuoteFrame();
        boolean pending;
        boolean hasSent;
    }
}
