package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.LogCapture;
import io.quoterelay.simulator.ExchangeSimulator;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the Netty client reports what ends a connection: close codes, and a handshake that never completes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceStreamFailureTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final StreamRig rig = new StreamRig();
    private final LogCapture log = new LogCapture("io.quoterelay.sender.binance");
    private final List<Long> forwarded = new CopyOnWriteArrayList<>();
    private BinanceStream stream;

    @AfterEach
    void stop() {
        log.close();
    }

    private void start(URI uri, Duration handshakeTimeout) {
        log.start();
        stream = rig.startStream(uri, handshakeTimeout, q -> forwarded.add(q.updateId()));
    }

    @Test
    void closeCode1008FromTheExchangeIsReadAndMakesTheSenderWaitAMinute() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(200).start()) {
            start(sim.combinedStreamUri(), Duration.ofSeconds(5));
            await(() -> forwarded.size() > 10, () -> "quotes flowing");
            sim.closeAllConnections(1008, "too many requests");
            await(() -> stream.state() == LinkState.DOWN, () -> "the close seen, state " + stream.state());
            assertTrue(stream.lastError().contains("code 1008, too many requests") && stream.lastError().endsWith("by Binance"),
                stream.lastError());
            await(() -> messages().stream().anyMatch(m -> m.contains("1008") && m.contains("waiting 60 s")),
                () -> "the 60 s wait logged: " + messages());
        }
    }

    @Test
    void politeCloseWithAnotherCodeIsRedialledWithBackoff() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(200).start()) {
            start(sim.combinedStreamUri(), Duration.ofSeconds(5));
            await(() -> forwarded.size() > 10, () -> "quotes flowing");
            sim.closeAllConnections(1001, "going away");
            await(() -> stream.reconnects() == 1 && stream.state() == LinkState.UP, () -> "redialled: " + stream.lastError());
            assertTrue(messages().stream().anyMatch(m -> m.contains("closed (code 1001, going away) by Binance")), messages().toString());
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTheUpgradeHitsTheHandshakeDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (held.size() < 3) {
                        held.add(silent.accept()); // kept open, never answered
                    }
                } catch (java.io.IOException e) {
                    // closed by the test
                }
            }, "silent-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            start(URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/stream?streams=btcusdt@bookTicker"),
                Duration.ofMillis(300));
            await(() -> held.size() >= 2, () -> "a second attempt after the deadline");
            assertTrue(messages().stream().anyMatch(m -> m.contains("no WebSocket handshake within 300 ms")), messages().toString());
            assertTrue(stream.state() == LinkState.CONNECTING || stream.state() == LinkState.DOWN, "never up: " + stream.state());
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private List<String> messages() {
        return log.messages();
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        Await.until(what, WAIT, condition);
    }
}
