package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Strangers and broken peers over real TLS: every hostile input closes only its own connection,
 * with one log line and a counter, while an honest sender on the same receiver keeps delivering,
 * the receiver's one I/O thread stays alive, and the heap does not grow.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReceiverHostileInputTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final TestPki pki = TestPki.shared();

    private final List<Quote> received = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final ReceiverRig rig = new ReceiverRig();
    private RelayReceiver receiver;

    private void start(RelayReceiver.Builder b) {
        receiver = rig.start(b.onQuote(q -> received.add(q.copy())));
    }

    private FrameTestClient sender() throws InterruptedException {
        return FrameTestClient.connect("127.0.0.1", receiver.port(), pki.clientTls(),
            true, EpochNanoClock.system());
    }

    static QuoteFrame quote(long seq) {
        return new QuoteFrame().seq(seq).symbol("BTCUSDT").sendTimeNs(System.currentTimeMillis() * 1_000_000L)
            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8).updateId(50_000_000_000L + seq);
    }

    static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }

    static byte[] prefix(long length, byte... rest) {
        byte[] b = new byte[4 + rest.length];
        ByteBuffer.wrap(b).putInt((int) length);
        System.arraycopy(rest, 0, b, 4, rest.length);
        return b;
    }

    interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    static byte[] msgpack(Packing packing) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packing.pack(p);
            return frame(p.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A quote map whose one key {@code bad} has the value {@code packBad} writes; the rest is valid. */
    static byte[] quoteWith(String bad, Packing packBad) {
        return quoteWith(1, bad, packBad);
    }

    static byte[] quoteWith(long seq, String bad, Packing packBad) {
        return msgpack(p -> {
            List<String> keys = List.of("seq", "ts", "symbol", "bid", "ask");
            p.packMapHeader(keys.contains(bad) ? 5 : 6);
            for (String k : keys) {
                p.packString(k);
                if (k.equals(bad)) {
                    packBad.pack(p);
                } else {
                    switch (k) {
                        case "seq" -> p.packLong(seq);
                        case "ts" -> p.packLong(System.currentTimeMillis() * 1_000_000L);
                        case "symbol" -> p.packString("BTCUSDT");
                        default -> p.packDouble(97_000.5);
                    }
                }
            }
            if (!keys.contains(bad)) {
                p.packString(bad);
                packBad.pack(p);
            }
        });
    }

    static void nestedMaps(MessageBufferPacker p, int depth) throws IOException {
        for (int i = 0; i < depth; i++) {
            p.packMapHeader(1).packString("k");
        }
        p.packNil();
    }

    static byte[] garbage(int bodyBytes, long seed) {
        byte[] body = new byte[bodyBytes];
        new Random(seed).nextBytes(body);
        body[0] = (byte) 0xc1; // never-used MessagePack byte: whatever follows, this is not a map
        return frame(body);
    }

    static Stream<Arguments> hostileFrames() {
        return Stream.of(
            Arguments.of("length 0", prefix(0), Kind.MALFORMED),
            Arguments.of("length 1, not a map", prefix(1, (byte) 0x01), Kind.MALFORMED),
            Arguments.of("length 64 KiB + 1", prefix(65_537, new byte[64]), Kind.OVERSIZE),
            Arguments.of("length 2^31", prefix(1L << 31, new byte[64]), Kind.OVERSIZE),
            Arguments.of("length 2^32 - 1", prefix(0xFFFF_FFFFL, new byte[64]), Kind.OVERSIZE),
            Arguments.of("truncated frame, then the next frame's bytes", concat(
                Arrays.copyOf(encodedQuote(1), 30), encodedQuote(2), encodedQuote(3)), Kind.MALFORMED),
            Arguments.of("valid length, garbage MessagePack", garbage(200, 7), Kind.MALFORMED),
            Arguments.of("map header promising more entries than the body has",
                frame(new byte[] {(byte) 0xdf, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}), Kind.MALFORMED),
            Arguments.of("string seq", quoteWith("seq", p -> p.packString("1")), Kind.MALFORMED),
            Arguments.of("nested map as symbol", quoteWith("symbol", p -> nestedMaps(p, 3)), Kind.MALFORMED),
            Arguments.of("array as bid", quoteWith("bid", p -> p.packArrayHeader(2).packInt(1).packInt(2)), Kind.MALFORMED),
            Arguments.of("nil ts", quoteWith("ts", MessageBufferPacker::packNil), Kind.MALFORMED),
            Arguments.of("negative seq", quoteWith("seq", p -> p.packLong(-5)), Kind.MALFORMED),
            Arguments.of("seq beyond a long", quoteWith("seq", p -> p.packBigInteger(
                java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE))), Kind.MALFORMED),
            Arguments.of("exact price of 300 digits", quoteWith("bid_exact", p -> p.packString("9".repeat(300))), Kind.MALFORMED),
            Arguments.of("exact price that is not a number", quoteWith("bid_exact", p -> p.packString("1e9")), Kind.MALFORMED),
            Arguments.of("boolean as snapshot flag of the wrong type", quoteWith("snapshot", p -> p.packInt(1)), Kind.MALFORMED),
            Arguments.of("hello with a string session", msgpack(p -> p.packMapHeader(4)
                .packString("type").packString("hello").packString("role").packString("sender")
                .packString("session").packString("42").packString("version").packInt(1)), Kind.MALFORMED),
            Arguments.of("hello from a future protocol version", msgpack(p -> p.packMapHeader(4)
                .packString("type").packString("hello").packString("role").packString("sender")
                .packString("session").packLong(42).packString("version").packInt(99)), Kind.MALFORMED),
            Arguments.of("a map followed by trailing bytes", frame(new byte[] {(byte) 0x80, 0x01}), Kind.MALFORMED));
    }

    enum Kind {
        MALFORMED(s -> s.frames().malformed(), "protocol error"),
        OVERSIZE(s -> s.frames().oversize(), "protocol error");

        final ToLongFunction<ReceiverStats> counter;
        final String logText;

        Kind(ToLongFunction<ReceiverStats> counter, String logText) {
            this.counter = counter;
            this.logText = logText;
        }
    }

    static byte[] encodedQuote(long seq) {
        FrameWriter w = new FrameWriter();
        int n = w.encodeQuote(quote(seq));
        return Arrays.copyOf(w.buffer(), n);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        ByteBuffer b = ByteBuffer.allocate(n);
        for (byte[] p : parts) {
            b.put(p);
        }
        return b.array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileFrames")
    void hostileFrameClosesOnlyItsConnectionWithOneLogLineAndACount(String name, byte[] bytes, Kind kind) throws Exception {
        start(ReceiverRig.builder());
        try (FrameTestClient good = sender(); FrameTestClient bad = sender()) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 1, FrameFormat.PROTOCOL_VERSION, 1));
            good.send(quote(1));
            Await.until("the honest sender's first quote", WAIT, () -> received.size() == 1);
            bad.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 2, FrameFormat.PROTOCOL_VERSION, 1));
            // A valid quote right behind the hostile bytes, in the same write: it must not be delivered.
            bad.sendRaw(concat(bytes, encodedQuote(1)));
            assertTrue(bad.awaitClosed(WAIT), name + ": the hostile connection is closed");
            Await.until(name + ": counted", WAIT, () -> kind.counter.applyAsLong(receiver.stats()) == 1);
            good.send(quote(2));
            Await.until("the honest sender still delivers", WAIT, () -> received.size() == 2);
            assertTrue(good.isOpen());
        }
        Await.until("log line", WAIT, () -> rig.log.contains("closed connection"));
        List<String> lines = rig.log.events().stream().filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("closed connection")).toList();
        assertEquals(1, lines.size(), "one log line for the closed connection: " + lines);
        assertTrue(lines.get(0).contains(kind.logText), lines.get(0));
        ReceiverStats s = receiver.stats();
        assertEquals(0, s.session(2) == null ? 0 : s.session(2).delivered(), "nothing after the hostile bytes was delivered");
        assertEquals(2, s.session(1).delivered());
        assertEquals(0, s.accounting().callbackErrors());
    }

    @Test
    void oneMegabyteStringIsRefusedEvenWhenTheFrameLimitAllowsIt() throws Exception {
        start(ReceiverRig.builder().maxFrameBytes(2 * 1024 * 1024));
        byte[] big = quoteWith("symbol", p -> p.packString("X".repeat(1024 * 1024)));
        byte[] bigUnknown = quoteWith("comment", p -> p.packString("Y".repeat(1024 * 1024)));
        byte[] deep = quoteWith(2, "extra", p -> nestedMaps(p, 100_000));
        try (FrameTestClient good = sender()) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 1, FrameFormat.PROTOCOL_VERSION, 1));
            try (FrameTestClient bad = sender()) {
                bad.sendRaw(big);
                assertTrue(bad.awaitClosed(WAIT), "1 MB symbol: closed");
            }
            // Unknown keys are skipped whatever their size or depth (as the Python receiver does): no close.
            good.sendRaw(bigUnknown);
            good.sendRaw(deep);
            good.send(quote(3));
            Await.until("unknown big and deep values skipped, quotes delivered (or conflated: one symbol, one read)", WAIT,
                () -> receiver.stats().accounting().delivered() + receiver.stats().accounting().conflatedAtReceiver() == 3);
            assertTrue(good.isOpen());
        }
        assertEquals(1, receiver.stats().frames().malformed());
    }

    @Test
    void refusesTls12OnlyClient() throws Exception {
        start(ReceiverRig.builder());
        SslContext tls12 = SslContextBuilder.forClient().sslProvider(TlsContexts.provider()).protocols("TLSv1.2")
            .trustManager(pki.caCert().toFile()).keyManager(pki.clientCert().toFile(), pki.clientKey().toFile()).build();
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(), tls12, true, null)) {
            assertTrue(c.awaitClosed(WAIT), "TLS 1.2 connection closed");
            assertNotNull(c.handshakeFailure(), "the handshake failed");
        }
        Await.until("refusal counted", WAIT, () -> receiver.stats().connections().refused() == 1);
        assertEquals(0, receiver.stats().accounting().delivered());
    }

    @Test
    void refusesExpiredClientCertificate() throws Exception {
        start(ReceiverRig.builder());
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.expiredClientTls(), true, null)) {
            assertTrue(c.awaitClosed(WAIT), "connection with an expired certificate closed");
            try {
                c.sendRaw(encodedQuote(1));
            } catch (Exception expected) {
                // closed: the point
            }
        }
        Await.until("refusal counted", WAIT, () -> receiver.stats().connections().refused() == 1);
        assertEquals(0, receiver.stats().accounting().delivered());
        Await.until("one line saying why", WAIT, () -> rig.log.contains("TLS handshake failed"));
        assertEquals(1, rig.log.messages().stream().filter(m -> m.contains("closed connection")).count());
    }

    @Test
    void truncatedFrameFollowedBySilenceIsTimedOut() throws Exception {
        start(ReceiverRig.builder().idleTimeout(Duration.ofMillis(500)));
        // This client does not answer clock pings: its pongs would otherwise complete the half frame.
        try (FrameTestClient bad = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.clientTls(), true, null)) {
            bad.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 3, FrameFormat.PROTOCOL_VERSION, 1));
            bad.sendRaw(Arrays.copyOf(encodedQuote(1), 20));
            assertTrue(bad.awaitClosed(WAIT), "half a frame then silence: closed");
        }
        assertEquals(1, receiver.stats().connections().timedOut());
        assertEquals(0, receiver.stats().accounting().delivered());
    }

    /**
     * Hundreds of hostile connections in a row (each case above, round-robin, plus seeded random
     * frames): the I/O thread survives, the honest link is never interrupted, the heap is flat.
     */
    @Test
    void streamOfHostileConnectionsLeavesHeapFlatAndTheIoThreadAlive() throws Exception {
        // Hundreds of connections from one address: past the per-address handshake rate, which is not under test here.
        start(ReceiverRig.builder().handshakeRateLimit(0));
        List<byte[]> cases = hostileFrames().map(a -> (byte[]) a.get()[1]).toList();
        Random random = new Random(42);
        int connections = Integer.getInteger("quoterelay.hostileConnections", 300);
        try (FrameTestClient good = sender()) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 1, FrameFormat.PROTOCOL_VERSION, 1));
            long seq = 0;
            for (int warm = 0; warm < 20; warm++) {
                hostileConnection(cases.get(warm % cases.size()));
            }
            long heapBefore = usedHeapAfterGc();
            Thread io = ioThread();
            for (int i = 0; i < connections; i++) {
                byte[] bytes = i % 3 == 2 ? garbage(1 + random.nextInt(4096), random.nextLong()) : cases.get(i % cases.size());
                hostileConnection(bytes);
                if (i % 25 == 0) {
                    good.send(quote(++seq));
                    long expect = seq;
                    Await.until("honest quote " + expect, WAIT, () -> received.size() == expect);
                }
            }
            long heapAfter = usedHeapAfterGc();
            assertTrue(good.isOpen(), "the honest link stayed up throughout");
            assertTrue(io.isAlive() && io == ioThread(), "the same I/O thread serves on");
            assertTrue(heapAfter - heapBefore < 16L * 1024 * 1024,
                "heap flat: " + (heapBefore >> 20) + " MiB -> " + (heapAfter >> 20) + " MiB");
        }
        // The honest client has closed its end; the receiver sees that a moment later, on its own thread.
        Await.until("nothing left open", WAIT, () -> receiver.stats().connections().active() == 0);
        ReceiverStats s = receiver.stats();
        assertEquals(s.connections().accepted() - 1, s.frames().malformed() + s.frames().oversize(),
            "every hostile connection counted once: " + s);
    }

    private void hostileConnection(byte[] bytes) throws Exception {
        try (FrameTestClient bad = sender()) {
            bad.sendRaw(bytes);
            assertTrue(bad.awaitClosed(WAIT), "hostile connection closed");
        }
    }

    private static Thread ioThread() {
        List<Thread> io = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("quoterelay-receiver-io")).toList();
        assertEquals(1, io.size(), "exactly one receiver I/O thread: " + io);
        return io.get(0);
    }

    static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

}
