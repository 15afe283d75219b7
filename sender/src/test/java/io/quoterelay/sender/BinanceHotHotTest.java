package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.SimConnection;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two hot-hot connections to the simulator, each with its own delivery jitter, through faults of
 * one connection at a time: the forwarded stream is checked update by update against what the
 * exchange sent (every one forwarded exactly once, in {@code u} order per symbol).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BinanceHotHotTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    /** Injected by hand on one connection at a time; the simulator never generates it. */
    private static final String HAND = "XRPUSDT";

    @RegisterExtension
    final StreamRig rig = new StreamRig();
    private final ForwardLedger ledger = new ForwardLedger(SYMBOLS);
    private final List<QuoteFrame> hand = new ArrayList<>();
    private ExchangeSimulator sim;
    private BinanceStream stream;

    private void start(ExchangeSimulator.Builder exchange, BinanceLines lines) {
        sim = exchange.host("127.0.0.1").port(0).symbols(SYMBOLS).generateAfterConnections(lines.connections()).start();
        rig.exchange = sim;
        sim.addSentListener(ledger);
        stream = new BinanceStream(sim.combinedStreamUri(), EpochNanoClock.system(), Duration.ofSeconds(10),
            Duration.ofSeconds(5), Duration.ZERO, BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), rig.loop(),
            rig.scheduler, q -> {
                if (HAND.equals(q.symbol())) {
                    synchronized (hand) {
                        hand.add(new QuoteFrame().copyFrom(q));
                    }
                } else {
                    ledger.onQuote(q);
                }
            }, lines);
        stream.overlapDropListener = ledger.dropListener();
        rig.stream = stream;
        stream.start();
    }

    private static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        Await.until(what, WAIT, condition);
    }

    private void assertEveryUpdateForwardedOnceInOrder() throws InterruptedException {
        if (!sim.isStalled()) {
            assertTrue(sim.awaitGeneratorFinished(WAIT), "the exchange sent everything");
        }
        await(ledger::settled, () -> "forwarding settled: " + ledger.forwardedCount() + " of " + ledger.sentCount());
        ForwardLedger.Verdict v = ledger.verdict();
        assertEquals(0, v.lost(), "no update lost: " + v);
        assertEquals(0, v.forwardedTwice(), "none forwarded twice: " + v);
        assertEquals(0, v.outOfOrder(), "u only rises per symbol: " + v);
        assertEquals(ledger.sentCount(), v.forwarded(), "every update sent was forwarded: " + v);
    }

    @Test
    void cuttingOneConnectionAndThenStallingOneLosesNoUpdate() throws Exception {
        // Unbounded: the faults come when the test says, however loaded the machine; a global stall ends it.
        start(ExchangeSimulator.builder().ratePerSecond(3_000).perConnectionJitter(Duration.ofMillis(1)),
            BinanceLines.of(2));
        await(() -> ledger.forwardedCount() > 2_000, () -> "quotes flowing: " + ledger.forwardedCount());
        sim.connection(0).cut();
        await(() -> stream.reconnects() >= 1 && sim.connectionCount() == 2, () -> "the cut line redialled");
        long before = ledger.forwardedCount();
        await(() -> ledger.forwardedCount() > before + 1_000, () -> "quotes flowing on both again");
        SimConnection stalled = sim.connection(1).stall(true);
        await(() -> stream.silenceReplacements() >= 1, () -> "the silence watchdog replaced the stalled line: "
            + stream.lineStats());
        assertTrue(stalled.stalledMessages() > 0, "the stalled connection missed updates the other delivered");
        long after = ledger.forwardedCount();
        await(() -> ledger.forwardedCount() > after + 1_000, () -> "quotes flowing after the replacement");
        sim.stall(true); // the exchange stops sending: what was sent is the whole record
        assertEveryUpdateForwardedOnceInOrder();
        List<SenderStats.BinanceConnectionStats> lines = stream.lineStats();
        assertEquals(stream.quotes(), lines.get(0).wins() + lines.get(1).wins(), "every forward is one line's win");
        assertTrue(stream.overlapDuplicates() > 0, "the twin copies were dropped as duplicates");
        assertEquals(0, stream.conflicts());
        assertEquals(0, stream.markResets());
        System.out.printf("hot-hot under faults: %d sent, %d forwarded, %d duplicates, lines %s%n",
            ledger.sentCount(), stream.quotes(), stream.overlapDuplicates(), lines);
    }

    @Test
    void aConnectionDelayedBy50msLosesNearlyEveryRaceAndTheStatsSaySo() throws Exception {
        // The watchdog is kept out of this one (5 s floor): on a starved machine the fast line can
        // pause for a second too, and a replacement would blur what this test looks at.
        start(ExchangeSimulator.builder().ratePerSecond(500).maxMessages(2_500)
            .connectionDelays(List.of(Duration.ZERO, Duration.ofMillis(50))),
            new BinanceLines(2, List.of(), BinanceLines.DEFAULT_SILENCE_MULTIPLE, Duration.ofSeconds(5)));
        assertEveryUpdateForwardedOnceInOrder();
        List<SenderStats.BinanceConnectionStats> lines = stream.lineStats();
        double low = Math.min(lines.get(0).winShare(), lines.get(1).winShare());
        double high = Math.max(lines.get(0).winShare(), lines.get(1).winShare());
        assertTrue(low < 0.10, "the delayed line wins under 10 %: " + lines);
        assertTrue(high > 0.90, "the other wins the rest: " + lines);
        SenderStats.BinanceConnectionStats delayed = lines.get(0).winShare() < lines.get(1).winShare() ? lines.get(0) : lines.get(1);
        assertTrue(delayed.trailP50Us() > 0, "its trail is measured: " + delayed);
    }

    @Test
    void conflictingContentOnTheSameUpdateIsCountedAndTheFirstCopyKept() throws Exception {
        start(ExchangeSimulator.builder().ratePerSecond(200), BinanceLines.of(2));
        await(() -> ledger.forwardedCount() > 10 && sim.connectionCount() == 2, () -> "both lines up");
        sim.connection(0).sendRawText(handQuote(5, "1.00"));
        await(() -> handCount() == 1, () -> "the first copy forwarded");
        sim.connection(1).sendRawText(handQuote(5, "2.00"));
        await(() -> stream.conflicts() == 1, () -> "the conflict counted");
        sim.connection(1).sendRawText(handQuote(6, "2.00"));
        await(() -> handCount() == 2, () -> "the next update of the symbol forwarded");
        synchronized (hand) {
            assertEquals(5, hand.get(0).updateId());
            assertEquals(1.00, hand.get(0).bid(), "the first copy stands");
            assertEquals(6, hand.get(1).updateId());
        }
    }

    @Test
    void aLineFarAheadResetsTheMarkOnlyAfterTheDocumentedRule() throws Exception {
        start(ExchangeSimulator.builder().ratePerSecond(200), BinanceLines.of(2));
        await(() -> ledger.forwardedCount() > 10 && sim.connectionCount() == 2, () -> "both lines up");
        sim.connection(0).sendRawText(handQuote(1_000_000_000L, "1.00"));
        await(() -> handCount() == 1, () -> "the far-ahead update forwarded");
        long forwardedAt = System.nanoTime();
        long staleBefore = stream.staleUpdates();
        for (int u = 10; u < 10 + BinanceStream.RESET_AFTER_STALE; u++) {
            sim.connection(1).sendRawText(handQuote(u, "1.00"));
        }
        await(() -> stream.staleUpdates() >= staleBefore + BinanceStream.RESET_AFTER_STALE, () -> "refused as stale");
        assertEquals(1, handCount(), "older than the mark: not forwarded");
        assertEquals(0, stream.markResets());
        // The second condition of the rule is time without a forward for the symbol.
        await(() -> System.nanoTime() - forwardedAt > BinanceStream.RESET_AFTER.toNanos(), () -> "the reset time passed");
        sim.connection(1).sendRawText(handQuote(100, "1.00"));
        await(() -> handCount() == 2, () -> "after the rule, the other line's update is forwarded");
        assertEquals(1, stream.markResets());
        sim.connection(1).sendRawText(handQuote(101, "1.00"));
        await(() -> handCount() == 3, () -> "and its next one, from the new mark");
        synchronized (hand) {
            assertEquals(List.of(1_000_000_000L, 100L, 101L), hand.stream().map(QuoteFrame::updateId).toList());
        }
    }

    @Test
    void eachLineBindsItsOwnSourceAddress() throws Exception {
        List<InetAddress> local = List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"));
        start(ExchangeSimulator.builder().ratePerSecond(200),
            new BinanceLines(2, local, BinanceLines.DEFAULT_SILENCE_MULTIPLE, BinanceLines.DEFAULT_SILENCE_FLOOR));
        await(() -> sim.connectionCount() == 2 && ledger.forwardedCount() > 10, () -> "both lines up");
        List<String> from = sim.connections().stream().map(c -> c.remoteAddress().getAddress().getHostAddress()).sorted().toList();
        assertEquals(List.of("127.0.0.2", "127.0.0.3"), from);
        assertEquals("127.0.0.2", stream.lineStats().get(0).localAddress());
    }

    private static String handQuote(long u, String bid) {
        return "{\"stream\":\"xrpusdt@bookTicker\",\"data\":{\"u\":" + u + ",\"s\":\"" + HAND + "\",\"b\":\"" + bid
            + "\",\"B\":\"10\",\"a\":\"2.50\",\"A\":\"10\"}}";
    }

    private int handCount() {
        synchronized (hand) {
            return hand.size();
        }
    }
}
