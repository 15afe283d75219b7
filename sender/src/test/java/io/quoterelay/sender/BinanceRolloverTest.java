package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.simulator.ExchangeSimulator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connection rollover against the exchange simulator, which (like Binance) ends every connection
 * at a fixed lifetime, here shortened to seconds. Every update the exchange sent is checked: it
 * was forwarded exactly once, or (only possible in an overlap) an update at least as new for the
 * same symbol had already been forwarded, so forwarding it would have moved the executor back.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BinanceRolloverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};

    @RegisterExtension
    final StreamRig rig = new StreamRig();
    private final ForwardLedger ledger = new ForwardLedger(SYMBOLS);
    private ExchangeSimulator sim;
    private BinanceStream stream;

    private void start(Duration exchangeLifetime, Duration senderLifetime, long updates, int rate) {
        sim = ExchangeSimulator.builder().host("127.0.0.1").port(0).symbols(SYMBOLS).ratePerSecond(rate)
            .maxMessages(updates).connectionLifetime(exchangeLifetime).generateAfterConnections(1).start();
        rig.exchange = sim;
        sim.addSentListener(ledger);
        stream = new BinanceStream(sim.combinedStreamUri(), EpochNanoClock.system(), Duration.ofSeconds(5),
            Duration.ofSeconds(5), senderLifetime, BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), rig.loop(),
            rig.scheduler, ledger);
        stream.overlapDropListener = ledger.dropListener();
        rig.stream = stream;
        stream.start();
    }

    @Test
    void proactiveRolloverBeforeTheExchangesCutLosesNoUpdateAndForwardsNoneTwice() throws Exception {
        // The exchange cuts at 4 s; the sender replaces each connection at 2.5 s: about three rollovers.
        start(Duration.ofSeconds(4), Duration.ofMillis(2_500), 14_000, 2_000);
        assertTrue(sim.awaitGeneratorFinished(WAIT), "the exchange sent everything");
        await(ledger::settled, () -> "forwarding settled: " + ledger.forwardedCount() + " forwarded, " + ledger.sentCount() + " sent");

        ForwardLedger.Verdict v = ledger.verdict();
        assertEquals(0, v.forwardedTwice(), "no update forwarded twice");
        assertEquals(0, v.lost(), "no update lost: each was forwarded or superseded by a newer one already forwarded");
        assertEquals(0, v.outOfOrder(), "per symbol, u only rises");
        assertTrue(stream.rollovers() >= 2, "rolled over before each cut: " + stream.rollovers());
        assertTrue(stream.overlapDuplicates() > 0, "the overlap delivered duplicates, and they were dropped");
        assertEquals(ledger.sentCount(), v.forwarded() + v.superseded(), "every update sent is forwarded or superseded");
        assertEquals(v.forwarded(), stream.quotes());
        System.out.printf("rollover: %d sent, %d forwarded, %d superseded in an overlap, %d overlap drops, %d rollovers%n",
            ledger.sentCount(), v.forwarded(), v.superseded(), stream.overlapDuplicates(), stream.rollovers());
    }

    @Test
    void serverShutdownEventRollsOverWithoutLoss() throws Exception {
        start(Duration.ZERO, Duration.ZERO, 8_000, 2_000);
        await(() -> ledger.forwardedCount() > 1_000, () -> "quotes flowing");
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}");
        await(() -> stream.rollovers() == 1 && sim.connectionCount() == 2, () -> "a second connection during the overlap");
        await(() -> sim.connectionCount() == 1, () -> "the old connection closed after the overlap");
        assertTrue(sim.awaitGeneratorFinished(WAIT));
        await(ledger::settled, () -> "forwarding settled");
        ForwardLedger.Verdict v = ledger.verdict();
        assertEquals(0, v.forwardedTwice());
        assertEquals(0, v.lost());
        assertEquals(0, v.outOfOrder());
        assertEquals(ledger.sentCount(), v.forwarded() + v.superseded());
        assertTrue(stream.overlapDuplicates() > 0);
    }

    /** Without a proactive rollover the exchange's cut is break-before-make: what it sends meanwhile is gone. */
    @Test
    void withoutRolloverTheExchangesCutIsAReconnectThatForwardsNoDuplicate() throws Exception {
        start(Duration.ofSeconds(2), Duration.ZERO, 8_000, 2_000);
        assertTrue(sim.awaitGeneratorFinished(WAIT));
        await(ledger::settled, () -> "forwarding settled");
        ForwardLedger.Verdict v = ledger.verdict();
        assertTrue(stream.reconnects() >= 1, "reconnected after the cut");
        assertEquals(0, stream.rollovers());
        assertEquals(0, v.forwardedTwice());
        assertEquals(0, v.outOfOrder());
        System.out.printf("break-before-make: %d sent, %d forwarded, %d never forwarded (sent while no connection was subscribed)%n",
            ledger.sentCount(), v.forwarded(), v.lost());
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(20);
        }
    }
}
