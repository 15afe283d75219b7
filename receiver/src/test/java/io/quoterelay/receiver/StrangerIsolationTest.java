package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stranger costs the executor nothing: over real TLS on loopback, while an authenticated sender
 * streams quotes, floods of handshakes without a certificate, with another CA's certificate and
 * plain TCP garbage, from allowed and from refused source addresses, are all dealt with on the
 * handshake thread; the thread that runs the executor's callback does none of that work, and the
 * genuine stream arrives complete.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StrangerIsolationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestPki pki = TestPki.shared();

    private final List<Long> seqs = new CopyOnWriteArrayList<>();
    private final Set<Thread> callbackThreads = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> probeEvents = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Thread> probeThreads = new ConcurrentLinkedQueue<>();
    @RegisterExtension
    final ReceiverRig rig = new ReceiverRig();
    private RelayReceiver receiver;

    private void start(RelayReceiver.Builder b) {
        b.handshakeProbe = new HandshakeProbe() {
            @Override
            public void handshakeCompleted(Thread thread, boolean success) {
                probeThreads.add(thread);
                probeEvents.add(success ? "handshake ok" : "handshake failed");
            }

            @Override
            public void refusedAtAccept(Thread thread, String reason) {
                probeThreads.add(thread);
                probeEvents.add("refused: " + reason);
            }
        };
        receiver = rig.start(b.bindAddress("0.0.0.0").warmupQuotes(0).onQuote(q -> {
            callbackThreads.add(Thread.currentThread());
            seqs.add(q.seq());
        }));
    }

    private FrameTestClient sender() throws InterruptedException {
        FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.clientTls(), true, EpochNanoClock.system());
        assertTrue(c.isOpen(), "the genuine sender is connected: " + c.handshakeFailure());
        c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 0x5e1d, FrameFormat.PROTOCOL_VERSION, 1));
        return c;
    }

    private HandshakeFlood flood(String from) throws Exception {
        return new HandshakeFlood("127.0.0.1", receiver.port(), from, pki.anonymousClientTls(),
            pki.strangerClientTls(), 16).start();
    }

    static QuoteFrame quote(long seq) {
        return new QuoteFrame().seq(seq).symbol("BTCUSDT").sendTimeNs(System.currentTimeMillis() * 1_000_000L)
            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8).updateId(50_000_000_000L + seq);
    }

    @Test
    void handshakesAndRefusalsNeverRunOnTheQuoteThreadWhileTheStreamArrivesWhole() throws Exception {
        // No rate limit: every flood connection gets as far as a TLS handshake, the costly case.
        start(ReceiverRig.builder().handshakeRateLimit(0).allowedSenders("127.0.0.1,127.0.0.2"));
        long seq = 0;
        try (FrameTestClient good = sender()) {
            good.send(quote(++seq));
            Await.until("the first genuine quote", WAIT, () -> seqs.size() == 1);
            try (HandshakeFlood allowed = flood("127.0.0.2"); HandshakeFlood refused = flood("127.0.0.9")) {
                // Bounded by attempts, not time: each flood works in batches of 16 it waits out.
                long deadline = System.nanoTime() + 3 * WAIT.toNanos();
                while (allowed.attempts() < 96 || refused.attempts() < 48) {
                    assertTrue(System.nanoTime() < deadline, "the floods got going: " + allowed.attempts() + ", "
                        + refused.attempts());
                    good.send(quote(++seq));
                    Thread.sleep(2);
                }
            }
            good.send(quote(++seq));
            long last = seq;
            Await.until("the last genuine quote", WAIT, () -> !seqs.isEmpty() && seqs.get(seqs.size() - 1) == last);
        }
        // Whole: every quote reached the executor or, met in one read with a newer one, was counted as conflated.
        for (int i = 1; i < seqs.size(); i++) {
            assertTrue(seqs.get(i) > seqs.get(i - 1), "the genuine stream in order: " + seqs);
        }
        assertEquals(seq, receiver.stats().accounting().delivered() + receiver.stats().accounting().conflatedAtReceiver(),
            "the genuine stream, whole");
        assertEquals(seqs.size(), receiver.stats().accounting().delivered());
        assertEquals(1, callbackThreads.size(), "one quote thread: " + callbackThreads);
        Thread quoteThread = callbackThreads.iterator().next();
        assertTrue(quoteThread.getName().startsWith("quoterelay-receiver-io"), quoteThread.getName());

        Set<String> kinds = probeEvents.stream().collect(Collectors.toSet());
        assertTrue(kinds.containsAll(Set.of("handshake ok", "handshake failed",
            "refused: " + RefusalReason.NOT_ALLOWED.text())), "every kind of stranger was met: " + kinds);
        assertTrue(probeThreads.stream().noneMatch(t -> t == quoteThread),
            "the quote thread did none of " + probeThreads.size() + " handshakes and refusals");
        assertTrue(probeThreads.stream().allMatch(t -> t.getName().startsWith("quoterelay-receiver-handshake")),
            "all of it ran on the handshake thread");

        ReceiverStats s = receiver.stats();
        assertEquals(0, s.accounting().gaps());
        assertTrue(s.connections().refused() >= 64, "TLS refusals counted: " + s.connections().refused());
        assertTrue(s.connections().notAllowed() >= 48, "refusals at accept counted: " + s.connections().notAllowed());
        assertEquals(0, s.frames().malformed() + s.frames().oversize(), "nothing a stranger sent reached the decoder");
        Await.until("nothing left open", WAIT, () -> receiver.stats().connections().active() == 0);
    }

    @Test
    void handshakesOverTheRatePerAddressAreRefusedAtAcceptAndCounted() throws Exception {
        start(ReceiverRig.builder().handshakeRateLimit(2));
        int attempts = 20;
        for (int i = 0; i < attempts; i++) {
            try (Socket s = new Socket()) {
                s.bind(new InetSocketAddress("127.0.0.3", 0));
                s.connect(new InetSocketAddress("127.0.0.1", receiver.port()), 2000);
            }
        }
        // A burst of 4 (twice the rate) passes; of the rest at most a few more as the bucket refills.
        Await.until("over-rate connections refused", WAIT,
            () -> receiver.stats().connections().rateLimited() >= attempts - 8);
        ReceiverStats s = receiver.stats();
        assertTrue(s.connections().rateLimited() <= attempts - 4, "the burst passed: " + s.connections().rateLimited());
        assertTrue(probeEvents.contains("refused: " + RefusalReason.RATE_LIMITED.text()));
        // Another address has a bucket of its own: the genuine sender gets through.
        try (FrameTestClient good = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.clientTls(), true, EpochNanoClock.system())) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 7, FrameFormat.PROTOCOL_VERSION, 1));
            good.send(quote(1));
            Await.until("the genuine sender's quote", WAIT, () -> seqs.size() == 1);
        }
        // One snapshot for both sides: a refusal still being counted must not land between two reads.
        ReceiverStats now = receiver.stats();
        assertTrue(StatsLine.format(now).contains(" refused=" + (now.connections().rateLimited()
            + now.connections().refused())), "the stats line counts refusals at accept too");
        assertTrue(rig.log.contains(RefusalReason.RATE_LIMITED.text()), "logged");
    }

}
