package io.quoterelay.sender.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.SentQuote;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventLoopGroup loop = Transport.best().newGroup(1, "binance-test");
    private final List<SentQuote> sent = new ArrayList<>();
    private final List<long[]> forwarded = new ArrayList<>(); // {symbol index, u}
    private final Set<Long> dropped = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ExchangeSimulator sim;
    private BinanceStream stream;

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        if (sim != null) {
            sim.close();
        }
        scheduler.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    private void start(Duration exchangeLifetime, Duration senderLifetime, long updates, int rate) {
        sim = ExchangeSimulator.builder().host("127.0.0.1").port(0).symbols(SYMBOLS).ratePerSecond(rate)
            .maxMessages(updates).connectionLifetime(exchangeLifetime).generateAfterConnections(1).start();
        sim.addSentListener(q -> {
            synchronized (sent) {
                sent.add(q);
            }
        });
        stream = new BinanceStream(sim.combinedStreamUri(), EpochNanoClock.system(), Duration.ofSeconds(5),
            Duration.ofSeconds(5), senderLifetime, BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), loop.next(),
            scheduler, q -> {
                synchronized (forwarded) {
                    forwarded.add(new long[] {List.of(SYMBOLS).indexOf(q.symbol()), q.updateId()});
                }
            });
        stream.overlapDropListener = q -> dropped.add(q.updateId());
        stream.start();
    }

    @Test
    void proactiveRolloverBeforeTheExchangesCutLosesNoUpdateAndForwardsNoneTwice() throws Exception {
        // The exchange cuts at 4 s; the sender replaces each connection at 2.5 s: about three rollovers.
        start(Duration.ofSeconds(4), Duration.ofMillis(2_500), 14_000, 2_000);
        assertTrue(sim.awaitGeneratorFinished(WAIT), "the exchange sent everything");
        await(() -> settled(), () -> "forwarding settled: " + forwardedCount() + " forwarded, " + sent.size() + " sent");

        Verdict v = verdict();
        assertEquals(0, v.forwardedTwice, "no update forwarded twice");
        assertEquals(0, v.lost, "no update lost: each was forwarded or superseded by a newer one already forwarded");
        assertEquals(0, v.outOfOrder, "per symbol, u only rises");
        assertTrue(stream.rollovers() >= 2, "rolled over before each cut: " + stream.rollovers());
        assertTrue(stream.overlapDuplicates() > 0, "the overlap delivered duplicates, and they were dropped");
        assertEquals(sent.size(), v.forwarded + v.superseded, "every update sent is forwarded or superseded");
        assertEquals(v.forwarded, stream.quotes());
        System.out.printf("rollover: %d sent, %d forwarded, %d superseded in an overlap, %d overlap drops, %d rollovers%n",
            sent.size(), v.forwarded, v.superseded, stream.overlapDuplicates(), stream.rollovers());
    }

    @Test
    void serverShutdownEventRollsOverWithoutLoss() throws Exception {
        start(Duration.ZERO, Duration.ZERO, 8_000, 2_000);
        await(() -> forwardedCount() > 1_000, () -> "quotes flowing");
        sim.sendRawText("{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}");
        await(() -> stream.rollovers() == 1 && sim.connectionCount() == 2, () -> "a second connection during the overlap");
        await(() -> sim.connectionCount() == 1, () -> "the old connection closed after the overlap");
        assertTrue(sim.awaitGeneratorFinished(WAIT));
        await(() -> settled(), () -> "forwarding settled");
        Verdict v = verdict();
        assertEquals(0, v.forwardedTwice);
        assertEquals(0, v.lost);
        assertEquals(0, v.outOfOrder);
        assertEquals(sent.size(), v.forwarded + v.superseded);
        assertTrue(stream.overlapDuplicates() > 0);
    }

    /** Without a proactive rollover the exchange's cut is break-before-make: what it sends meanwhile is gone. */
    @Test
    void withoutRolloverTheExchangesCutIsAReconnectThatForwardsNoDuplicate() throws Exception {
        start(Duration.ofSeconds(2), Duration.ZERO, 8_000, 2_000);
        assertTrue(sim.awaitGeneratorFinished(WAIT));
        await(() -> settled(), () -> "forwarding settled");
        Verdict v = verdict();
        assertTrue(stream.reconnects() >= 1, "reconnected after the cut");
        assertEquals(0, stream.rollovers());
        assertEquals(0, v.forwardedTwice);
        assertEquals(0, v.outOfOrder);
        System.out.printf("break-before-make: %d sent, %d forwarded, %d never forwarded (sent while no connection was subscribed)%n",
            sent.size(), v.forwarded, v.lost);
    }

    private long lastCount = -1;
    private long stableSince;

    /** The forwarded count has not changed for 300 ms after the exchange finished. */
    private boolean settled() {
        long n = forwardedCount();
        long now = System.nanoTime();
        if (n != lastCount) {
            lastCount = n;
            stableSince = now;
            return false;
        }
        return now - stableSince > 300_000_000L;
    }

    private long forwardedCount() {
        synchronized (forwarded) {
            return forwarded.size();
        }
    }

    record Verdict(long forwarded, long forwardedTwice, long superseded, long lost, long outOfOrder) {
    }

    private Verdict verdict() {
        List<long[]> f;
        List<SentQuote> s;
        synchronized (forwarded) {
            f = new ArrayList<>(forwarded);
        }
        synchronized (sent) {
            s = new ArrayList<>(sent);
        }
        Set<Long> seen = new HashSet<>();
        long twice = 0;
        long outOfOrder = 0;
        long[] lastU = new long[SYMBOLS.length];
        java.util.Arrays.fill(lastU, Long.MIN_VALUE);
        for (long[] q : f) {
            if (!seen.add(q[1])) {
                twice++;
            }
            int sym = (int) q[0];
            if (q[1] <= lastU[sym]) {
                outOfOrder++;
            }
            lastU[sym] = q[1];
        }
        long superseded = 0;
        long lost = 0;
        for (SentQuote q : s) {
            if (seen.contains(q.updateId())) {
                continue;
            }
            if (dropped.contains(q.updateId())) {
                superseded++; // only on the old connection, and by then older than what was forwarded
            } else {
                lost++;
            }
        }
        return new Verdict(seen.size(), twice, superseded, lost, outOfOrder);
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
