package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.QuoteListener;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor that takes 50 ms per quote while the exchange sends 10 000 updates a second. It is
 * never handed a quote of a symbol while a newer quote of that symbol had already been read by
 * the receiver when its callback (or its {@code poll}) started: the receiver reads everything the
 * socket holds, keeps each symbol's newest quote and counts what it replaced. The link stays up
 * (no reconnect on either side), memory stays bounded, and once the executor is fast again
 * {@code upstream = delivered + gaps + conflated + conflated at receiver} holds exactly. Both ways
 * an executor can consume: the callback on the receiver's I/O thread, and polling from its own thread.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowExecutorTest {
    private static final int RATE = 10_000;
    private static final Duration SLOW_PHASE = Duration.ofSeconds(8);
    private static final long SLOW_CALLBACK_MS = 50;

    @TempDir
    Path dir;

    @Test
    void slowCallbackGetsEachSymbolsNewestQuoteAndTheRestIsCounted() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        AtomicLong slowCalls = new AtomicLong();
        RelayReceiver[] holder = new RelayReceiver[1];
        Histogram ageAtCall = new Histogram(60_000_000_000L, 3);
        List<String> stale = new CopyOnWriteArrayList<>();
        run(builder -> builder.onQuote(q -> {
            // The I/O thread calls this once it has read everything readable: nothing newer of this
            // symbol may have been read already (latest() is updated as each quote is read).
            long newest = holder[0].latest(q.symbol()).seq();
            if (newest != q.seq()) {
                stale.add(q.symbol() + " seq " + q.seq() + " while " + newest + " had been read");
            }
            if (slow.get()) {
                slowCalls.incrementAndGet();
                ageAtCall.recordValue(Math.max(0, q.ageNanos(EpochNanoClock.system().epochNanos())));
                sleep(SLOW_CALLBACK_MS);
            }
        }), slow, r -> holder[0] = r, "callback", ageAtCall);
        assertTrue(slowCalls.get() > 0);
        assertEquals(List.of(), stale, "no callback got a quote older than one its symbol had on the host");
    }

    @Test
    void slowPollingExecutorKeepsTheLinkUpAndConflationIsCounted() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        RelayReceiver[] holder = new RelayReceiver[1];
        Histogram ageAtPoll = new Histogram(60_000_000_000L, 3);
        List<String> stale = new CopyOnWriteArrayList<>();
        Map<String, Long> newestBefore = new HashMap<>();
        QuoteListener check = q -> {
            Long before = newestBefore.get(q.symbol());
            if (before != null && q.seq() < before) {
                stale.add(q.symbol() + " seq " + q.seq() + " after " + before + " had been read");
            }
            if (slow.get()) {
                ageAtPoll.recordValue(Math.max(0, q.ageNanos(EpochNanoClock.system().epochNanos())));
            }
        };
        Thread executor = new Thread(() -> {
            while (!stop.get()) {
                RelayReceiver r = holder[0];
                if (r == null) {
                    Thread.onSpinWait();
                    continue;
                }
                // What had been read when this poll started: nothing older may come out of it.
                for (String symbol : SYMBOLS) {
                    Quote q = r.latest(symbol);
                    newestBefore.put(symbol, q == null ? 0 : q.seq());
                }
                if (slow.get()) {
                    r.poll(check, 1);
                    sleep(SLOW_CALLBACK_MS);
                } else if (r.poll(check, 4096) == 0) {
                    sleep(1);
                }
            }
        }, "slow-executor");
        try {
            run(builder -> builder.polling(4096), slow, r -> {
                holder[0] = r;
                executor.start();
            }, "polling", ageAtPoll);
        } finally {
            stop.set(true);
            executor.join(5_000);
        }
        assertEquals(List.of(), stale, "no poll returned a quote older than one its symbol had on the host");
    }

    interface Configure {
        RelayReceiver.Builder apply(RelayReceiver.Builder b);
    }

    interface Started {
        void accept(RelayReceiver r);
    }

    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");

    private void run(Configure mode, AtomicBoolean slow, Started started, String modeName, Histogram age)
        throws Exception {
        long updates = RATE * (SLOW_PHASE.toSeconds() + 2);
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
                 .symbols(SYMBOLS.toArray(String[]::new)).ratePerSecond(RATE).maxMessages(updates)
                 .generateAfterConnections(1).start();
             RelayReceiver receiver = mode.apply(RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
                 .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)).start()) {
            started.accept(receiver);
            try (RelaySender sender = RelaySender.builder().binanceUrl(sim.combinedStreamUri())
                     .receiver("127.0.0.1", receiver.port())
                     .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"))
                     .statsInterval(Duration.ZERO).start()) {
                long heapBefore = usedHeap();
                long maxHeap = heapBefore;
                long end = System.nanoTime() + SLOW_PHASE.toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    maxHeap = Math.max(maxHeap, usedHeap());
                }
                SenderStats.LinkStats during = sender.stats().link();
                long conflatedAtReceiverDuring = receiver.stats().accounting().conflatedAtReceiver();
                slow.set(false);
                assertTrue(sim.awaitGeneratorFinished(RelayRig.WAIT), "the exchange sent everything");
                Await.until(() -> "drained: " + sender.stats() + " / " + receiver.stats().sessions(), RelayRig.WAIT, () -> {
                    SenderStats s = sender.stats();
                    SenderStats.LinkStats l = s.link();
                    SessionStats r = receiver.stats().session(l.sessionId());
                    return s.quotes() == updates && l.pending() == 0 && r != null && r.highestSeq() == l.sent()
                        && r.reportedUpstream() == updates && r.reportedHighestSeq() == l.sent()
                        && r.delivered() + r.gaps() + r.reportedConflated() + r.conflatedAtReceiver() == updates;
                });

                SenderStats.LinkStats link = sender.stats().link();
                ReceiverStats stats = receiver.stats();
                SessionStats session = stats.session(link.sessionId());
                System.out.printf("slow executor (%s): during %d s at 50 ms/quote the sender sent %d and conflated %d"
                        + " of %d, the receiver conflated %d; quote age when the executor got it (slow phase, n=%d):"
                        + " p50=%d ms p99=%d ms max=%d ms; link reconnects %d; receiver connections %d;"
                        + " heap max +%d MiB; total delivered %d, conflated %d + %d at receiver, gaps %d%n",
                    modeName, SLOW_PHASE.toSeconds(), during.sent(), during.conflated(), during.upstream(),
                    conflatedAtReceiverDuring, age.getTotalCount(), age.getValueAtPercentile(50) / 1_000_000,
                    age.getValueAtPercentile(99) / 1_000_000, age.getMaxValue() / 1_000_000, link.linkReconnects(),
                    session.connections(), (maxHeap - heapBefore) >> 20, session.delivered(),
                    session.reportedConflated(), session.conflatedAtReceiver(), session.gaps());
                assertEquals(0, link.linkReconnects(), "the link stayed up through the slow phase");
                assertEquals(1, session.connections(), "one connection from start to end");
                assertTrue(conflatedAtReceiverDuring > 0, "the receiver conflated what the executor could not take");
                assertEquals(updates, session.delivered() + session.gaps() + session.reportedConflated()
                    + session.conflatedAtReceiver(), "received from exchange = delivered + gaps + conflated"
                    + " + conflated at receiver");
                assertEquals(0, session.repeats(), "one connection: no snapshot repeats");
                assertEquals(stats.accounting().delivered() + stats.accounting().conflatedAtReceiver(), session.delivered()
                    + session.conflatedAtReceiver(), "receiver-wide counts agree with the session's");
                assertEquals(0, session.gaps());
                assertTrue(maxHeap - heapBefore < 64L * 1024 * 1024, "memory bounded: heap grew by "
                    + ((maxHeap - heapBefore) >> 20) + " MiB");
            }
        }
    }

    /** Live heap: after a collection, so garbage does not pass for growth. */
    private static long usedHeap() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
