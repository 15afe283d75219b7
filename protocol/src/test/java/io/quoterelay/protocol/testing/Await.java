package io.quoterelay.protocol.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded waiting for tests: polls a condition until it holds or the timeout passes, then fails
 * saying what it waited for and what it saw last. The first polls follow each other closely and the
 * pause grows to {@link #LONGEST_PAUSE}, so a condition that holds soon costs a test almost nothing
 * and one that takes seconds is not polled in a busy loop; no pause runs past the deadline.
 */
public final class Await {
    private static final long FIRST_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(100);
    /** The most a condition that has just come true waits to be seen. */
    static final Duration LONGEST_PAUSE = Duration.ofMillis(10);

    private Await() {
    }

    /** Until {@code condition} holds; an {@link AssertionError} naming {@code description} after {@code timeout}. */
    public static void until(String description, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        until(() -> description, timeout, condition);
    }

    /**
     * Until {@code condition} holds; after {@code timeout} an {@link AssertionError} with
     * {@code description}, asked only then, so it can report the state the test saw last.
     */
    public static void until(Supplier<String> description, Duration timeout, BooleanSupplier condition)
        throws InterruptedException {
        until(description, timeout, condition::getAsBoolean, held -> held, false);
    }

    /**
     * Until what {@code observe} returns satisfies {@code done}, and returns that value; after
     * {@code timeout} an {@link AssertionError} with {@code description} and the last value observed.
     */
    public static <T> T until(String description, Duration timeout, Supplier<T> observe, Predicate<? super T> done)
        throws InterruptedException {
        return until(() -> description, timeout, observe, done, true);
    }

    private static <T> T until(Supplier<String> description, Duration timeout, Supplier<T> observe,
                               Predicate<? super T> done, boolean reportLast) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NS;
        while (true) {
            T last = observe.get();
            if (done.test(last)) {
                return last;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + description.get()
                    + (reportLast ? " (last seen: " + last + ")" : ""));
            }
            LockSupport.parkNanos(Math.min(pause, left));
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for: " + description.get());
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE.toNanos());
        }
    }
}
