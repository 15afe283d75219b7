package io.quoterelay.simulator;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How updates reach one connection: at once (the default, on the generator thread, as before), or,
 * once the connection has a delivery jitter or an extra delay, through a queue drained by a thread
 * of its own that writes each update at its due time. Due times never go backwards, so a late
 * update holds up the ones behind it, as on a TCP connection. A stalled connection stays open (pings
 * continue) but its updates go nowhere, counted.
 */
final class ConnectionDelivery {
    private final Session session;
    private final SplittableRandom random;
    private final long jitterMeanNanos;
    private final String threadName;
    private final AtomicLong stalledMessages = new AtomicLong();
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile boolean stalled;
    private volatile long extraDelayNanos;
    private volatile boolean running = true;
    // Under this object's lock.
    private Thread writer;
    private long lastDueNanos;

    private record Pending(String text, long dueNanos) {
    }

    /**
     * @param jitterMean mean of an exponentially distributed delivery delay; zero: none
     * @param seed       seeds this connection's jitter, for repeatable runs
     */
    ConnectionDelivery(Session session, Duration jitterMean, long seed, String threadName) {
        this.session = session;
        this.jitterMeanNanos = jitterMean.toNanos();
        this.random = new SplittableRandom(seed);
        this.threadName = threadName;
    }

    /** An update for this connection; false when it went nowhere (stalled, or the connection is closed). */
    boolean send(String text) {
        if (stalled) {
            stalledMessages.incrementAndGet();
            return false;
        }
        long delay = extraDelayNanos;
        if (jitterMeanNanos == 0 && delay == 0 && writer == null) {
            return session.trySend(text);
        }
        synchronized (this) {
            if (writer == null) {
                writer = new Thread(this::drain, threadName);
                writer.setDaemon(true);
                writer.start();
            }
            long jitter = jitterMeanNanos == 0 ? 0 : (long) (-jitterMeanNanos * Math.log(1 - random.nextDouble()));
            long due = Math.max(lastDueNanos, System.nanoTime() + delay + jitter);
            lastDueNanos = due;
            queue.add(new Pending(text, due));
        }
        return session.conn.isOpen();
    }

    void stall(boolean on) {
        stalled = on;
    }

    boolean isStalled() {
        return stalled;
    }

    void delay(Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + extra);
        }
        extraDelayNanos = extra.toNanos();
    }

    Duration delay() {
        return Duration.ofNanos(extraDelayNanos);
    }

    long stalledMessages() {
        return stalledMessages.get();
    }

    /** The connection closed: the writer stops, what it still held is dropped with the connection. */
    synchronized void stop() {
        running = false;
        if (writer != null) {
            writer.interrupt();
        }
    }

    private void drain() {
        try {
            while (running) {
                Pending p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    continue;
                }
                long wait;
                while (running && (wait = p.dueNanos - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(this, wait);
                }
                session.trySend(p.text);
            }
        } catch (InterruptedException e) {
            // closed
        }
    }
}
