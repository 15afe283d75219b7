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

    /** What the consumer does with a listener's exception: count it and go on with the next quote. */
    interface ListenerFailure {
        void onListenerException(Quote quote, RuntimeException e);
    }

    /**
     * Consumer: hands up to {@code limit} quotes to the listener; returns how many. A listener
     * that throws an exception does not stop the drain: {@code failure} gets it and the next quote
     * follows. An {@code Error} propagates, with the quote it was thrown on consumed.
     */
    int drain(QuoteListener listener, int limit, ListenerFailure failure) {
        long h = head.get();
        long available = Math.min(tail.get() - h, limit);
        for (long i = 0; i < available; i++) {
            Quote q = slots[(int) ((h + i) & mask)];
            try {
                listener.onQuote(q);
            } catch (RuntimeException e) {
                failure.onListenerException(q, e);
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
