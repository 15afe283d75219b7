package io.quoterelay.example;

import io.quoterelay.receiver.RelayReceiver;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The executor owns its thread and pulls quotes when it chooses, as artio's
 * {@code FixLibrary.poll(limit)} lets a trading application do: the receiver's I/O thread only
 * decodes, accounts and puts each quote in a bounded ring; this thread drains it with
 * {@link RelayReceiver#poll} between its other duties (order acks, risk checks, timers).
 *
 * <p>Cost: one extra thread hand-off per quote compared with {@link CallbackExecutor} (the ring),
 * and, depending on the idle strategy, either a wake-up delay or a busy core. When the ring is
 * full the I/O thread stops reading (TCP pushes back, the sender conflates): memory stays bounded.
 */
public final class PollingExecutor implements Runnable, AutoCloseable {
    private final RelayReceiver receiver;
    private final ToyMarketMaker strategy;
    private final Thread thread;
    private volatile boolean running = true;

    public PollingExecutor(Path certs, int port, ToyMarketMaker strategy) {
        this.strategy = strategy;
        this.receiver = RelayReceiver.builder()
            .port(port)
            .tls(certs.resolve("server.crt"), certs.resolve("server.key"), certs.resolve("ca.crt"))
            .polling(4096)                 // at most 4096 symbols wait, each with its newest quote only
            .start();
        this.thread = new Thread(this, "executor");
        thread.start();
    }

    /** The executor's duty cycle: drain up to 256 quotes, do other work, idle briefly when there was nothing. */
    @Override
    public void run() {
        while (running) {
            int n = receiver.poll(strategy, 256); // calls strategy.onQuote on THIS thread
            // ... other duties of the executor go here (order acknowledgements, timers) ...
            if (n == 0) {
                // Idle: a short park keeps a small box's only core free for the I/O thread and
                // costs up to ~50-100 us of wake-up delay. Thread.onSpinWait() in a loop instead
                // takes it to about a microsecond but burns a whole core; on 0.5-1 CPU, do not.
                LockSupport.parkNanos(50_000);
            }
        }
    }

    public RelayReceiver receiver() {
        return receiver;
    }

    /** Stops polling, then closes the receiver. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
        receiver.close();
    }

    public static void main(String[] args) throws InterruptedException {
        Path certs = Path.of(args.length > 0 ? args[0] : "certs");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9001;
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        try (PollingExecutor executor = new PollingExecutor(certs, port, new ToyMarketMaker(2.0))) {
            stop.await();
        }
    }
}
