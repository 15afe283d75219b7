package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.certs.CertificateAuthority;
import io.quoterelay.certs.CertificateSpec;
import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.LoopbackPorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One link's sessions against a real TLS receiver on 127.0.0.1: hello, snapshot, numbering, conflation, liveness, certificates. */
class LinkSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT"};

    @TempDir
    static Path dir;
    static PkiFiles pki;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private EventLoopGroup group;

    @BeforeAll
    static void certificates() throws Exception {
        pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of("localhost"), List.of("sender"), false);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private TestReceiver receiver(Path cert, Path key, boolean answerHello, int port) throws InterruptedException {
        SslContext server = TlsContexts.server(cert, key, pki.caCert(), true);
        TestReceiver r = new TestReceiver(server, answerHello).start(port);
        toClose.add(r);
        return r;
    }

    private ReceiverLink link(int port, Duration idleTimeout) {
        SslContext client = TlsContexts.client(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"));
        Transport t = Transport.best();
        group = t.newGroup(1, "test-link");
        ReceiverLink link = new ReceiverLink("127.0.0.1", port, 0x1234L, client,
            new LinkSettings(Duration.ofMillis(200), idleTimeout, FrameFormat.DEFAULT_MAX_FRAME_BYTES, EpochNanoClock.system()),
            t, group.next());
        toClose.add(link);
        link.start();
        return link;
    }

    /**
     * A link up to {@code r} with a first batch of 50 quotes delivered, kept up past
     * {@link ReceiverLink#LEGACY_VERDICT_NANOS} so it has judged whether {@code r} answers the hello.
     */
    private ReceiverLink upPastTheReceiverVerdict(TestReceiver r) throws InterruptedException {
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        Await.until(() -> "link up: " + link.lastError(), WAIT, () -> link.state() == LinkState.UP);
        long upAt = System.nanoTime();
        offer(link, 0, 50);
        Await.until(() -> "first batch delivered: " + link.counters(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));
        Await.until(() -> "up past the verdict", WAIT,
            () -> System.nanoTime() - upAt > ReceiverLink.LEGACY_VERDICT_NANOS + 100_000_000L);
        return link;
    }

    private static void offer(ReceiverLink link, int from, int count) {
        QuoteFrame q = new QuoteFrame();
        for (int i = from; i < from + count; i++) {
            q.clear().symbol(SYMBOLS[i % SYMBOLS.length]).updateId(i).exactPrices(100_00 + i, 2, 100_01 + i, 2)
                .senderReceiveTimeNs(System.nanoTime());
            link.offer(q);
        }
    }

    private static void assertIdentity(ReceiverLink link) {
        ReceiverLink.Counters c = link.counters();
        assertEquals(c.upstream(), c.highestSeq() + c.conflated() + c.pending(), c.toString());
    }

    /**
     * The sender's hot path: offers made on the link's own event loop, as the Binance connections
     * make them, are numbered and written at once (nothing waits in the pending quotes, even within the
     * loop task), and one flush per burst sends them; all arrive, in order, none conflated.
     */
    @Test
    void offersOnTheLinksLoopAreWrittenAtOnceAndArriveInOrder() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        Await.until(() -> "link up, is " + link.state() + " " + link.lastError(), WAIT,
            () -> link.state() == LinkState.UP);
        List<String> notDirect = new ArrayList<>();
        for (int burst = 0; burst < 20; burst++) {
            int from = burst * 50;
            group.next().submit(() -> {
                offer(link, from, 50);
                ReceiverLink.Counters c = link.counters();
                if (c.pending() != 0 || c.highestSeq() != from + 50) {
                    notDirect.add(c.toString());
                }
                link.flush();
            }).sync();
        }
        assertEquals(List.of(), notDirect, "every offer on the loop was numbered at once");
        Await.until(() -> "all 1000 received: " + r.distinctSeqs(), WAIT, () -> r.hasAllSeqsUpTo(1000));
        ReceiverLink.Counters c = link.counters();
        assertEquals(1000, c.upstream());
        assertEquals(1000, c.highestSeq());
        assertEquals(0, c.conflated());
        assertIdentity(link);
        long expected = 1;
        for (String e : r.events()) {
            if (e.startsWith("Q")) {
                assertEquals("Q" + expected, e);
                expected++;
            }
        }
        assertEquals(1001, expected);
    }

    @Test
    void quotesArriveNumberedFromOneAfterHello() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        Await.until(() -> "link up, is " + link.state() + " " + link.lastError(), WAIT,
            () -> link.state() == LinkState.UP);
        offer(link, 0, 1000);
        Await.until(() -> "all sent quotes received: " + link.counters() + ", received " + r.distinctSeqs(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));
        ReceiverLink.Counters c = link.counters();
        assertEquals(1000, c.upstream());
        assertEquals(1000, c.highestSeq() + c.conflated());
        assertEquals(c.highestSeq(), r.distinctSeqs());
        List<String> ev = r.events();
        assertEquals("conn1", ev.get(0));
        assertEquals("hello", ev.get(1));
        ControlFrame.Hello hello = (ControlFrame.Hello) r.controls().get(0);
        assertEquals(ControlFrame.Role.SENDER, hello.role());
        assertEquals(0x1234L, hello.sessionId());
        assertEquals(1, hello.nextSeq());
        long expected = 1;
        for (String e : ev) {
            if (e.startsWith("Q")) {
                assertEquals("Q" + expected, e);
                expected++;
            }
        }
        Await.until(() -> "a session report after the last quote, got " + r.lastReport, WAIT,
            () -> r.lastReport != null && r.lastReport.highestSeq() == link.counters().highestSeq());
        assertEquals(1000, r.lastReport.upstream());
        assertEquals(c.conflated(), r.lastReport.conflated());
    }

    @Test
    void afterReceiverRestartNewConnectionStartsWithHelloThenSnapshotAndNumberingContinues() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, LoopbackPorts.restartable());
        int port = r.port();
        // Up long enough for the link to judge its receiver (it answered the hello: one of ours, repeats wanted).
        ReceiverLink link = upPastTheReceiverVerdict(r);
        long sentBefore = link.counters().highestSeq();
        long conflatedBefore = link.counters().conflated();

        r.stop();
        Await.until(() -> "link down after the receiver stopped", WAIT, () -> link.state() == LinkState.DOWN);
        offer(link, 50, 2); // two symbols get newer, unsent quotes; the other three keep their sent ones
        offer(link, 55, 2); // and replace those two again while down: conflated
        assertIdentity(link);
        r.start(port);
        Await.until(() -> "link back up: " + link.state() + " " + link.lastError(), WAIT,
            () -> link.state() == LinkState.UP && link.reconnects() == 1);
        Await.until(() -> "snapshot delivered: " + link.counters(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));
        Await.until(() -> "a report on the new connection", WAIT,
            () -> r.events().lastIndexOf("report") > r.events().indexOf("conn2"));

        List<String> ev = r.events();
        List<String> second = ev.subList(ev.indexOf("conn2") + 1, ev.size());
        assertEquals("hello", second.get(0));
        ControlFrame.Hello hello = (ControlFrame.Hello) r.controls().stream()
            .filter(c -> c instanceof ControlFrame.Hello).skip(1).findFirst().orElseThrow();
        assertEquals(sentBefore + 1, hello.nextSeq());
        assertEquals(0x1234L, hello.sessionId());
        // Repeats first, ascending original seqs; then the pending quotes under new seqs; then a report.
        int symbols = SYMBOLS.length;
        List<String> repeats = second.subList(1, 1 + (symbols - 2));
        long prev = 0;
        for (String e : repeats) {
            assertTrue(e.startsWith("R"), "expected a repeat, got " + e + " in " + second);
            long seq = Long.parseLong(e.substring(1));
            assertTrue(seq > prev && seq <= sentBefore, "ascending old seqs: " + repeats);
            prev = seq;
        }
        assertEquals(List.of("S" + (sentBefore + 1), "S" + (sentBefore + 2), "report"),
            second.subList(1 + symbols - 2, 1 + symbols - 2 + 3));
        ReceiverLink.Counters c = link.counters();
        assertEquals(54, c.upstream());
        assertEquals(conflatedBefore + 2, c.conflated());
        assertEquals(symbols - 2, c.repeats());
        assertEquals(sentBefore + 2, c.highestSeq());
        assertIdentity(link);
        offer(link, 57, 1);
        Await.until(() -> "live quotes continue the numbering", WAIT,
            () -> r.events().contains("Q" + (sentBefore + 3)));
    }

    @Test
    void aReceiverThatNeverAnswersTheHelloGetsNoRepeatsThatWouldLookLikeGapsToIt() throws Exception {
        // An earlier (Python) receiver never writes and takes every frame's seq as the next number.
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), false, LoopbackPorts.restartable());
        int port = r.port();
        // Up long enough without a hello for the link to know what it talks to.
        ReceiverLink link = upPastTheReceiverVerdict(r);
        r.stop();
        Await.until(() -> "link down after the receiver stopped", WAIT, () -> link.state() == LinkState.DOWN);
        offer(link, 50, 2);
        r.start(port);
        Await.until(() -> "link back up", WAIT, () -> link.state() == LinkState.UP && link.reconnects() == 1);
        Await.until(() -> "snapshot delivered: " + link.counters(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));

        List<String> ev = r.events();
        List<String> second = ev.subList(ev.indexOf("conn2") + 1, ev.size());
        assertTrue(second.stream().noneMatch(e -> e.startsWith("R")), "repeats sent to a Python receiver: " + second);
        // What the Python receiver counts: each number one above the last it saw, so no false gap.
        long last = 0;
        for (String e : ev) {
            if (e.startsWith("S") || e.startsWith("Q") || e.startsWith("R")) {
                long seq = Long.parseLong(e.substring(1));
                assertTrue(last == 0 || seq == last + 1, "a Python receiver would count a gap at " + e + " in " + ev);
                last = seq;
            }
        }
        assertEquals(0, link.counters().repeats());
        assertIdentity(link);
    }

    @Test
    void healthyLinkSendsEveryUpdateOfABurstWithoutConflating() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        Await.until(() -> "link up: " + link.lastError(), WAIT, () -> link.state() == LinkState.UP);
        // Bursts far faster than the event loop drains, five symbols: the old per-symbol hand-off conflated here.
        for (int burst = 0; burst < 20; burst++) {
            offer(link, burst * 100, 100);
            Thread.sleep(2);
        }
        Await.until(() -> "all sent: " + link.counters(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));
        ReceiverLink.Counters c = link.counters();
        assertEquals(0, c.conflated(), c.toString());
        assertEquals(2000, c.highestSeq());
        assertEquals(2000, r.distinctSeqs());
    }

    @Test
    void receiverThatStopsReadingMakesQuotesConflateAndDeliveryResumesWhenItReads() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(30));
        Await.until(() -> "link up: " + link.lastError(), WAIT, () -> link.state() == LinkState.UP);
        r.reading(false);
        int offered = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (link.counters().conflated() < 1000) {
            assertTrue(System.nanoTime() < deadline, "no conflation while the receiver does not read: " + link.counters());
            offer(link, offered, 1000);
            offered += 1000;
            Thread.sleep(1);
        }
        assertIdentity(link);
        // Bounded: the queue's preallocated frames plus one waiting quote per symbol.
        assertTrue(link.counters().pending() <= PendingQuotes.DEFAULT_QUEUE_CAPACITY + SYMBOLS.length);
        r.reading(true);
        Await.until(() -> "delivery resumed: " + link.counters() + ", received " + r.distinctSeqs(), WAIT,
            () -> link.counters().pending() == 0 && r.hasAllSeqsUpTo(link.counters().highestSeq()));
        ReceiverLink.Counters c = link.counters();
        assertEquals(offered, c.upstream());
        assertEquals(offered, c.highestSeq() + c.conflated());
        assertEquals(c.highestSeq(), r.distinctSeqs());
        assertEquals(LinkState.UP, link.state());
    }

    @Test
    void refusesReceiverWhoseCertificateDoesNotNameTheHostDialled() throws Exception {
        CertificateAuthority ca = CertificateAuthority.load(pki.caCert(), pki.caKey());
        Path cert = dir.resolve("wrong-name.crt");
        Path key = dir.resolve("wrong-name.key");
        ca.issue(CertificateSpec.server("receiver").dns("elsewhere.example")).writePem(cert, key, true);
        TestReceiver r = receiver(cert, key, true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        offer(link, 0, 10);
        Await.until(() -> "link refused, is " + link.state(), WAIT,
            () -> link.state() == LinkState.DOWN && link.lastError() != null);
        String error = link.lastError();
        assertTrue(error.contains("TLS handshake with 127.0.0.1:" + r.port() + " failed"), error);
        assertTrue(error.contains("does not name 127.0.0.1"), error);
        assertEquals(0, r.quotes);
        assertTrue(r.controls().isEmpty(), "nothing may be sent over an unverified connection: " + r.controls());
        assertEquals(0, link.counters().highestSeq());
    }

    @Test
    void clockPingIsAnsweredWithT1EchoedAndT2NotAfterT3() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofSeconds(3));
        Await.until(() -> "link up: " + link.lastError(), WAIT, () -> link.state() == LinkState.UP);
        r.sendToAll(new ControlFrame.ClockPing(123_456_789L));
        Await.until(() -> "a clock pong", WAIT,
            () -> r.controls().stream().anyMatch(c -> c instanceof ControlFrame.ClockPong));
        ControlFrame.ClockPong pong = (ControlFrame.ClockPong) r.controls().stream()
            .filter(c -> c instanceof ControlFrame.ClockPong).findFirst().orElseThrow();
        assertEquals(123_456_789L, pong.t1());
        assertTrue(pong.t2() <= pong.t3(), pong.toString());
        assertTrue(pong.t2() > 0);
    }

    @Test
    void receiverThatSaidHelloAndWentSilentIsDroppedAndRedialled() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), true, 0);
        ReceiverLink link = link(r.port(), Duration.ofMillis(500));
        Await.until(() -> "a redial after the idle timeout, state " + link.state() + " " + link.lastError(), WAIT,
            () -> link.reconnects() >= 1);
        assertTrue(r.connections() >= 2);
    }

    @Test
    void silentReceiverWithoutHelloIsNotTimedOut() throws Exception {
        TestReceiver r = receiver(pki.serverCert(), pki.serverKey(), false, 0);
        ReceiverLink link = link(r.port(), Duration.ofMillis(300));
        Await.until(() -> "link up: " + link.lastError(), WAIT, () -> link.state() == LinkState.UP);
        offer(link, 0, 5);
        // Heartbeats go out every 200 ms; wait for ten of them, far past the 300 ms idle timeout.
        Await.until(() -> "heartbeats keep coming", WAIT,
            () -> r.controls().stream().filter(c -> c instanceof ControlFrame.Heartbeat).count() >= 10);
        assertEquals(1, r.connections());
        assertEquals(0, link.reconnects());
    }
}
