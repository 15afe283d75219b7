package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole sender, on one Binance connection, between the exchange simulator and a real TLS receiver, through Binance-side faults. */
class RelaySenderSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    static PkiFiles pki;

    private ExchangeSimulator sim;
    private TestReceiver receiver;
    private RelaySender sender;

    @BeforeAll
    static void certificates() throws Exception {
        pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
    }

    @BeforeEach
    void start() throws Exception {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .market(io.quoterelay.simulator.Market.USDM_FUTURES).ratePerSecond(300).start();
        receiver = new TestReceiver(TlsContexts.server(pki.serverCert(), pki.serverKey(), pki.caCert(), true), true).start(0);
        sender = RelaySender.builder()
            .binanceUrl(sim.combinedStreamUri())
            .receiver("127.0.0.1", receiver.port())
            .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"))
            .binanceStallTimeout(Duration.ofMillis(1500))
            .binanceConnections(1) // these faults are about one connection; BinanceHotHotTest covers two
            .statsInterval(Duration.ofSeconds(2))
            .start();
        Await.until(() -> "quotes flowing: " + sender.stats(), WAIT, () -> sender.stats().quotes() > 50);
    }

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.close();
        }
        if (receiver != null) {
            receiver.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private void assertQuotesContinueAndEverythingIsAccounted() throws InterruptedException {
        long before = sender.stats().quotes();
        Await.until(() -> "quotes continue: " + sender.stats(), WAIT, () -> sender.stats().quotes() > before + 50);
        SenderStats s = sender.stats();
        SenderStats.LinkStats l = s.link();
        assertEquals(LinkState.UP, l.state());
        assertTrue(l.upstream() >= s.quotes() - 1 && l.upstream() <= s.quotes() + 1, s.toString());
        assertEquals(l.upstream(), l.sent() + l.conflated() + l.pending(), l.toString());
        Await.until(() -> "receiver has every seq up to " + sender.stats().link().sent() + ", has " + receiver.distinctSeqs(), WAIT,
            () -> receiver.hasAllSeqsUpTo(sender.stats().link().sent()));
    }

    @Test
    void reconnectsAfterTheExchangeDropsTheConnection() throws InterruptedException {
        sim.dropAllConnections();
        Await.until(() -> "a Binance reconnect: " + sender.stats(), WAIT,
            () -> sender.stats().binanceReconnects() >= 1);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, sender.stats().link().linkReconnects(), "the receiver link is independent of Binance");
        assertEquals(0, sender.stats().binanceRollovers(), "a dropped connection is not a planned rollover");
    }

    @Test
    void silentStallLongerThanTheStallTimeoutIsDetectedAndRedialled() throws InterruptedException {
        sim.stall(true);
        Await.until(() -> "watchdog redial: " + sender.stats(), WAIT, () -> sender.stats().binanceReconnects() >= 1);
        sim.stall(false);
        assertQuotesContinueAndEverythingIsAccounted();
    }

    @Test
    void garbageAndAcknowledgementsAreCountedAndQuotesContinue() throws InterruptedException {
        SenderStats before = sender.stats();
        sim.sendRawText("this is not json");
        sim.sendRawText("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":123,\"a\":\"1\"}");
        sim.sendRawText("{\"result\":null,\"id\":1}");
        sim.sendRawText("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}");
        Await.until(() -> "garbage counted: " + sender.stats(), WAIT,
            () -> sender.stats().malformed() >= before.malformed() + 2 && sender.stats().nonQuotes() >= before.nonQuotes() + 2);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, sender.stats().binanceReconnects());
        assertEquals(0, sender.stats().binanceRollovers());
    }

    @Test
    void serverShutdownOpensAFreshConnectionBeforeTheOldOneEnds() throws InterruptedException {
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(() -> "a fresh connection: " + sender.stats(), WAIT, () -> sender.stats().binanceReconnects() >= 1);
        Await.until(() -> "the old connection closed, open: " + sim.connectionCount(), WAIT,
            () -> sim.connectionCount() == 1);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(1, sender.stats().binanceRollovers(), "a planned rollover, told apart from a reconnect");
    }

    @Test
    void aRolloverWhoseFreshConnectionIsRefusedKeepsTheCurrentOneAndTriesAgain() throws InterruptedException {
        sim.refuseNewConnections(true); // Binance in maintenance: the announced shutdown, no new sockets yet
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(() -> "fresh connections refused: " + sim.handshakesRejected(), WAIT,
            () -> sim.handshakesRejected() >= 2);
        long before = sender.stats().quotes();
        Await.until(() -> "quotes over the old connection: " + sender.stats(), WAIT,
            () -> sender.stats().quotes() > before + 50);
        assertEquals(LinkState.UP, sender.stats().binanceState(), "the old connection still delivers: " + sender.stats());
        assertEquals(null, sender.stats().binanceLastError());
        assertEquals(0, sender.stats().binanceReconnects());

        sim.refuseNewConnections(false);
        Await.until(() -> "the retried fresh connection took over: " + sender.stats() + ", open " + sim.connectionCount(), WAIT,
            () -> sender.stats().binanceReconnects() == 1 && sim.connectionCount() == 1);
        assertEquals(1, sender.stats().binanceRollovers());
        assertQuotesContinueAndEverythingIsAccounted();
    }
}
