package io.quoterelay.receiver;

/**
 * One symbol's arbitration state: the updates delivered most recently, newest last, as a bounded
 * ring ({@value #CAPACITY} entries, allocated once). Each entry keeps what a later copy of the
 * same update is judged against: its {@code u}, when the winning copy arrived (for lag), a
 * fingerprint of its content (for conflicts), which line won it, and its ordinal, the number of
 * updates of this symbol delivered up to and including it (for coverage). Delivered {@code u}s
 * rise, so the ring is sorted and a copy is found by binary search. I/O thread only.
 */
final class SymbolMark {
    /** Deliveries remembered per symbol; a power of two, so a slot is a mask, not a division. */
    static final int CAPACITY = 128;
    private static final int MASK = CAPACITY - 1;

    /** Slot of this symbol in each line's coverage positions. */
    final int index;
    final String symbol;
    private final long[] u = new long[CAPACITY];
    private final long[] arrivalNs = new long[CAPACITY];
    private final long[] fingerprint = new long[CAPACITY];
    private final long[] ordinal = new long[CAPACITY];
    private final long[] winner = new long[CAPACITY];
    /** Physical slot of the oldest entry. */
    private int head;
    private int size;
    private long delivered;
    /** The line whose copy set the newest mark: charged when the mark is abandoned as stale. */
    SessionState markOwner;
    /** Fresh copies older than the mark in a row, since the last win; and when the first of them arrived. */
    int staleStreak;
    long staleSinceNs;

    SymbolMark(int index, String symbol) {
        this.index = index;
        this.symbol = symbol;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Deliveries remembered. */
    int size() {
        return size;
    }

    /** The newest delivered {@code u}; only when not empty. */
    long markU() {
        return u[slot(size - 1)];
    }

    /** Updates of this symbol delivered so far: the ordinal the next win would have, minus one. */
    long deliveredCount() {
        return delivered;
    }

    /** Records a winning copy and returns its ordinal. */
    long deliver(long updateId, long receiveNs, long print, SessionState line) {
        if (size == CAPACITY) {
            head = (head + 1) & MASK;
            size--;
        }
        int s = slot(size++);
        u[s] = updateId;
        arrivalNs[s] = receiveNs;
        fingerprint[s] = print;
        ordinal[s] = ++delivered;
        winner[s] = line.sessionId;
        markOwner = line;
        staleStreak = 0;
        return delivered;
    }

    /** Forgets the ring (the mark is abandoned); ordinals go on rising so positions stay comparable. */
    void forget() {
        size = 0;
        staleStreak = 0;
    }

    /**
     * Logical index (0 = oldest) of the entry with this {@code u}, or {@code -(insertion point) - 1}
     * as {@link java.util.Arrays#binarySearch} returns.
     */
    int find(long updateId) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = u[slot(mid)];
            if (v < updateId) {
                lo = mid + 1;
            } else if (v > updateId) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    long arrivalNs(int i) {
        return arrivalNs[slot(i)];
    }

    long fingerprint(int i) {
        return fingerprint[slot(i)];
    }

    long ordinal(int i) {
        return ordinal[slot(i)];
    }

    long winner(int i) {
        return winner[slot(i)];
    }

    private int slot(int i) {
        return (head + i) & MASK;
    }
}
