package io.quoterelay.bench.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * The floor's ping: a complete relay frame whose body is exactly {@link #BODY_BYTES} (64) bytes, a
 * heartbeat control frame padded with a key the relay's reader skips, so the product's own
 * framing and decoder carry it and the body size matches the figure in DESIGN.md.
 *
 * <pre>
 *  frame offset  bytes  MessagePack                 meaning
 *   0            4      (uint32 BE) 64              length prefix N
 *   4            1      0x83                        map of 3 entries
 *   5            5      0xa4 "type"
 *  10           10      0xa9 "heartbeat"            a control frame the relay decodes as Heartbeat
 *  20            8      0xa7 "sent_ns"
 *  28            9      0xd3 int64                  System.nanoTime() the ping was due (client's clock)
 *  37            4      0xa3 "pad"                  unknown to the relay: skipped
 *  41            2      0xc4 0x19                   bin8 of 25 bytes
 *  43           25      zeros
 * </pre>
 *
 * The echo server answers with the same layout and the same {@code sent_ns}, so the client needs
 * no per-message state to compute a round trip, and an open-loop run can have many pings in flight.
 */
final class PingFrame {
    static final int BODY_BYTES = 64;
    static final int FRAME_BYTES = 4 + BODY_BYTES;
    /** Frame offset of the 8 big-endian bytes of {@code sent_ns}. */
    static final int SENT_NS_OFFSET = 29;
    private static final int PAD_BYTES = 25;
    private static final byte[] TEMPLATE = template();

    private PingFrame() {
    }

    /** A new buffer (from {@code alloc}, as the transport prefers) holding one complete ping frame. */
    static ByteBuf allocate(ByteBufAllocator alloc, long sentNs) {
        ByteBuf buf = alloc.ioBuffer(FRAME_BYTES);
        buf.writeBytes(TEMPLATE);
        buf.setLong(SENT_NS_OFFSET, sentNs);
        return buf;
    }

    /** The frame as bytes, for tests and for readers that are not on Netty. */
    static byte[] bytes(long sentNs) {
        byte[] b = TEMPLATE.clone();
        for (int i = 0; i < 8; i++) {
            b[SENT_NS_OFFSET + i] = (byte) (sentNs >>> (56 - 8 * i));
        }
        return b;
    }

    private static byte[] template() {
        byte[] b = new byte[FRAME_BYTES];
        int p = 0;
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = 0;
        b[p++] = BODY_BYTES;
        b[p++] = (byte) 0x83;
        p = str(b, p, "type");
        p = str(b, p, "heartbeat");
        p = str(b, p, "sent_ns");
        if (p + 1 != SENT_NS_OFFSET) {
            throw new AssertionError("sent_ns at " + (p + 1) + ", documented at " + SENT_NS_OFFSET);
        }
        b[p] = (byte) 0xd3;
        p += 9;
        p = str(b, p, "pad");
        b[p++] = (byte) 0xc4;
        b[p++] = PAD_BYTES;
        p += PAD_BYTES;
        if (p != FRAME_BYTES) {
            throw new AssertionError("frame is " + p + " bytes, documented as " + FRAME_BYTES);
        }
        return b;
    }

    /** A MessagePack fixstr (under 32 bytes). */
    private static int str(byte[] b, int p, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        b[p++] = (byte) (0xa0 | utf8.length);
        System.arraycopy(utf8, 0, b, p, utf8.length);
        return p + utf8.length;
    }
}
