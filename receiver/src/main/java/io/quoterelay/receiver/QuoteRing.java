package io.quoterelay.receiver;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Single-producer single-consumer ring of preallocated quotes, for executors that poll from their
 * own thread. The I/O thread copies into the next free slot; {@link #drain} runs the caller's
 * listener over filled slots on the caller's thread. No allocation, no locks.
 *
 * <p>Backpressure instead of loss: above the high-water mark the receiver stops reading its
 * sockets, so TCP pushes back on the sender, which conflates and counts. The headroom above the
 * mark absorbs frames already decoded from the last read; a quote that still finds the ring full
 * is counted as dropped (it should never happen).
 */
final class QuoteRing {
    private final Quote[] slots;
    private final int mask;
    private final int highWaterMark;
    private final AtomicLong head = new AtomicLong(); // next to consume
    private final AtomicLong tail = new AtomicLong(); // next to fill
    final Counter dropped = new Counter();

    QuoteRing(int capacityPowerOfTwo) {
        if (Integer.bitCount(capacityPowerOfTwo) != 1 || capacityPowerOfTwo < 4096) {
            throw new IllegalArgumentException("poll queue capacity must be a power of two of at least 4096, got "
                + capacityPowerOfTwo);
        }
        slots = new Quote[capacityPowerOfTwo];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Quote();
        }
        mask = capacityPowerOfTwo - 1;
        highWaterMark = capacityPowerOfTwo - 2048;
    }

    /** Producer. Returns false when the ring is above its high-water mark (stop reading). */
    boolean offer(Quote q) {
        long t = tail.get();
        long size = t - head.get();
        if (size >= slots.length) {
            dropped.increment();
            return false;
        }
        slots[(int) (t & mask)].copyFrom(q);
        tail.lazySet(t + 1);
        return size + 1 < highWaterMark;
    }

    /** Producer: whether reading may resume (the consumer has made room). */
    boolean belowHalf() {
        return tail.get() - head.get() < slots.length / 2;
    }

    /** Consumer: hands up to {@code limit} quotes to the listener; returns how many. */
    int drain(QuoteListener listener, int limit) {
        long h = head.get();
        long available = Math.min(tail.get() - h, limit);
        for (long i = 0; i < available; i++) {
            try {
                listener.onQuote(slots[(int) ((h + i) & mask)]);
            } finally {
                head.lazySet(h + i + 1);
            }
        }
        return (int) available;
    }

    long size() {
        return tail.get() - head.get();
    }
}
