package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two senders carrying the same updates (same symbols and {@code u}s, each its own session and
 * numbering) into one receiver over real TLS on loopback: the executor sees each update once, in
 * {@code u} order per symbol, and the accounting identity holds exactly, per line and merged,
 * whether one line drops updates, trails the other or dies midway.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TwoSenderArbitrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How long each awaited condition may take to hold. */
    private static final Duration CONDITION_WAIT = Duration.ofSeconds(20);
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    private static final int UPDATES = 3_000;
    private static final int RACE_WINDOW = 20;
    private static final long FIRST_U = 70_000_000_000L;
    @TempDir
    static Path dir;
    static PkiFiles pki;

    private final List<Quote> received = new CopyOnWriteArrayList<>();
    /** The highest update the executor has seen, as {@code i} of {@link #update}. */
    private final AtomicLong deliveredUpTo = new AtomicLong();
    private RelayReceiver receiver;

    @BeforeAll
    static void certificates() throws Exception {
        pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of("localhost"), List.of("sender-a", "sender-b"), false);
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start() {
        receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
            .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)
            .onQuote(q -> {
                received.add(q.copy());
                deliveredUpTo.accumulateAndGet(q.updateId() - FIRST_U, Math::max);
            }).start();
    }

    /** One sender: its own session and numbering. */
    private final class Line implements AutoCloseable {
        final long sessionId;
        final FrameTestClient client;
        final EpochNanoClock clock = EpochNanoClock.system();
        long seq;
        long upstream;
        boolean closed;

        Line(long sessionId, String certName) throws InterruptedException {
            this.sessionId = sessionId;
            client = FrameTestClient.connect("127.0.0.1", receiver.port(),
                TlsContexts.client(pki.caCert(), pki.clientCert(certName), pki.clientKey(certName)), true, clock);
            client.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, sessionId, FrameFormat.PROTOCOL_VERSION, 1));
            ControlFrame reply = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!(reply instanceof ControlFrame.Hello) && System.nanoTime() < deadline) {
                reply = client.nextControl(Duration.ofMillis(200));
            }
            assertInstanceOf(ControlFrame.Hello.class, reply, "receiver says hello back");
        }

        /** Update {@code i} (1-based) as Binance gives it to every connection. */
        void send(int i) {
            upstream++;
            client.send(update(++seq, i, clock));
        }

        /** Update {@code i} lost in flight: numbered, never arrives. */
        void lose() {
            upstream++;
            ++seq;
        }

        void report() {
            client.send(new ControlFrame.SessionReport(upstream, 0, 0, seq));
        }

        /** The line dies: its connection closes (idempotent, so a test may kill it before try-with-resources does). */
        @Override
        public void close() {
            if (!closed) {
                closed = true;
                client.close();
            }
        }
    }

    private static QuoteFrame update(long seq, int i, EpochNanoClock clock) {
        return new QuoteFrame().seq(seq).symbol(SYMBOLS[i % SYMBOLS.length]).sendTimeNs(clock.epochNanos())
            .exactPrices(9_723_412_000_000L + i, 8, 9_723_413_000_000L + i, 8)
            .exactQuantities(100_000_000L, 8, 200_000_000L + i, 8).updateId(FIRST_U + i);
    }

    /**
     * Streams updates {@code from..to} on its own thread; {@code lost} says which ones never arrive
     * (never the last: a gap shows only when a later number arrives). With a {@code peer}, update
     * {@code i} waits until the peer has passed {@code i + ahead}: lines race within a bounded
     * distance ({@code ahead < 0}) or one trails the other ({@code ahead > 0}), as real lines a few
     * milliseconds apart do, not whole streams apart.
     */
    private static Thread stream(Line line, int from, int to, LongPredicate lost, AtomicLong progress, AtomicLong peer,
                                 int ahead, int peerTo) {
        Thread t = new Thread(() -> {
            for (int i = from; i <= to; i++) {
                long wanted = Math.min(peerTo, i + ahead);
                while (peer != null && peer.get() < wanted) {
                    LockSupport.parkNanos(50_000);
                }
                if (i < to && lost.test(i)) {
                    line.lose();
                } else {
                    line.send(i);
                }
                progress.set(i);
            }
            line.report();
        }, "line-" + Long.toHexString(line.sessionId));
        t.start();
        return t;
    }

    /** Two lines racing within {@value #RACE_WINDOW} updates of each other. */
    private void race(Line a, LongPredicate aLost, Line b, LongPredicate bLost) throws InterruptedException {
        run(a, UPDATES, aLost, b, bLost, null, -RACE_WINDOW).join();
    }

    /**
     * Line a streams {@code 1..aTo} within {@value #RACE_WINDOW} updates of b; b streams all
     * updates, sending {@code i} once {@code bPacer} (null: a's progress) has passed {@code i + bAhead}.
     * Returns when a is done, with b's thread, which may still be streaming.
     */
    private Thread run(Line a, int aTo, LongPredicate aLost, Line b, LongPredicate bLost, AtomicLong bPacer, int bAhead)
        throws InterruptedException {
        AtomicLong pa = new AtomicLong();
        AtomicLong pb = new AtomicLong();
        Thread ta = stream(a, 1, aTo, aLost, pa, pb, -RACE_WINDOW, UPDATES);
        Thread tb = stream(b, 1, UPDATES, bLost, pb, bPacer == null ? pa : bPacer, bAhead, bPacer == null ? aTo : UPDATES);
        ta.join();
        return tb;
    }

    /** Waits until the receiver has judged every copy the lines sent and has both lines' reports. */
    private ReceiverStats drained(Line... lines) throws InterruptedException {
        Await.until("every copy judged and reported", CONDITION_WAIT, () -> {
            ReceiverStats s = receiver.stats();
            for (Line l : lines) {
                SessionStats session = s.session(l.sessionId);
                LineStats line = s.line(l.sessionId);
                if (session == null || line == null || session.reportedHighestSeq() != l.seq
                    || session.highestSeq() != l.seq
                    || line.wins() + line.lostRaces() + line.tooOld() + line.bypassed()
                    != session.delivered() + session.conflatedAtReceiver()) {
                    return false;
                }
            }
            return true;
        });
        return receiver.stats();
    }

    /** Each update at most once, and per symbol in rising {@code u}. */
    private void assertOncePerUpdateInOrder() {
        Set<Long> seen = new HashSet<>();
        Map<String, Long> lastU = new HashMap<>();
        for (Quote q : received) {
            assertTrue(seen.add(q.updateId()), "delivered twice: u=" + q.updateId());
            Long previous = lastU.put(q.symbol(), q.updateId());
            assertTrue(previous == null || previous < q.updateId(), q.symbol() + " u went from " + previous + " to "
                + q.updateId());
        }
    }

    /**
     * The identity of docs/operations.md: every copy any line's sender received from Binance is
     * delivered, lost to another line's copy, too old, or missed by every line (merged gaps and
     * conflation), exactly; and per line the session identity, split by arbitration.
     */
    private static void assertIdentity(ReceiverStats s) {
        long upstream = 0;
        long delivered = 0;
        for (LineStats l : s.lines()) {
            SessionStats session = s.session(l.sessionId());
            upstream += session.reportedUpstream() - (session.joinedAtSeq() - 1);
            delivered += l.wins() + l.bypassed();
            assertEquals(session.reportedUpstream() - (session.joinedAtSeq() - 1),
                l.wins() + l.lostRaces() + l.tooOld() + l.bypassed() + l.gaps() + l.conflated(), "line " + l);
        }
        assertEquals(upstream, delivered + s.merged().lostCopies() + s.merged().tooOld() + s.merged().gaps() + s.merged().conflated(),
            "merged identity: " + s.lines());
    }

    @Test
    void twoCompleteLinesWithOneCertificateDeliverEachUpdateOnce() throws Exception {
        start();
        try (Line a = new Line(0xa1, "sender-a"); Line b = new Line(0xb1, "sender-a")) {
            race(a, i -> false, b, i -> false);
            ReceiverStats s = drained(a, b);
            assertEquals(UPDATES, received.size() + s.accounting().conflatedAtReceiver(),
                "each update reached the executor or was conflated");
            assertOncePerUpdateInOrder();
            assertEquals(0, s.merged().gaps());
            assertEquals(UPDATES, s.line(0xa1).wins() + s.line(0xb1).wins());
            assertEquals(UPDATES, s.merged().lostCopies(), "every update's second copy lost");
            assertEquals(0, s.accounting().sessionResets(), "a second line with the same certificate is no sender restart");
            assertIdentity(s);
        }
    }

    @Test
    void aTrailingLineThatDropsASubsetCostsTheExecutorNothing() throws Exception {
        start();
        try (Line a = new Line(0xa2, "sender-a"); Line b = new Line(0xb2, "sender-b")) {
            // b sends update i once the executor has a's copy of i + 10: b trails by ten updates
            // (its copies arrive after a's, whatever order the receiver reads the sockets in) and
            // drops every 7th.
            run(a, UPDATES, i -> false, b, i -> i % 7 == 0, deliveredUpTo, 10).join();
            ReceiverStats s = drained(a, b);
            assertEquals(UPDATES, received.size() + s.accounting().conflatedAtReceiver(),
                "each update reached the executor or was conflated");
            assertOncePerUpdateInOrder();
            LineStats lb = s.line(0xb2);
            assertEquals(UPDATES / 7, lb.gaps());
            assertEquals(lb.gaps(), lb.coveredMissed(), "b's gaps were all delivered by a");
            assertEquals(0, s.merged().gaps());
            assertEquals(UPDATES - UPDATES / 7, lb.lostRaces());
            assertIdentity(s);
            // What an exporter reads (receiver-prometheus's line_* series) says the same as the stats.
            Map<Long, LineStats> live = new HashMap<>();
            receiver.counters().lines().forEach(l -> live.put(l.sessionId(), l));
            assertEquals(lb.gaps(), live.get(0xb2L).gaps());
            assertEquals(lb.gaps(), live.get(0xb2L).coveredMissed());
            assertEquals(lb.lostRaces(), live.get(0xb2L).lostRaces());
            assertEquals(s.line(0xa2).wins(), live.get(0xa2L).wins());
            assertEquals(0, live.values().stream().mapToLong(LineStats::uncoveredGaps).sum());
        }
    }

    @Test
    void aLeadingLineThatDropsUpdatesIsAccountedExactly() throws Exception {
        start();
        try (Line a = new Line(0xa3, "sender-a"); Line b = new Line(0xb3, "sender-b")) {
            // Both race; a drops every 5th. Where a's next update of a symbol wins before b's copy
            // of the dropped one arrives, that copy is too old and the update is a merged gap.
            race(a, i -> i % 5 == 0, b, i -> false);
            ReceiverStats s = drained(a, b);
            assertOncePerUpdateInOrder();
            assertEquals(UPDATES - s.merged().gaps(), received.size() + s.accounting().conflatedAtReceiver(),
                "what no line delivered is a merged gap: " + s.lines());
            assertEquals(s.merged().tooOld(), s.merged().gaps(), "b's copy of each update a lost and nobody delivered came too late");
            assertIdentity(s);
        }
    }

    @Test
    void aLineThatDiesMidwayCostsTheExecutorNothing() throws Exception {
        start();
        try (Line a = new Line(0xa4, "sender-a"); Line b = new Line(0xb4, "sender-b")) {
            Thread tb = run(a, UPDATES / 2, i -> false, b, i -> false, null, -RACE_WINDOW);
            ReceiverStats atDeath = drained(a);
            a.close();
            tb.join();
            ReceiverStats s = drained(b);
            assertEquals(UPDATES, received.size() + s.accounting().conflatedAtReceiver(),
                "each update reached the executor or was conflated");
            assertOncePerUpdateInOrder();
            assertEquals(0, s.merged().gaps());
            assertEquals(UPDATES / 2, atDeath.line(0xa4).wins() + atDeath.line(0xa4).lostRaces());
            assertIdentity(s);
        }
    }

    @Test
    void aLineSeveralMillisecondsBehindLosesNearlyEveryRaceAndStatsSaySo() throws Exception {
        start();
        int n = 400;
        long delayNs = 8_000_000L;
        long[] sentAt = new long[n + 1];
        try (Line a = new Line(0xa5, "sender-a"); Line b = new Line(0xb5, "sender-b")) {
            AtomicLong aProgress = new AtomicLong();
            Thread ta = new Thread(() -> {
                for (int i = 1; i <= n; i++) {
                    a.send(i);
                    sentAt[i] = System.nanoTime();
                    aProgress.set(i);
                    sleepQuietly(1);
                }
                a.report();
            });
            ta.start();
            for (int i = 1; i <= n; i++) {
                int k = i;
                Await.until("a sent " + k, CONDITION_WAIT, () -> aProgress.get() >= k);
                long due = sentAt[i] + delayNs;
                while (System.nanoTime() < due) {
                    sleepQuietly(1);
                }
                b.send(i);
            }
            b.report();
            ta.join();
            ReceiverStats s = drained(a, b);
            LineStats lb = s.line(0xb5);
            assertTrue(lb.lostRaces() >= 0.9 * n, "the trailing line lost " + lb.lostRaces() + " of " + n);
            assertTrue(s.line(0xa5).wins() >= 0.9 * n);
            assertTrue(lb.lagBehindWinner().p50Ns() >= 5_000_000L, "lag behind the winner reported: " + lb);
            assertTrue(StatsLine.format(s).contains("line[b5 "), StatsLine.format(s));
            assertOncePerUpdateInOrder();
            assertIdentity(s);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
