package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.PythonFrameFixtures;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The receiver against hand-driven clients over real TLS on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReceiverLinkTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestPki pki = TestPki.shared();

    private final List<Quote> received = new CopyOnWriteArrayList<>();
    private RelayReceiver receiver;

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private RelayReceiver.Builder builder() {
        return RelayReceiver.builder().port(0).bindAddress("127.0.0.1").tls(pki.serverCert(), pki.serverKey(), pki.caCert())
            .statsInterval(Duration.ZERO).onQuote(q -> received.add(q.copy()));
    }

    private FrameTestClient sender(EpochNanoClock pongClock) throws InterruptedException {
        return FrameTestClient.connect("127.0.0.1", receiver.port(), pki.clientTls(),
            true, pongClock);
    }

    private static QuoteFrame quote(long seq, String symbol, EpochNanoClock clock) {
        return new QuoteFrame().seq(seq).symbol(symbol).sendTimeNs(clock.epochNanos())
            .exactPrices(9_723_412_000_000L + seq, 8, 9_723_413_000_000L + seq, 8)
            .exactQuantities(100_000_000L, 8, 200_000_000L, 8).updateId(50_000_000_000L + seq);
    }

    /**
     * Until {@code n} quotes were read and accepted: each reached the executor or was conflated
     * (quotes of one symbol that arrive in one read reach it as the newest of them).
     */
    private void awaitAccepted(long n, String what) throws InterruptedException {
        Await.until(what, WAIT, () -> {
            ReceiverStats s = receiver.stats();
            return s.accounting().delivered() + s.accounting().conflatedAtReceiver() == n;
        });
    }

    private static ControlFrame nextOfType(FrameTestClient c, Class<?> type) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ControlFrame f = c.nextControl(Duration.ofMillis(200));
            if (type.isInstance(f)) {
                return f;
            }
        }
        return null;
    }

    @Test
    void deliversInOrderWithEveryFieldAndAccountsForEveryQuote() throws Exception {
        receiver = builder().start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 77, FrameFormat.PROTOCOL_VERSION, 1));
            assertInstanceOf(ControlFrame.Hello.class, nextOfType(c, ControlFrame.Hello.class), "receiver says hello back");
            for (int i = 1; i <= 2_000; i++) {
                c.send(quote(i, i % 2 == 0 ? "BTCUSDT" : "ETHUSDT", clock));
            }
            c.send(new ControlFrame.SessionReport(2_000, 0, 0, 2_000));
            awaitAccepted(2_000, "2000 quotes");
            // The report is handled after the last quote's callback: once it is in, so are they all.
            Await.until("the session report", WAIT, () -> receiver.stats().session(77) != null
                && receiver.stats().session(77).reportedUpstream() == 2_000);
        }
        long previous = 0;
        for (Quote q : received) {
            assertTrue(q.seq() > previous, "in the sender's order");
            previous = q.seq();
            assertEquals(77, q.sessionId());
            assertEquals(50_000_000_000L + q.seq(), q.updateId());
            assertEquals(new java.math.BigDecimal("97234.12000000").add(java.math.BigDecimal.valueOf(q.seq(), 8)),
                q.bidDecimal());
            assertEquals(1.0, q.bidQty());
        }
        assertEquals(2_000, previous, "the newest quote always reaches the executor");
        ReceiverStats s = receiver.stats();
        SessionStats session = s.session(77);
        assertEquals(received.size(), session.delivered());
        assertEquals(0, session.gaps());
        assertEquals(2_000, session.reportedUpstream());
        assertEquals(session.reportedUpstream(), session.delivered() + session.gaps() + session.reportedConflated()
            + session.conflatedAtReceiver());
        assertEquals(received.size(), s.accounting().delivered());
        assertEquals(2_000, s.latency().corrected().count() + s.latency().raw().count());
        assertNotNull(receiver.latest("BTCUSDT"));
        assertEquals(2_000, receiver.latest("BTCUSDT").seq());
        assertNull(receiver.latest("XRPUSDT"));
    }

    @Test
    void answeredClockPingsRemoveTheOffsetFromLatency() throws Exception {
        receiver = builder().clockPingInterval(Duration.ofMillis(50)).start();
        long skew = 50_000_000L; // the sender's clock runs 50 ms ahead
        EpochNanoClock senderClock = EpochNanoClock.system().shiftedBy(skew);
        try (FrameTestClient c = sender(senderClock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 5, FrameFormat.PROTOCOL_VERSION, 1));
            Await.until("clock estimate", WAIT, () -> receiver.stats().clock().synced());
            c.send(quote(1, "BTCUSDT", senderClock));
            Await.until("one quote", WAIT, () -> received.size() == 1);
        }
        Quote q = received.get(0);
        assertTrue(q.latencyCorrected());
        ReceiverStats s = receiver.stats();
        assertTrue(Math.abs(s.clock().offsetNs() - skew) <= s.clock().errorBoundNs(), "the true skew lies inside offset ± bound");
        // The quote's true latency is known here (both clocks are this host's, one shifted), so judge
        // the correction, not how long the quote took on a busy machine: off by far less than the skew.
        long trueLatency = q.receiveTimeNs() - (q.sendTimeNs() - skew);
        assertTrue(Math.abs(q.latencyNs() - trueLatency) < 5_000_000,
            "corrected latency " + q.latencyNs() + " is the true " + trueLatency + ", not off by the 50 ms skew");
        assertEquals(LatencyBasis.CORRECTED, s.latencyBasis());
        assertEquals(s.clock().rttMinNs() / 2, s.clock().errorBoundNs());
        assertTrue(s.clock().exchanges() > 0);
        String line = StatsLine.format(s);
        assertTrue(line.matches(".* \\(offset-corrected, offset=\\+\\d+us rtt_min=\\d+us \u00b1\\d+us\\) .*"), line);
    }

    @Test
    void aSenderThatNeverAnswersPingsIsCountedAndItsQuotesFlowWithRawLatency() throws Exception {
        receiver = builder().clockPingInterval(Duration.ofMillis(50)).start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(null)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 6, FrameFormat.PROTOCOL_VERSION, 1));
            Await.until("unanswered pings counted", WAIT, () -> receiver.stats().clock().unansweredPings() >= 3);
            for (int i = 1; i <= 100; i++) {
                c.send(quote(i, "BTCUSDT", clock));
            }
            awaitAccepted(100, "100 quotes");
        }
        ReceiverStats s = receiver.stats();
        assertFalse(s.clock().synced());
        assertEquals(LatencyBasis.RAW, s.latencyBasis());
        assertEquals(100, s.latency().raw().count());
        assertFalse(received.get(received.size() - 1).latencyCorrected());
        String line = StatsLine.format(s);
        assertTrue(line.contains("(raw: clock offset not removed") && line.contains("clock pings unanswered="), line);
    }

    @Test
    void pongsThatAnswerNoPingOrCarryImpossibleTimesAreCountedAndIgnored() throws Exception {
        receiver = builder().clockPingInterval(Duration.ofMillis(50)).start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(null)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 7, FrameFormat.PROTOCOL_VERSION, 1));
            int answered = 0;
            long seq = 0;
            while (answered < 6) {
                ControlFrame f = nextOfType(c, ControlFrame.ClockPing.class);
                assertNotNull(f, "pings keep coming");
                long t1 = ((ControlFrame.ClockPing) f).t1();
                long now = clock.epochNanos();
                c.send(switch (answered % 3) {
                    case 0 -> new ControlFrame.ClockPong(t1 + 1, now, now);            // answers no ping we sent
                    case 1 -> new ControlFrame.ClockPong(t1, now, now - 1_000_000);    // sent before it was received
                    default -> new ControlFrame.ClockPong(t1, now, now + 60_000_000_000L); // held longer than the round trip
                });
                answered++;
                c.send(quote(++seq, "BTCUSDT", clock));
            }
            Await.until("bad pongs counted", WAIT, () -> receiver.stats().clock().rejectedPongs() >= 6);
            awaitAccepted(6, "6 quotes");
        }
        ReceiverStats s = receiver.stats();
        assertFalse(s.clock().synced(), "no bad answer made an estimate");
        assertEquals(0, s.clock().exchanges());
        assertEquals(6, s.latency().raw().count(), "quotes kept flowing, with raw latency");
        assertTrue(StatsLine.format(s).contains("bad answers="), StatsLine.format(s));
    }

    @Test
    void hostClockModeReportsRawLatencyLabelledHostClockWithTheEstimateBesideIt() throws Exception {
        receiver = builder().clockPingInterval(Duration.ofMillis(50)).latencyClock(LatencyClock.HOST).start();
        long skew = 50_000_000L; // the hosts' clocks disagree by 50 ms, which host mode trusts anyway
        EpochNanoClock senderClock = EpochNanoClock.system().shiftedBy(skew);
        try (FrameTestClient c = sender(senderClock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 8, FrameFormat.PROTOCOL_VERSION, 1));
            Await.until("clock estimate", WAIT, () -> receiver.stats().clock().synced());
            c.send(quote(1, "BTCUSDT", senderClock));
            Await.until("one quote", WAIT, () -> received.size() == 1);
        }
        Quote q = received.get(0);
        assertFalse(q.latencyCorrected(), "host mode does not correct");
        assertTrue(q.latencyNs() < 0, "raw latency carries the -50 ms skew: " + q.latencyNs());
        ReceiverStats s = receiver.stats();
        assertEquals(LatencyBasis.HOST_CLOCK, s.latencyBasis());
        assertEquals(LatencyClock.HOST, s.clock().latencyClock());
        assertEquals(1, s.latency().raw().count());
        assertEquals(0, s.latency().corrected().count());
        assertTrue(Math.abs(s.clock().offsetNs() - skew) <= s.clock().errorBoundNs(), "the estimate is still made");
        String line = StatsLine.format(s);
        assertTrue(line.contains(" lat_us p50=") && line.contains("(host-clock: hosts' clocks trusted; estimate offset=+")
            && line.contains(" differs by +"), line);
    }

    @Test
    void acceptsThePythonSendersFramesAndLabelsTheirLatencyRaw() throws Exception {
        receiver = builder().requireClientCertificate(false).allowedSenders("127.0.0.1").start();
        try (FrameTestClient python = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.anonymousClientTls(), false, null)) {
            long now = System.currentTimeMillis() * 1_000_000L;
            for (int i = 1; i <= 100; i++) {
                python.sendRaw(PythonFrameFixtures.pythonFrame(i, now, "BTCUSDT", 97_000.5 + i, 97_001.5 + i, 0));
            }
            awaitAccepted(100, "100 Python quotes");
            assertNull(python.nextControl(Duration.ofMillis(300)), "nothing is written to a peer that sent no hello");
        }
        Quote q = received.get(received.size() - 1);
        assertEquals(100, q.seq());
        assertEquals(97_100.5, q.bid());
        assertEquals(97_101.0, q.mid());
        assertNull(q.bidDecimal(), "Python frames carry no exact decimals");
        assertFalse(q.latencyCorrected());
        ReceiverStats s = receiver.stats();
        assertEquals(100, s.latency().raw().count());
        assertEquals(0, s.latency().corrected().count());
        assertTrue(s.sessions().get(0).legacy());
        assertTrue(StatsLine.format(s).contains("(raw: clock offset not removed"), StatsLine.format(s));
    }

    @Test
    void refusesClientWithoutCertificate() throws Exception {
        receiver = builder().start();
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.anonymousClientTls(), true, null)) {
            assertTrue(c.awaitClosed(WAIT), "connection closed");
            sendQuietly(c);
        }
        assertRefusedAndNothingDelivered();
    }

    @Test
    void refusesCertificateFromAnotherCa() throws Exception {
        receiver = builder().start();
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.strangerClientTls(), true, null)) {
            assertTrue(c.awaitClosed(WAIT), "connection closed");
            sendQuietly(c);
        }
        assertRefusedAndNothingDelivered();
    }

    @Test
    void refusesPlaintextClient() throws Exception {
        receiver = builder().start();
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(), null, true, null)) {
            c.sendRaw(PythonFrameFixtures.BTC_SEQ_1);
            assertTrue(c.awaitClosed(WAIT), "connection closed");
        }
        assertRefusedAndNothingDelivered();
    }

    private static void sendQuietly(FrameTestClient c) {
        try {
            c.sendRaw(PythonFrameFixtures.BTC_SEQ_1);
        } catch (Exception expected) {
            // The channel is closed: exactly the point.
        }
    }

    private void assertRefusedAndNothingDelivered() throws InterruptedException {
        Await.until("refusal counted", WAIT, () -> receiver.stats().connections().refused() == 1);
        assertTrue(received.isEmpty());
        assertEquals(0, receiver.stats().accounting().delivered());
    }

    @Test
    void oversizeLengthClosesThatConnectionOnlyAndAllocatesNothing() throws Exception {
        receiver = builder().start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient good = sender(clock); FrameTestClient bad = sender(clock)) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 1, FrameFormat.PROTOCOL_VERSION, 1));
            good.send(quote(1, "BTCUSDT", clock));
            Await.until("first quote", WAIT, () -> received.size() == 1);
            Runtime rt = Runtime.getRuntime();
            long usedBefore = rt.totalMemory() - rt.freeMemory();
            bad.sendRaw(new byte[] {(byte) 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertTrue(bad.awaitClosed(WAIT), "oversize connection closed");
            long usedAfter = rt.totalMemory() - rt.freeMemory();
            assertTrue(usedAfter - usedBefore < 256L * 1024 * 1024, "no 2 GiB allocation for a hostile length");
            good.send(quote(2, "BTCUSDT", clock));
            Await.until("the other connection still delivers", WAIT, () -> received.size() == 2);
            assertTrue(good.isOpen());
        }
        assertEquals(1, receiver.stats().frames().oversize());
    }

    @Test
    void malformedFrameClosesTheConnectionAndIsCounted() throws Exception {
        receiver = builder().start();
        try (FrameTestClient c = sender(EpochNanoClock.system())) {
            c.sendRaw(new byte[] {0, 0, 0, 3, (byte) 0xc1, 0x00, 0x01});
            assertTrue(c.awaitClosed(WAIT));
        }
        Await.until("malformed counted", WAIT, () -> receiver.stats().frames().malformed() == 1);
        assertTrue(received.isEmpty());
    }

    @Test
    void throwingCallbackIsCountedAndTheLinkCarriesOn() throws Exception {
        List<Long> seen = new CopyOnWriteArrayList<>();
        receiver = builder().onQuote(q -> {
            seen.add(q.seq());
            if (q.seq() % 2 == 0) {
                throw new IllegalStateException("strategy bug");
            }
        }).start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 3, FrameFormat.PROTOCOL_VERSION, 1));
            for (int i = 1; i <= 10; i++) {
                c.send(quote(i, "SYM" + i, clock)); // a symbol each: none is conflated, all ten are called
            }
            // The count follows the throw, so wait for it as well as for the tenth call.
            Await.until("all ten reach the callback, five errors counted", WAIT,
                () -> seen.size() == 10 && receiver.stats().accounting().callbackErrors() == 5);
            assertTrue(c.isOpen());
        }
        assertEquals(5, receiver.stats().accounting().callbackErrors());
    }

    @Test
    void pollingListenerThatThrowsIsCountedAndPollingGoesOnWithTheNextQuote() throws Exception {
        receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1").tls(pki.serverCert(), pki.serverKey(), pki.caCert())
            .statsInterval(Duration.ZERO).warmupQuotes(0).polling(4096).start();
        EpochNanoClock clock = EpochNanoClock.system();
        List<Long> seen = new CopyOnWriteArrayList<>();
        QuoteListener strategy = q -> {
            seen.add(q.seq());
            if (q.seq() % 2 == 0) {
                throw new IllegalStateException("strategy bug");
            }
        };
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 4, FrameFormat.PROTOCOL_VERSION, 1));
            for (int i = 1; i <= 10; i++) {
                c.send(quote(i, "SYM" + i, clock)); // a symbol each: none is conflated, all ten are polled
            }
            Await.until("all ten polled", WAIT, () -> {
                receiver.poll(strategy, 3); // never throws: the failures are counted
                return seen.size() == 10;
            });
            assertTrue(c.isOpen());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seen);
        assertEquals(5, receiver.stats().accounting().callbackErrors());
    }

    @Test
    void anErrorFromTheCallbackIsNotSwallowedAsACallbackErrorButEndsThatConnection() throws Exception {
        receiver = builder().onQuote(q -> {
            if (q.seq() == 2) {
                throw new StackOverflowError("simulated");
            }
        }).start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 5, FrameFormat.PROTOCOL_VERSION, 1));
            // Nothing after quote 2: the receiver closes on it, and a later write could meet the closed engine.
            c.send(quote(1, "BTCUSDT", clock));
            c.send(quote(2, "BTCUSDT", clock));
            Await.until("the connection closed on the Error", WAIT, () -> !c.isOpen());
        }
        assertEquals(0, receiver.stats().accounting().callbackErrors(), "an Error is not counted and ridden over");
    }

    @Test
    void closeFromInsideTheCallbackClosesTheWholeReceiverWithoutThrowing() throws Exception {
        java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.CountDownLatch closeReturned = new java.util.concurrent.CountDownLatch(1);
        RelayReceiver[] self = new RelayReceiver[1];
        receiver = builder().onQuote(q -> {
            try {
                self[0].close();
            } catch (Throwable t) {
                thrown.set(t);
            }
            closeReturned.countDown();
        }).start();
        self[0] = receiver;
        int port = receiver.port();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 6, FrameFormat.PROTOCOL_VERSION, 1));
            c.send(quote(1, "BTCUSDT", clock));
            assertTrue(closeReturned.await(10, TimeUnit.SECONDS), "close() returned inside the callback");
            assertNull(thrown.get(), "close() from the callback threw: " + thrown.get());
            Await.until("the port closed", WAIT, () -> {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return false;
                } catch (java.io.IOException refused) {
                    return true;
                }
            });
            Await.until("the sender's connection closed by the receiver's close", WAIT, () -> !c.isOpen());
        }
        receiver.close(); // a second close is harmless
    }

    @Test
    void statsIsCheapEnoughToCallEverySecond() throws Exception {
        receiver = builder().start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 7, FrameFormat.PROTOCOL_VERSION, 1));
            for (int i = 1; i <= 100; i++) {
                c.send(quote(i, "BTCUSDT", clock));
            }
            awaitAccepted(100, "all read");
            com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            receiver.stats();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                receiver.stats();
            }
            long perCall = (threads.getCurrentThreadAllocatedBytes() - before) / 50;
            // It copied six histograms (~1.3 MB) per call; now it reads them in place.
            assertTrue(perCall < 64 * 1024, "stats() allocated " + perCall + " bytes per call");
        }
    }

    @Test
    void clientThatOpensTlsAndSendsNothingIsTimedOut() throws Exception {
        receiver = builder().firstFrameTimeout(Duration.ofMillis(300)).start();
        try (FrameTestClient c = sender(null)) {
            assertTrue(c.awaitClosed(WAIT), "silent connection closed");
        }
        assertEquals(1, receiver.stats().connections().timedOut());
    }

    @Test
    void senderThatStopsHeartbeatingIsDetectedAsDead() throws Exception {
        receiver = builder().idleTimeout(Duration.ofMillis(300)).start();
        try (FrameTestClient c = sender(null)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 9, FrameFormat.PROTOCOL_VERSION, 1));
            assertTrue(c.awaitClosed(WAIT), "silent sender closed");
        }
        assertEquals(1, receiver.stats().connections().timedOut());
    }

    @Test
    void newSessionFromTheSamePeerCountsAResetNotAGap() throws Exception {
        receiver = builder().start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient first = sender(clock)) {
            first.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 100, FrameFormat.PROTOCOL_VERSION, 1));
            first.send(quote(1, "BTCUSDT", clock));
            first.send(quote(2, "BTCUSDT", clock));
            awaitAccepted(2, "first session");
        }
        try (FrameTestClient second = sender(clock)) {
            second.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 200, FrameFormat.PROTOCOL_VERSION, 1));
            // A restarted sender numbers from 1 again but relays Binance's next update, not an old one.
            second.send(quote(1, "BTCUSDT", clock).updateId(50_000_000_003L));
            awaitAccepted(3, "second session");
        }
        ReceiverStats s = receiver.stats();
        assertEquals(1, s.accounting().sessionResets());
        assertEquals(0, s.accounting().gaps());
        assertEquals(0, s.accounting().duplicates());
    }

    @Test
    void pollingModeHandsQuotesToTheCallersThreadInOrderAndAccountsForTheRest() throws Exception {
        receiver = builder().onQuote(null).polling(4096).start();
        EpochNanoClock clock = EpochNanoClock.system();
        try (FrameTestClient c = sender(clock)) {
            c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 4, FrameFormat.PROTOCOL_VERSION, 1));
            Thread writer = new Thread(() -> {
                for (int i = 1; i <= 10_000; i++) {
                    c.send(quote(i, i % 2 == 0 ? "BTCUSDT" : "ETHUSDT", clock));
                }
            });
            writer.start();
            List<Long> seqs = new java.util.ArrayList<>();
            Thread me = Thread.currentThread();
            List<Thread> threads = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!seqs.contains(10_000L) && System.nanoTime() < deadline) {
                receiver.poll(q -> {
                    seqs.add(q.seq());
                    threads.add(Thread.currentThread());
                }, 256);
            }
            writer.join(WAIT.toMillis());
            assertTrue(seqs.contains(10_000L), "the newest quote was polled");
            for (int i = 1; i < seqs.size(); i++) {
                assertTrue(seqs.get(i) > seqs.get(i - 1), "in the sender's order");
            }
            assertTrue(threads.stream().allMatch(t -> t == me));
            assertEquals(0, receiver.poll(q -> { }, 256), "nothing older waits behind the newest");
            // The I/O thread counts a quote just after making it pollable: wait for the last count.
            Await.until("the last quote counted", WAIT, () -> receiver.stats().accounting().delivered()
                + receiver.stats().accounting().conflatedAtReceiver() == 10_000);
            ReceiverStats s = receiver.stats();
            assertEquals(seqs.size(), s.accounting().delivered());
            assertEquals(10_000, s.accounting().delivered() + s.accounting().conflatedAtReceiver(), "every quote polled or counted as conflated");
        }
        assertEquals(0, receiver.stats().accounting().gaps());
    }
}
