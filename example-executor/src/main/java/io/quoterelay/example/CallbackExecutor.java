package io.quoterelay.example;

import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The lowest-latency way to embed the receiver: the strategy is called on the receiver's I/O
 * thread, directly after the quote is decoded, with no queue and no thread hand-off in between.
 *
 * <pre>
 * java -cp 'example-executor/target/*:example-executor/target/lib/*' io.quoterelay.example.CallbackExecutor certs 9001
 * </pre>
 * (certs: a folder with server.crt, server.key and ca.crt from the certs tool.)
 */
public final class CallbackExecutor {
    private CallbackExecutor() {
    }

    /** Starts a receiver on {@code port} that calls {@code strategy} with every quote. Close it to stop. */
    public static RelayReceiver start(Path certs, int port, ToyMarketMaker strategy) {
        return RelayReceiver.builder()
            .port(port)
            .tls(certs.resolve("server.crt"), certs.resolve("server.key"), certs.resolve("ca.crt"))
            // Runs on the thread "quoterelay-receiver-io-*". While it runs, no socket is read: keep it
            // short (well under the time between quotes, ~1 ms for BTCUSDT bursts). A slower callback
            // gets each symbol's newest quote once it returns, never a backlog; the receiver counts
            // what it skipped (conflated_rx): memory does not grow, old quotes are dropped.
            .onQuote(strategy)
            .statsInterval(Duration.ofSeconds(10))   // the stats line, in the log
            .start();
    }

    public static void main(String[] args) throws InterruptedException {
        Path certs = Path.of(args.length > 0 ? args[0] : "certs");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 9001;
        ToyMarketMaker strategy = new ToyMarketMaker(2.0);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        try (RelayReceiver receiver = start(certs, port, strategy)) {
            while (!stop.await(10, TimeUnit.SECONDS)) {
                // Any thread may read these; they never block the I/O thread.
                ReceiverStats stats = receiver.stats();
                System.out.printf("delivered=%d gaps=%d p99=%dus last BTCUSDT=%s health=%s%n",
                    stats.accounting().delivered(), stats.accounting().gaps(),
                    stats.interval().corrected().p99Ns() / 1000, receiver.latest("BTCUSDT"), receiver.health().reason());
            }
        }
    }
}
