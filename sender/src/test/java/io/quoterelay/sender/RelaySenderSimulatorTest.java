package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.netty.TlsContexts;
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
        Await.until(WAIT, () -> sender.stats().quotes() > 50, () -> "quotes flowing: " + sender.stats());
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

    private void assertQuotesContinueAndEverythingIsAccounted() {
        long before = sender.stats().quotes();
        Await.until(WAIT, () -> sender.stats().quotes() > before + 50, () -> "quotes continue: " + sender.stats());
        SenderStats s = sender.stats();
        SenderStats.LinkStats l = s.link();
        assertEquals(LinkState.UP, l.state());
        assertTrue(l.upstream() >= s.quotes() - 1 && l.upstream() <= s.quotes() + 1, s.toString());
        assertEquals(l.upstream(), l.sent() + l.conflated() + l.pending(), l.toString());
        Await.until(WAIT, () -> receiver.hasAllSeqsUpTo(sender.stats().link().sent()),
            () -> "receiver has every seq up to " + sender.stats().link().sent() + ", has " + receiver.distinctSeqs());
    }

    @Test
    void reconnectsAfterTheExchangeDropsTheConnection() {
        sim.dropAllConnections();
        Await.until(WAIT, () -> sender.stats().binanceReconnects() >= 1, () -> "a Binance reconnect: " + sender.stats());
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, sender.stats().link().linkReconnects(), "the receiver link is independent of Binance");
        assertEquals(0, sender.stats().binanceRollovers(), "a dropped connection is not a planned rollover");
    }

    @Test
    void silentStallLongerThanTheStallTimeoutIsDetectedAndRedialled() {
        sim.stall(true);
        Await.until(WAIT, () -> sender.stats().binanceReconnects() >= 1, () -> "watchdog redial: " + sender.stats());
        sim.stall(false);
        assertQuotesContinueAndEverythingIsAccounted();
    }

    @Test
    void garbageAndAcknowledgementsAreCountedAndQuotesContinue() {
        SenderStats before = sender.stats();
        sim.sendRawText("this is not json");
        sim.sendRawText("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":123,\"a\":\"1\"}");
        sim.sendRawText("{\"result\":null,\"id\":1}");
        sim.sendRawText("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}");
        Await.until(WAIT, () -> sender.stats().malformed() >= before.malformed() + 2 && sender.stats().nonQuotes() >= before.nonQuotes() + 2,
            () -> "garbage counted: " + sender.stats());
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, sender.stats().binanceReconnects());
        assertEquals(0, sender.stats().binanceRollovers());
    }

    @Test
    void serverShutdownOpensAFreshConnectionBeforeTheOldOneEnds() {
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(WAIT, () -> sender.stats().binanceReconnects() >= 1, () -> "a fresh connection: " + sender.stats());
        Await.until(WAIT, () -> sim.connectionCount() == 1, () -> "the old connection closed, open: " + sim.connectionCount());
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(1, sender.stats().binanceRollovers(), "a planned rollover, told apart from a reconnect");
    }

    @Test
    void aRolloverWhoseFreshConnectionIsRefusedKeepsTheCurrentOneAndTriesAgain() {
        sim.refuseNewConnections(true); // Binance in maintenance: the announced shutdown, no new sockets yet
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(WAIT, () -> sim.handshakesRejected() >= 2, () -> "fresh connections refused: " + sim.handshakesRejected());
        long before = sender.stats().quotes();
        Await.until(WAIT, () -> sender.stats().quotes() > before + 50, () -> "quotes over the old connection: " + sender.stats());
        assertEquals(LinkState.UP, sender.stats().binanceState(), "the old connection still delivers: " + sender.stats());
        assertEquals(null, sender.stats().binanceLastError());
        assertEquals(0, sender.stats().binanceReconnects());

        sim.refuseNewConnections(false);
        Await.until(WAIT, () -> sender.stats().binanceReconnects() == 1 && sim.connectionCount() == 1,
            () -> "the retried fresh connection took over: " + sender.stats() + ", open " + sim.connectionCount());
        assertEquals(1, sender.stats().binanceRollovers());
        assertQuotesContinueAndEverythingIsAccounted();
    }
}
