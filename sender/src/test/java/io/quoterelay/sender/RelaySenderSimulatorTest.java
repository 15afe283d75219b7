package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole sender, on one Binance connection, between the exchange simulator and a real TLS receiver, through Binance-side faults. */
class RelaySenderSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @RegisterExtension
    final SenderRig rig = new SenderRig();

    @BeforeEach
    void start() throws Exception {
        rig.start(b -> b
            .binanceStallTimeout(Duration.ofMillis(1500))
            .binanceConnections(1) // these faults are about one connection; BinanceHotHotTest covers two
            .statsInterval(Duration.ofSeconds(2)));
        Await.until(() -> "quotes flowing: " + rig.sender.stats(), WAIT, () -> rig.sender.stats().quotes() > 50);
    }

    private void assertQuotesContinueAndEverythingIsAccounted() throws InterruptedException {
        long before = rig.sender.stats().quotes();
        Await.until(() -> "quotes continue: " + rig.sender.stats(), WAIT, () -> rig.sender.stats().quotes() > before + 50);
        SenderStats s = rig.sender.stats();
        SenderStats.LinkStats l = s.link();
        assertEquals(LinkState.UP, l.state());
        // stats() reads the link before the stream: quotes forwarded in between only raise quotes().
        assertTrue(l.upstream() <= s.quotes() && l.upstream() >= s.quotes() - 300, s.toString());
        assertEquals(l.upstream(), l.sent() + l.conflated() + l.pending(), l.toString());
        Await.until(() -> "receiver has every seq up to " + rig.sender.stats().link().sent() + ", has " + rig.receiver.distinctSeqs(), WAIT,
            () -> rig.receiver.hasAllSeqsUpTo(rig.sender.stats().link().sent()));
    }

    @Test
    void reconnectsAfterTheExchangeDropsTheConnection() throws InterruptedException {
        rig.sim.dropAllConnections();
        Await.until(() -> "a Binance reconnect: " + rig.sender.stats(), WAIT,
            () -> rig.sender.stats().binanceReconnects() >= 1);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, rig.sender.stats().link().linkReconnects(), "the receiver link is independent of Binance");
        assertEquals(0, rig.sender.stats().binanceRollovers(), "a dropped connection is not a planned rollover");
    }

    @Test
    void silentStallLongerThanTheStallTimeoutIsDetectedAndRedialled() throws InterruptedException {
        rig.sim.stall(true);
        Await.until(() -> "watchdog redial: " + rig.sender.stats(), WAIT, () -> rig.sender.stats().binanceReconnects() >= 1);
        rig.sim.stall(false);
        assertQuotesContinueAndEverythingIsAccounted();
    }

    @Test
    void garbageAndAcknowledgementsAreCountedAndQuotesContinue() throws InterruptedException {
        SenderStats before = rig.sender.stats();
        rig.sim.sendRawText("this is not json");
        rig.sim.sendRawText("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":123,\"a\":\"1\"}");
        rig.sim.sendRawText("{\"result\":null,\"id\":1}");
        rig.sim.sendRawText("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}");
        Await.until(() -> "garbage counted: " + rig.sender.stats(), WAIT,
            () -> rig.sender.stats().malformed() >= before.malformed() + 2 && rig.sender.stats().nonQuotes() >= before.nonQuotes() + 2);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(0, rig.sender.stats().binanceReconnects());
        assertEquals(0, rig.sender.stats().binanceRollovers());
    }

    @Test
    void serverShutdownOpensAFreshConnectionBeforeTheOldOneEnds() throws InterruptedException {
        rig.sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(() -> "a fresh connection: " + rig.sender.stats(), WAIT, () -> rig.sender.stats().binanceReconnects() >= 1);
        Await.until(() -> "the old connection closed, open: " + rig.sim.connectionCount(), WAIT,
            () -> rig.sim.connectionCount() == 1);
        assertQuotesContinueAndEverythingIsAccounted();
        assertEquals(1, rig.sender.stats().binanceRollovers(), "a planned rollover, told apart from a reconnect");
    }

    @Test
    void aRolloverWhoseFreshConnectionIsRefusedKeepsTheCurrentOneAndTriesAgain() throws InterruptedException {
        rig.sim.refuseNewConnections(true); // Binance in maintenance: the announced shutdown, no new sockets yet
        rig.sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        Await.until(() -> "fresh connections refused: " + rig.sim.handshakesRejected(), WAIT,
            () -> rig.sim.handshakesRejected() >= 2);
        long before = rig.sender.stats().quotes();
        Await.until(() -> "quotes over the old connection: " + rig.sender.stats(), WAIT,
            () -> rig.sender.stats().quotes() > before + 50);
        assertEquals(LinkState.UP, rig.sender.stats().binanceState(), "the old connection still delivers: " + rig.sender.stats());
        assertEquals(null, rig.sender.stats().binanceLastError());
        assertEquals(0, rig.sender.stats().binanceReconnects());

        rig.sim.refuseNewConnections(false);
        Await.until(() -> "the retried fresh connection took over: " + rig.sender.stats() + ", open " + rig.sim.connectionCount(), WAIT,
            () -> rig.sender.stats().binanceReconnects() == 1 && rig.sim.connectionCount() == 1);
        assertEquals(1, rig.sender.stats().binanceRollovers());
        assertQuotesContinueAndEverythingIsAccounted();
    }
}
