package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.SocketStamps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * Seeded fuzzing of the receiver's whole inbound pipeline after TLS (length framing, MessagePack
 * decoding, hello/session/sequence handling, dispatch) in an {@link EmbeddedChannel}: random
 * bodies, mutated valid frames, structurally valid maps with wrong or random types, and bad
 * length prefixes. Invariants: no exception ever escapes the pipeline, every connection that is
 * closed is counted exactly once as a protocol error, a closed connection delivers nothing more,
 * and every delivered quote carries the fields a quote must have.
 *
 * <p>The default run is {@value #DEFAULT_FRAMES} frames (a few seconds); the fault stage runs
 * {@code -Dquoterelay.fuzz.frames=1000000}. {@code -Dquoterelay.fuzz.seed} replays one failure.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ReceiverFrameFuzzTest {
    static final int DEFAULT_FRAMES = 100_000;
    private static final String[] KEYS = {"seq", "ts", "symbol", "mid", "bid", "ask", "binance_ts", "bid_qty",
        "ask_qty", "bid_exact", "ask_exact", "bid_qty_exact", "ask_qty_exact", "u", "event_ms", "trade_ms", "recv_ns",
        "snapshot", "repeat", "type", "role", "session", "version", "next_seq", "sent_ns", "t1", "t2", "t3",
        "upstream", "conflated", "repeats", "highest_seq", "unknown", ""};
    private static final String[] TYPES = {"hello", "heartbeat", "clock_ping", "clock_pong", "session_report", "nope"};

    private long delivered;
    private long badQuotes;

    @Test
    void fuzzedFramesNeverEscapeThePipelineAndEveryCloseIsCountedOnce() throws Exception {
        int frames = Integer.getInteger("quoterelay.fuzz.frames", DEFAULT_FRAMES);
        long seed = Long.getLong("quoterelay.fuzz.seed", 20_260_101L);
        Random random = new Random(seed);
        ReceiverCore core = new ReceiverCore(RelayReceiver.builder().tls(Path.of("unused.crt"), Path.of("unused.key"),
            Path.of("unused-ca.crt")).statsInterval(Duration.ZERO).onQuote(q -> {
                delivered++;
                if (q.symbol() == null || q.symbol().isEmpty() || q.seq() < 0) {
                    badQuotes++;
                }
            }).build());
        FrameWriter writer = new FrameWriter();
        long sent = 0;
        long connections = 0;
        long closedConnections = 0;
        long heapBefore = ReceiverHostileInputTest.usedHeapAfterGc();
        while (sent < frames) {
            connections++;
            EmbeddedChannel ch = connection(core);
            if (random.nextInt(4) != 0) {
                write(ch, encodeControl(writer, new ControlFrame.Hello(ControlFrame.Role.SENDER,
                    1 + random.nextInt(1_000), FrameFormat.PROTOCOL_VERSION, 1)));
            }
            long seq = 1;
            int perConnection = 1 + random.nextInt(200);
            for (int i = 0; i < perConnection && sent < frames && ch.isOpen(); i++, sent++) {
                long deliveredBefore = delivered;
                write(ch, nextFrame(random, writer, seq++));
                if (!ch.isOpen()) {
                    assertEquals(deliveredBefore, delivered, "a frame that closed the connection delivered nothing"
                        + " (seed " + seed + ")");
                }
            }
            if (!ch.isOpen()) {
                closedConnections++;
            }
            long beforeEnd = delivered;
            if (ch.isOpen()) {
                write(ch, frame(new byte[] {(byte) 0xc1})); // end it with a protocol error: counted as one
                assertEquals(beforeEnd, delivered);
                if (!ch.isOpen()) {
                    closedConnections++;
                } // else a lying length still waits for its body: the peer simply goes away
            }
            ch.checkException(); // nothing reached the end of the pipeline unhandled
            ch.finishAndReleaseAll();
            assertEquals(closedConnections, core.events.malformedFrames.get() + core.events.oversizeFrames.get(),
                "every closed connection counted exactly once (seed " + seed + ", connection " + connections + ")");
        }
        long heapAfter = ReceiverHostileInputTest.usedHeapAfterGc();
        assertEquals(0, badQuotes, "no delivered quote lacked its required fields");
        assertEquals(0, core.events.callbackErrors.get());
        assertTrue(heapAfter - heapBefore < 32L * 1024 * 1024, "heap flat: " + (heapBefore >> 20) + " -> "
            + (heapAfter >> 20) + " MiB");
        assertTrue(core.sessions.size() <= 256, "sessions bounded");
        System.out.printf("fuzz: %d frames over %d connections, %d delivered, %d malformed, %d oversize, %d ignored (seed %d)%n",
            sent, connections, delivered, core.events.malformedFrames.get(), core.events.oversizeFrames.get(), core.events.ignoredFrames.get(), seed);
    }

    private static EmbeddedChannel connection(ReceiverCore core) {
        EmbeddedChannel ch = new EmbeddedChannel();
        SocketStamps socketStamps = new SocketStamps(core.clock, false);
        ch.pipeline().addLast(SocketStamps.NAME, socketStamps);
        ch.pipeline().addLast(ReceiverInitializer.IDLE, new IdleStateHandler(10_000, 0, 0, TimeUnit.MILLISECONDS));
        Framing.install(ch.pipeline(), core.config.maxFrameBytes());
        ch.pipeline().addLast(ReceiverInitializer.CONNECTION, new ConnectionHandler(core, socketStamps));
        // The TLS handler is not here; tell the connection handler its handshake is done.
        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        return ch;
    }

    private static void write(EmbeddedChannel ch, byte[] bytes) {
        ch.writeInbound(Unpooled.wrappedBuffer(bytes));
        ch.runPendingTasks();
        for (Object out; (out = ch.readOutbound()) != null; ) {
            io.netty.util.ReferenceCountUtil.release(out); // hello replies and clock pings
        }
    }

    private byte[] nextFrame(Random r, FrameWriter w, long seq) throws IOException {
        return switch (r.nextInt(10)) {
            case 0 -> randomBody(r);
            case 1, 2, 3 -> mutate(r, validQuote(r, w, seq));
            case 4 -> validQuote(r, w, seq);
            case 5, 6 -> randomMap(r);
            case 7 -> mutate(r, encodeControl(w, randomControl(r)));
            case 8 -> badLength(r, validQuote(r, w, seq));
            default -> r.nextBoolean() ? encodeControl(w, randomControl(r)) : validQuote(r, w, seq + r.nextInt(5) - 2);
        };
    }

    private static byte[] validQuote(Random r, FrameWriter w, long seq) {
        QuoteFrame q = new QuoteFrame().seq(Math.max(0, seq)).symbol(r.nextBoolean() ? "BTCUSDT" : "S" + r.nextInt(10_000))
            .sendTimeNs(System.currentTimeMillis() * 1_000_000L + r.nextInt())
            .exactPrices(r.nextLong() >>> 8, r.nextInt(9), r.nextLong() >>> 8, r.nextInt(9))
            .updateId(r.nextLong() >>> 1).snapshot(r.nextInt(8) == 0).repeat(r.nextInt(16) == 0);
        int n = w.encodeQuote(q);
        return Arrays.copyOf(w.buffer(), n);
    }

    private static ControlFrame randomControl(Random r) {
        return switch (r.nextInt(5)) {
            case 0 -> new ControlFrame.Hello(r.nextBoolean() ? ControlFrame.Role.SENDER : ControlFrame.Role.RECEIVER,
                r.nextLong() >>> r.nextInt(64), r.nextInt(3), r.nextLong());
            case 1 -> new ControlFrame.Heartbeat(r.nextLong());
            case 2 -> new ControlFrame.ClockPong(r.nextLong(), r.nextLong(), r.nextLong());
            case 3 -> new ControlFrame.SessionReport(r.nextLong() >>> 1, r.nextLong() >>> 1, r.nextInt(), r.nextLong() >>> 1);
            default -> new ControlFrame.ClockPing(r.nextLong());
        };
    }

    private static byte[] encodeControl(FrameWriter w, ControlFrame c) {
        int n = w.encodeControl(c);
        return Arrays.copyOf(w.buffer(), n);
    }

    /** Flips, overwrites, inserts or deletes a few body bytes; the length prefix is kept right. */
    private static byte[] mutate(Random r, byte[] frame) {
        byte[] body = Arrays.copyOfRange(frame, 4, frame.length);
        int edits = 1 + r.nextInt(4);
        for (int e = 0; e < edits && body.length > 0; e++) {
            int at = r.nextInt(body.length);
            switch (r.nextInt(4)) {
                case 0 -> body[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> body[at] = (byte) r.nextInt(256);
                case 2 -> {
                    byte[] b = new byte[body.length + 1];
                    System.arraycopy(body, 0, b, 0, at);
                    b[at] = (byte) r.nextInt(256);
                    System.arraycopy(body, at, b, at + 1, body.length - at);
                    body = b;
                }
                default -> {
                    byte[] b = new byte[body.length - 1];
                    System.arraycopy(body, 0, b, 0, at);
                    System.arraycopy(body, at + 1, b, at, body.length - at - 1);
                    body = b;
                }
            }
        }
        return frame(body);
    }

    /** A valid body behind a length that lies: too short, too long, or hostile. */
    private static byte[] badLength(Random r, byte[] frame) {
        long[] lengths = {0, 1, frame.length - 5, FrameFormat.DEFAULT_MAX_FRAME_BYTES + 1L, 1L << 31, 0xFFFF_FFFFL,
            r.nextInt() & 0xFFFF_FFFFL};
        ByteBuffer.wrap(frame).putInt((int) lengths[r.nextInt(lengths.length)]);
        return frame;
    }

    private static byte[] randomBody(Random r) {
        byte[] body = new byte[r.nextInt(r.nextBoolean() ? 16 : 2_000)];
        r.nextBytes(body);
        return frame(body);
    }

    /** A well-formed MessagePack map of known and unknown keys with values of random types. */
    private static byte[] randomMap(Random r) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            int entries = r.nextInt(12);
            p.packMapHeader(entries);
            for (int i = 0; i < entries; i++) {
                if (r.nextInt(20) == 0) {
                    p.packInt(r.nextInt()); // a non-string key
                } else {
                    p.packString(KEYS[r.nextInt(KEYS.length)]);
                }
                randomValue(r, p, 3);
            }
            return frame(p.toByteArray());
        }
    }

    private static void randomValue(Random r, MessageBufferPacker p, int depth) throws IOException {
        switch (r.nextInt(depth > 0 ? 11 : 8)) {
            case 0 -> p.packNil();
            case 1 -> p.packBoolean(r.nextBoolean());
            case 2 -> p.packLong(r.nextLong() >> r.nextInt(64));
            case 3 -> p.packDouble(r.nextBoolean() ? r.nextDouble() * 1e6 : Double.NaN);
            case 4 -> p.packString(TYPES[r.nextInt(TYPES.length)]);
            case 5 -> p.packString(Long.toString(r.nextLong() >>> r.nextInt(64)) + (r.nextBoolean() ? ".5" : ""));
            case 6 -> p.packString("x".repeat(r.nextInt(400)));
            case 7 -> {
                byte[] b = new byte[r.nextInt(50)];
                r.nextBytes(b);
                p.packBinaryHeader(b.length).writePayload(b);
            }
            case 8 -> p.packBigInteger(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.valueOf(1 + r.nextInt(5))));
            case 9 -> {
                int n = r.nextInt(4);
                p.packArrayHeader(n);
                for (int i = 0; i < n; i++) {
                    randomValue(r, p, depth - 1);
                }
            }
            default -> {
                int n = r.nextInt(3);
                p.packMapHeader(n);
                for (int i = 0; i < n; i++) {
                    p.packString(KEYS[r.nextInt(KEYS.length)]);
                    randomValue(r, p, depth - 1);
                }
            }
        }
    }

    private static byte[] frame(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
