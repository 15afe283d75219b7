package io.quoterelay.receiver;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count written by one thread (the I/O thread) and read by any. A release store is a plain
 * store on x86, so counting costs nothing like a volatile increment's fence.
 */
final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused")
    private long value;

    void increment() {
        add(1);
    }

    void add(long delta) {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + delta);
    }

    void set(long v) {
        VALUE.setRelease(this, v);
    }

    long get() {
        return (long) VALUE.getAcquire(this);
    }
}
