package io.quoterelay.simulator;

import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The open connections, oldest first: the generator reads the array without a lock on every
 * update; opening and closing (on Java-WebSocket's threads) publish a fresh array and wake whoever
 * waits for a number of connections.
 */
final class SessionRegistry {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Session[] sessions = new Session[0];
    private volatile boolean closed;

    /** The open connections now; never modified, so safe to iterate. */
    Session[] snapshot() {
        return sessions;
    }

    int size() {
        return sessions.length;
    }

    /** Waits, bounded, until at least {@code n} are open; false on timeout, interrupt or {@link #close()}. */
    boolean await(int n, long timeoutNs) {
        lock.lock();
        try {
            long remaining = timeoutNs;
            while (sessions.length < n) {
                if (closed || remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    void add(Session s) {
        lock.lock();
        try {
            Session[] next = Arrays.copyOf(sessions, sessions.length + 1);
            next[sessions.length] = s;
            sessions = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void remove(Session s) {
        lock.lock();
        try {
            sessions = Arrays.stream(sessions).filter(x -> x != s).toArray(Session[]::new);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter for good: the simulator is closing. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
