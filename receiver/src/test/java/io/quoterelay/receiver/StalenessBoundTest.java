package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An executor slower than the quotes gets each symbol's newest quote, never a backlog: the quotes
 * that reached the host while it was busy are read in one batch and only each symbol's newest is
 * handed over; what it skipped is counted, and the accounting identity stays exact. The executor
 * here is held inside its first callback until every quote of a burst has been written to the
 * socket, which makes "what reached the host meanwhile" exact instead of a matter of timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StalenessBoundTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
    /** About 60 KB of frames: all of it fits in the sockets' buffers while the executor is held. */
    private static final int BURST = 500;
    private static final long SESSION = 42;

    @TempDir
    static Path dir;
    static PkiFiles pki;
    private RelayReceiver receiver;

    @BeforeAll
    static void certificates() throws Exception {
        pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private RelayReceiver.Builder builder() {
        return RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
            .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO).warmupQuotes(0);
    }

    private FrameTestClient connect() throws InterruptedException {
        FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            TlsContexts.client(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender")), true,
            EpochNanoClock.system());
        c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, SESSION, FrameFormat.PROTOCOL_VERSION, 1));
        return c;
    }

    private static void sendBurst(FrameTestClient c, long fromSeq) {
        for (long seq = fromSeq; seq < fromSeq + BURST; seq++) {
            c.send(quote(seq));
        }
    }

    private static QuoteFrame quote(long seq) {
        return new QuoteFrame().seq(seq).symbol(symbolOf(seq)).sendTimeNs(EpochNanoClock.system().epochNanos())
            .exactPrices(9_723_412_000_000L + seq, 8, 9_723_413_000_000L + seq, 8);
    }

    private static String symbolOf(long seq) {
        return SYMBOLS.get((int) (seq % SYMBOLS.size()));
    }

    /** The highest seq of each symbol among 1..last. */
    private static long lastOf(String symbol, long last) {
        long s = last;
        while (!symbolOf(s).equals(symbol)) {
            s--;
        }
        return s;
    }

    @Test
    void aHeldCallbackIsNextOfferedEachSymbolsNewestQuoteAndTheSkippedOnesAreCounted() throws Exception {
        CountDownLatch burstWritten = new CountDownLatch(1);
        List<long[]> calls = new CopyOnWriteArrayList<>(); // {seq, newest seq of its symbol read when called}
        receiver = builder().onQuote(q -> {
            calls.add(new long[] {q.seq(), receiver.latest(q.symbol()).seq()});
            if (calls.size() == 1) {
                await(burstWritten, "the burst is written while the executor is held");
            }
        }).start();
        try (FrameTestClient c = connect()) {
            c.send(quote(1));
            Await.until("the executor is inside its first callback", WAIT, () -> calls.size() == 1);
            sendBurst(c, 2);
            burstWritten.countDown();
            long last = BURST + 1;
            c.send(new ControlFrame.SessionReport(last, 0, 0, last));
            Await.until("each symbol's last quote reaches the executor", WAIT, () -> SYMBOLS.stream()
                .allMatch(s -> calls.stream().anyMatch(x -> x[0] == lastOf(s, last))));

            for (long[] call : calls) {
                assertEquals(call[1], call[0], "a callback got seq " + call[0] + " while seq " + call[1]
                    + " of its symbol had already been read");
            }
            // Held during one callback, the executor then gets each symbol's newest of what reached
            // the host meanwhile; only what arrives after it is free again (the tail of the burst
            // still in flight) comes quote by quote, since it keeps up then. Quote by quote throughout
            // it would be 501 callbacks.
            assertTrue(calls.size() < last / 10, calls.size() + " callbacks for " + last + " quotes");
            assertIdentity(last, calls.size());
        }
    }

    @Test
    void aPollerThatWasAwayGetsEachSymbolsNewestQuoteOnly() throws Exception {
        receiver = builder().polling(4096).start();
        try (FrameTestClient c = connect()) {
            sendBurst(c, 1);
            long last = BURST;
            c.send(new ControlFrame.SessionReport(last, 0, 0, last));
            Await.until("the receiver has read the whole burst", WAIT, () -> {
                SessionStats s = receiver.stats().session(SESSION);
                return s != null && s.highestSeq() == last && s.reportedUpstream() == last;
            });
            Map<String, Long> polled = new ConcurrentHashMap<>();
            int n = receiver.poll(q -> polled.put(q.symbol(), q.seq()), 1_000);
            assertEquals(SYMBOLS.size(), n, "one quote per symbol waited");
            for (String s : SYMBOLS) {
                assertEquals(lastOf(s, last), polled.get(s), s + ": the newest read");
            }
            assertEquals(0, receiver.poll(q -> { }, 1_000), "nothing older stays behind");
            assertIdentity(last, n);
        }
    }

    @Test
    void aFastPollerSeesNothingOlderThanWhatHadBeenReadWhenItsPollStarted() throws Exception {
        receiver = builder().polling(4096).start();
        List<String> stale = new CopyOnWriteArrayList<>();
        long[] got = new long[1];
        try (FrameTestClient c = connect()) {
            Thread writer = new Thread(() -> sendBurst(c, 1), "burst-writer");
            writer.start();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (got[0] < BURST && System.nanoTime() < deadline) {
                Map<String, Long> newestBefore = new java.util.HashMap<>();
                for (String s : SYMBOLS) {
                    Quote q = receiver.latest(s);
                    newestBefore.put(s, q == null ? 0 : q.seq());
                }
                receiver.poll(q -> {
                    if (q.seq() < newestBefore.get(q.symbol())) {
                        stale.add(q.symbol() + " seq " + q.seq() + " after " + newestBefore.get(q.symbol()) + " was read");
                    }
                    got[0] = Math.max(got[0], q.seq());
                }, 16);
            }
            writer.join(WAIT.toMillis());
            c.send(new ControlFrame.SessionReport(BURST, 0, 0, BURST));
            assertEquals(List.of(), stale);
            assertEquals(BURST, got[0], "the last quote was polled");
            Await.until("the report", WAIT, () -> receiver.stats().session(SESSION).reportedUpstream() == BURST);
            SessionStats s = receiver.stats().session(SESSION);
            assertEquals(BURST, s.delivered() + s.gaps() + s.reportedConflated() + s.conflatedAtReceiver());
        }
    }

    @Test
    void aCallbackLongerThanTheSilenceTimeoutDoesNotCloseALiveSender() throws Exception {
        CountDownLatch firstCall = new CountDownLatch(1);
        receiver = builder().idleTimeout(Duration.ofSeconds(1)).onQuote(q -> {
            if (q.seq() == 1) {
                firstCall.countDown();
                sleepMs(2_500); // the read-silence timer, set when the read completed, runs out meanwhile
            }
        }).start();
        try (FrameTestClient c = connect()) {
            c.send(quote(1));
            await(firstCall, "the long callback started");
            long seq = 1;
            long until = System.nanoTime() + Duration.ofMillis(3_000).toNanos();
            while (System.nanoTime() < until) { // a live sender: a quote every 50 ms throughout
                c.send(quote(++seq));
                sleepMs(50);
            }
            long last = seq;
            Await.until("every quote read", WAIT, () -> receiver.stats().session(SESSION).highestSeq() == last);
            assertTrue(c.isOpen(), "the sender's connection is still open");
            assertEquals(0, receiver.stats().connections().timedOut(), "our time in the callback is not the peer's silence");
            assertEquals(1, receiver.stats().session(SESSION).connections());
        }
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** received = delivered + gaps + conflated (sender) + conflated at receiver, per session and receiver-wide. */
    private void assertIdentity(long upstream, long executorCalls) throws InterruptedException {
        Await.until("the session report", WAIT, () -> receiver.stats().session(SESSION).reportedUpstream() == upstream);
        ReceiverStats stats = receiver.stats();
        SessionStats s = stats.session(SESSION);
        assertEquals(upstream, s.delivered() + s.gaps() + s.reportedConflated() + s.conflatedAtReceiver(),
            "upstream = delivered + gaps + conflated + conflated at receiver: " + s);
        assertEquals(executorCalls, s.delivered(), "delivered is what the executor got");
        assertEquals(executorCalls, stats.accounting().delivered());
        assertEquals(upstream - executorCalls, stats.accounting().conflatedAtReceiver());
        assertTrue(StatsLine.format(stats).contains(" conflated_rx=" + (upstream - executorCalls)), StatsLine.format(stats));
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("timed out waiting for: " + what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
