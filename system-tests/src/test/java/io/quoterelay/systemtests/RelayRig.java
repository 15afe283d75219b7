package io.quoterelay.systemtests;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.LoopbackPorts;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.BinanceLines;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.SentQuote;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The whole pair on loopback: exchange simulator → real sender → mutual TLS → real receiver →
 * a recording executor callback. Each part can be stopped and restarted by the test.
 */
final class RelayRig implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Connections a default sender opens to the exchange; a test that counts every update exactly
     * holds the simulator's stream until all of them subscribed. A line that subscribes mid-stream
     * can deliver a symbol's update y before the other line delivers the older x that only it
     * carries; x is then refused as stale (rightly: y superseded it, and it is counted), which is
     * the arbiter's business, not what such a test is about.
     */
    static final int BINANCE_CONNECTIONS = BinanceLines.DEFAULT_CONNECTIONS;

    final PkiFiles pki;
    final ExchangeSimulator simulator;
    final int receiverPort;
    final List<Quote> delivered = new CopyOnWriteArrayList<>();
    final Map<Long, SentQuote> sentByUpdateId = new ConcurrentHashMap<>();
    RelayReceiver receiver;
    RelaySender sender;

    RelayRig(Path dir, ExchangeSimulator.Builder simulator) throws IOException {
        pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of("localhost"), List.of("sender"), false);
        this.simulator = simulator.host("127.0.0.1").port(0).start();
        this.simulator.addSentListener(q -> sentByUpdateId.put(q.updateId(), q));
        receiverPort = LoopbackPorts.restartable();
    }

    RelayRig startReceiver() {
        return startReceiver(b -> { });
    }

    /** The receiver as {@link #startReceiver()} makes it, with the test's changes applied last. */
    RelayRig startReceiver(Consumer<RelayReceiver.Builder> customise) {
        RelayReceiver.Builder b = RelayReceiver.builder().port(receiverPort).bindAddress("127.0.0.1")
            .tls(pki.serverCert(), pki.serverKey(), pki.caCert())
            .statsInterval(Duration.ofSeconds(2))
            .onQuote(q -> delivered.add(q.copy()));
        customise.accept(b);
        receiver = b.start();
        return this;
    }

    RelayRig startSender() {
        return startSender(EpochNanoClock.system());
    }

    /** The sender on {@code clock}: a test skews it to model a sender host whose clock is off. */
    RelayRig startSender(EpochNanoClock clock) {
        return startSender(b -> b.clock(clock));
    }

    /** The sender as {@link #startSender()} makes it, with the test's changes applied last. */
    RelayRig startSender(Consumer<RelaySender.Builder> customise) {
        RelaySender.Builder b = RelaySender.builder()
            .binanceUrl(simulator.combinedStreamUri())
            .receiver("127.0.0.1", receiverPort)
            .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"))
            .statsInterval(Duration.ofSeconds(2))
            .binanceStallTimeout(Duration.ofSeconds(2));
        customise.accept(b);
        sender = b.start();
        return this;
    }

    SenderStats.LinkStats link() {
        return sender.stats().link();
    }

    SessionStats session() {
        ReceiverStats s = receiver.stats();
        return s.session(link().sessionId());
    }

    /** Waits until the sender has sent everything it received and the receiver has seen its report of that. */
    void awaitQuiescent(long expectedUpstream) throws InterruptedException {
        Await.until(() -> "quiescence at " + expectedUpstream + " upstream; sender " + sender.stats() + "; receiver "
            + receiver.stats().sessions(), WAIT, () -> {
            SenderStats s = sender.stats();
            SenderStats.LinkStats l = s.links().get(0);
            SessionStats r = receiver.stats().session(l.sessionId());
            return s.quotes() == expectedUpstream && l.pending() == 0 && r != null
                && r.highestSeq() == l.sent() && r.reportedHighestSeq() == l.sent()
                && r.reportedUpstream() == expectedUpstream;
        });
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        simulator.close();
    }
}
