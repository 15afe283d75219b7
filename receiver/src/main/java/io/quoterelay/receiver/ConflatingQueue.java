package io.quoterelay.receiver;

import java.util.HashMap;

/**
 * What waits for the executor: at most one quote per symbol, the newest read, in the order they
 * were read, so the executor still gets quotes in the order the sender numbered them (a replacing
 * quote moves its symbol to the end). A quote that replaces a waiting one of its symbol is
 * <em>conflated at the receiver</em>: counted here and, when it was a new sequence number, on its
 * session, so the accounting identity stays exact. Memory is bounded by the number of symbols
 * ({@code maxSymbols}); a quote of a symbol beyond it is dropped and counted in {@link #droppedOverSymbolLimit}.
 *
 * <p>Why: a slow executor is offered the newest quote per symbol, never a backlog of older ones
 * while a newer one waits on the host. The I/O thread reads everything the sockets hold into this
 * queue before the executor sees any of it (see {@link ReceiverInitializer#READS_PER_BATCH}).
 *
 * <p>Threads: {@link #offer} on the I/O thread only (it also writes the counters); {@link #takeInPlace}
 * on the I/O thread (callback mode) or {@link #takeCopy} on one polling thread. A lock guards the
 * slots and the order; it is held for one copy of one quote, and uncontended in callback mode.
 * Nothing is allocated per quote, only once per new symbol.
 */
final class ConflatingQueue {
    private final int maxSymbols;
    private final Object lock = new Object();
    private final HashMap<String, Slot> slots = new HashMap<>();
    /** The waiting slots, oldest first, linked through the slots themselves: moving one allocates nothing. */
    private Slot oldest;
    private Slot newest;
    private int waiting;
    /** Quotes replaced by a newer one of their symbol before the executor took them (snapshot repeats included). */
    final Counter conflated = new Counter();
    /** Quotes of symbols beyond {@code maxSymbols}: never delivered (should stay 0). */
    final Counter droppedOverSymbolLimit = new Counter();

    ConflatingQueue(int maxSymbols) {
        if (maxSymbols < 1) {
            throw new IllegalArgumentException("maxSymbols must be positive, got " + maxSymbols);
        }
        this.maxSymbols = maxSymbols;
    }

    /**
     * I/O thread: {@code quote} (copied) becomes its symbol's waiting quote. {@code counted}: the
     * quote carries a sequence number its session counted as delivered (false for a snapshot
     * repeat that only refreshes), so replacing it is counted on {@code session} as well.
     */
    void offer(Quote quote, SessionState session, boolean counted) {
        Slot slot = slots.get(quote.symbol());
        if (slot == null) {
            if (slots.size() >= maxSymbols) {
                droppedOverSymbolLimit.increment();
                return;
            }
            slot = new Slot();
            slots.put(quote.symbol(), slot); // the map is the I/O thread's alone
        }
        synchronized (lock) {
            if (slot.waiting) {
                conflated.increment();
                if (slot.counted) {
                    slot.session.conflatedAtReceiver.increment();
                }
                unlink(slot);
            }
            append(slot);
            slot.quote.copyFrom(quote);
            slot.session = session;
            slot.counted = counted;
        }
    }

    /**
     * I/O thread (callback mode): the oldest waiting symbol's quote, itself, not a copy; valid
     * until the next {@link #offer}, which only this thread makes. Null when nothing waits.
     */
    Quote takeInPlace() {
        synchronized (lock) {
            Slot slot = oldest;
            if (slot == null) {
                return null;
            }
            unlink(slot);
            return slot.quote;
        }
    }

    /** Polling thread: copies the oldest waiting symbol's quote into {@code out}; false when nothing waits. */
    boolean takeCopy(Quote out) {
        synchronized (lock) {
            Slot slot = oldest;
            if (slot == null) {
                return false;
            }
            unlink(slot);
            out.copyFrom(slot.quote);
            return true;
        }
    }

    /** Symbols with a quote waiting now. Any thread. */
    int waitingSymbols() {
        synchronized (lock) {
            return waiting;
        }
    }

    private void append(Slot slot) {
        slot.waiting = true;
        slot.previous = newest;
        slot.next = null;
        if (newest == null) {
            oldest = slot;
        } else {
            newest.next = slot;
        }
        newest = slot;
        waiting++;
    }

    private void unlink(Slot slot) {
        if (slot.previous == null) {
            oldest = slot.next;
        } else {
            slot.previous.next = slot.next;
        }
        if (slot.next == null) {
            newest = slot.previous;
        } else {
            slot.next.previous = slot.previous;
        }
        slot.previous = null;
        slot.next = null;
        slot.waiting = false;
        waiting--;
    }

    private static final class Slot {
        final Quote quote = new Quote();
        SessionState session;
        boolean counted;
        boolean waiting;
        Slot previous;
        Slot next;
    }
}
