package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.receiver.QuoteListener;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor that takes 50 ms per quote while the exchange sends 10 000 updates a second: the
 * link must stay up (no reconnect on either side), memory must stay bounded, and what could not be
 * delivered in time must be conflated by the sender and counted, so that once the executor is
 * fast again {@code upstream = delivered + gaps + conflated} holds exactly. Both ways an executor
 * can consume: the callback on the receiver's I/O thread, and polling from its own thread.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SlowExecutorTest {
    private static final int RATE = 10_000;
    private static final Duration SLOW_PHASE = Duration.ofSeconds(8);
    private static final long SLOW_CALLBACK_MS = 50;

    @TempDir
    Path dir;

    @Test
    void slowCallbackOnTheIoThreadKeepsTheLinkUpAndConflationIsCounted() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        AtomicLong slowCalls = new AtomicLong();
        run(builder -> builder.onQuote(q -> {
            if (slow.get()) {
                slowCalls.incrementAndGet();
                sleep(SLOW_CALLBACK_MS);
            }
        }), slow, null);
        assertTrue(slowCalls.get() > 0);
    }

    @Test
    void slowPollingExecutorKeepsTheLinkUpAndConflationIsCounted() throws Exception {
        AtomicBoolean slow = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        RelayReceiver[] holder = new RelayReceiver[1];
        Thread executor = new Thread(() -> {
            QuoteListener l = q -> { };
            while (!stop.get()) {
                RelayReceiver r = holder[0];
                if (r == null) {
                    Thread.onSpinWait();
                    continue;
                }
                if (slow.get()) {
                    r.poll(l, 1);
                    sleep(SLOW_CALLBACK_MS);
                } else if (r.poll(l, 4096) == 0) {
                    sleep(1);
                }
            }
        }, "slow-executor");
        try {
            run(builder -> builder.polling(16_384), slow, r -> {
                holder[0] = r;
                executor.start();
            });
        } finally {
            stop.set(true);
            executor.join(5_000);
        }
    }

    interface Configure {
        RelayReceiver.Builder apply(RelayReceiver.Builder b);
    }

    interface Started {
        void accept(RelayReceiver r);
    }

    private void run(Configure mode, AtomicBoolean slow, Started started) throws Exception {
        long updates = RATE * (SLOW_PHASE.toSeconds() + 2);
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
                 .symbols("BTCUSDT", "ETHUSDT", "SOLUSDT").ratePerSecond(RATE).maxMessages(updates)
                 .generateAfterConnections(1).start();
             RelayReceiver receiver = mode.apply(RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
                 .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)).start()) {
            if (started != null) {
                started.accept(receiver);
            }
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
                slow.set(false);
                assertTrue(sim.awaitGeneratorFinished(RelayRig.WAIT), "the exchange sent everything");
                RelayRig.await(() -> {
                    SenderStats s = sender.stats();
                    SenderStats.LinkStats l = s.link();
                    SessionStats r = receiver.stats().session(l.sessionId());
                    return s.quotes() == updates && l.pending() == 0 && r != null && r.highestSeq() == l.sent()
                        && r.reportedUpstream() == updates && r.reportedHighestSeq() == l.sent();
                }, () -> "drained: " + sender.stats() + " / " + receiver.stats().sessions());

                SenderStats.LinkStats link = sender.stats().link();
                SessionStats session = receiver.stats().session(link.sessionId());
                System.out.printf("slow executor (%s): during %d s at 50 ms/quote the sender sent %d and conflated %d"
                        + " of %d; link reconnects %d; receiver connections %d; heap max +%d MiB; total delivered %d,"
                        + " conflated %d, gaps %d%n",
                    receiver.stats().sessions().isEmpty() ? "?" : (started == null ? "callback" : "polling"),
                    SLOW_PHASE.toSeconds(), during.sent(), during.conflated(), during.upstream(),
                    link.linkReconnects(), session.connections(), (maxHeap - heapBefore) >> 20, session.delivered(),
                    session.reportedConflated(), session.gaps());
                assertEquals(0, link.linkReconnects(), "the link stayed up through the slow phase");
                assertEquals(1, session.connections(), "one connection from start to end");
                assertTrue(during.conflated() > 0, "the sender conflated what the executor could not take");
                assertEquals(updates, session.delivered() + session.gaps() + session.reportedConflated(),
                    "received from exchange = delivered + gaps + conflated");
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
