package io.quoterelay.ops.lifecycle;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a service's main: start, run until SIGTERM or Ctrl-C, close, exit; modelled on
 * Agrona's {@code ShutdownSignalBarrier}. The JVM turns SIGTERM and SIGINT into its shutdown hooks
 * and halts as soon as they return, so a hook that only wakes the main thread lets the JVM halt in
 * the middle of {@code close()}, before the last stats line and the links' goodbyes are written.
 * Here the hook wakes the main thread and then waits, at most {@code closeBudget}, until the main
 * thread has closed the service ({@link #close()}). The JVM then exits as it does on any signal:
 * 143 after SIGTERM, 130 after SIGINT.
 *
 * <pre>{@code
 * try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier("receiver-shutdown", Duration.ofSeconds(10));
 *      RelayReceiver receiver = builder.start()) {
 *     barrier.await();
 * } // receiver closed first, then the barrier: the hook returns and the JVM halts
 * }</pre>
 */
public final class ShutdownSignalBarrier implements AutoCloseable {
    /** Longer than any service's close (a few seconds at worst), shorter than a container runtime's grace period. */
    public static final Duration CLOSE_BUDGET = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignalBarrier.class);

    private final CountDownLatch signalled = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    /**
     * Registers the shutdown hook.
     *
     * @param hookName    the hook thread's name, e.g. "receiver-shutdown"
     * @param closeBudget the longest the hook holds the JVM up waiting for {@link #close()}
     */
    public ShutdownSignalBarrier(String hookName, Duration closeBudget) {
        long budgetNs = closeBudget.toNanos();
        this.hook = new Thread(() -> {
            signalled.countDown();
            try {
                if (!closed.await(budgetNs, TimeUnit.NANOSECONDS)) {
                    LOG.warn("close did not finish within {}; exiting anyway", closeBudget);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, hookName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Runs a service until SIGTERM or Ctrl-C, then closes it before the JVM halts: the skeleton of
     * every main. A service that fails to start throws here, with nothing left registered.
     *
     * @param name  names the hook thread ({@code name + "-shutdown"})
     * @param start starts the service and returns what closes it
     */
    public static void runUntilSignalled(String name, Callable<? extends AutoCloseable> start) throws Exception {
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier(name + "-shutdown", CLOSE_BUDGET);
             AutoCloseable service = start.call()) {
            barrier.await();
        }
    }

    /** Waits for SIGTERM, SIGINT (or any other start of the JVM's shutdown) or {@link #signal()}. */
    public void await() throws InterruptedException {
        signalled.await();
    }

    /** Wakes {@link #await()} as a signal would, e.g. when the service must stop on its own. */
    public void signal() {
        signalled.countDown();
    }

    /**
     * The service is closed: a hook that is waiting returns and lets the JVM halt. Outside a
     * shutdown, the hook is taken out again.
     */
    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running (it is how we got here): it returns now that closed is counted down.
        }
    }
}
