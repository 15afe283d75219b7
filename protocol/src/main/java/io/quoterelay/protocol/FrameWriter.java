package io.quoterelay.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferOutput;

/**
 * Encodes messages into complete frames (length prefix included) in a buffer it owns and reuses.
 * After an {@code encode...} call the frame is {@code buffer()[0 .. returned length)}; the next call
 * overwrites it. One writer per thread; it allocates nothing per quote once the symbols are known.
 */
public final class FrameWriter {
    private static final int MAX_SYMBOL_CACHE = 4096;
    // Keys as bytes once: packString would encode each key afresh on every frame.
    private static final byte[] K_T1 = WireKeys.T1.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_T2 = WireKeys.T2.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_T3 = WireKeys.T3.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_ASK = WireKeys.ASK.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_ASK_EXACT = WireKeys.ASK_EXACT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_ASK_QTY = WireKeys.ASK_QTY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_ASK_QTY_EXACT = WireKeys.ASK_QTY_EXACT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_BID = WireKeys.BID.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_BID_EXACT = WireKeys.BID_EXACT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_BID_QTY = WireKeys.BID_QTY.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_BID_QTY_EXACT = WireKeys.BID_QTY_EXACT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_BINANCE_TS = WireKeys.BINANCE_TS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_CONFLATED = WireKeys.CONFLATED.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_EVENT_MS = WireKeys.EVENT_MS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_HIGHEST_SEQ = WireKeys.HIGHEST_SEQ.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_MID = WireKeys.MID.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_NEXT_SEQ = WireKeys.NEXT_SEQ.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_RECV_NS = WireKeys.RECV_NS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_REPEAT = WireKeys.REPEAT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_REPEATS = WireKeys.REPEATS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_ROLE = WireKeys.ROLE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_SENT_NS = WireKeys.SENT_NS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_SEQ = WireKeys.SEQ.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_SESSION = WireKeys.SESSION.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_SNAPSHOT = WireKeys.SNAPSHOT.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_SYMBOL = WireKeys.SYMBOL.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_TRADE_MS = WireKeys.TRADE_MS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_TS = WireKeys.TS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_TYPE = WireKeys.TYPE.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_UPDATE_ID = WireKeys.UPDATE_ID.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_UPSTREAM = WireKeys.UPSTREAM.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] K_VERSION = WireKeys.VERSION.getBytes(StandardCharsets.US_ASCII);

    private final int maxFrameBytes;
    private final FrameBuffer out = new FrameBuffer();
    private final MessagePacker packer = MessagePack.newDefaultPacker(out);
    private final Map<String, byte[]> symbolBytes = new HashMap<>();
    private final byte[] decimalScratch = new byte[ExactDecimal.MAX_DIGITS + 2];

    public FrameWriter() {
        this(FrameFormat.DEFAULT_MAX_FRAME_BYTES);
    }

    public FrameWriter(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    public byte[] buffer() {
        return out.bytes;
    }

    /**
     * Encodes a quote. The Python version's seven keys come first and always; the extensions
     * follow only when the quote has them, so a Python receiver sees the map it always saw.
     */
    public int encodeQuote(QuoteFrame q) {
        try {
            out.begin();
            int extensions = (Double.isNaN(q.bidQty()) ? 0 : 1) + (Double.isNaN(q.askQty()) ? 0 : 1)
                + (q.bidScale() == ExactDecimal.ABSENT ? 0 : 1) + (q.askScale() == ExactDecimal.ABSENT ? 0 : 1)
                + (q.bidQtyScale() == ExactDecimal.ABSENT ? 0 : 1) + (q.askQtyScale() == ExactDecimal.ABSENT ? 0 : 1)
                + (q.updateId() < 0 ? 0 : 1) + (q.eventTimeMs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
                + (q.transactionTimeMs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
                + (q.senderReceiveTimeNs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
                + (q.snapshot() ? 1 : 0) + (q.repeat() ? 1 : 0);
            packer.packMapHeader(7 + extensions);
            packKey(K_SEQ).packLong(q.seq());
            packKey(K_TS).packLong(q.sendTimeNs());
            packKey(K_SYMBOL);
            packSymbol(q.symbol());
            packKey(K_MID).packDouble(q.mid());
            packKey(K_BID).packDouble(q.bid());
            packKey(K_ASK).packDouble(q.ask());
            packKey(K_BINANCE_TS).packLong(q.binanceTsMs());
            if (!Double.isNaN(q.bidQty())) {
                packKey(K_BID_QTY).packDouble(q.bidQty());
            }
            if (!Double.isNaN(q.askQty())) {
                packKey(K_ASK_QTY).packDouble(q.askQty());
            }
            packDecimal(K_BID_EXACT, q.bidUnscaled(), q.bidScale());
            packDecimal(K_ASK_EXACT, q.askUnscaled(), q.askScale());
            packDecimal(K_BID_QTY_EXACT, q.bidQtyUnscaled(), q.bidQtyScale());
            packDecimal(K_ASK_QTY_EXACT, q.askQtyUnscaled(), q.askQtyScale());
            if (q.updateId() >= 0) {
                packKey(K_UPDATE_ID).packLong(q.updateId());
            }
            if (q.eventTimeMs() != QuoteFrame.ABSENT_TIME) {
                packKey(K_EVENT_MS).packLong(q.eventTimeMs());
            }
            if (q.transactionTimeMs() != QuoteFrame.ABSENT_TIME) {
                packKey(K_TRADE_MS).packLong(q.transactionTimeMs());
            }
            if (q.senderReceiveTimeNs() != QuoteFrame.ABSENT_TIME) {
                packKey(K_RECV_NS).packLong(q.senderReceiveTimeNs());
            }
            if (q.snapshot()) {
                packKey(K_SNAPSHOT).packBoolean(true);
            }
            if (q.repeat()) {
                packKey(K_REPEAT).packBoolean(true);
            }
            return finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int encodeControl(ControlFrame frame) {
        try {
            out.begin();
            if (frame instanceof ControlFrame.Hello h) {
                packer.packMapHeader(5);
                packKey(K_TYPE).packString(ControlTypes.HELLO);
                packKey(K_ROLE).packString(h.role().wireName());
                packKey(K_SESSION).packLong(h.sessionId());
                packKey(K_VERSION).packLong(h.version());
                packKey(K_NEXT_SEQ).packLong(h.nextSeq());
            } else if (frame instanceof ControlFrame.Heartbeat hb) {
                packer.packMapHeader(2);
                packKey(K_TYPE).packString(ControlTypes.HEARTBEAT);
                packKey(K_SENT_NS).packLong(hb.sentNs());
            } else if (frame instanceof ControlFrame.ClockPing p) {
                packer.packMapHeader(2);
                packKey(K_TYPE).packString(ControlTypes.CLOCK_PING);
                packKey(K_T1).packLong(p.t1());
            } else if (frame instanceof ControlFrame.ClockPong p) {
                packer.packMapHeader(4);
                packKey(K_TYPE).packString(ControlTypes.CLOCK_PONG);
                packKey(K_T1).packLong(p.t1());
                packKey(K_T2).packLong(p.t2());
                packKey(K_T3).packLong(p.t3());
            } else if (frame instanceof ControlFrame.SessionReport r) {
                packer.packMapHeader(5);
                packKey(K_TYPE).packString(ControlTypes.SESSION_REPORT);
                packKey(K_UPSTREAM).packLong(r.upstream());
                packKey(K_CONFLATED).packLong(r.conflated());
                packKey(K_REPEATS).packLong(r.repeats());
                packKey(K_HIGHEST_SEQ).packLong(r.highestSeq());
            } else if (frame instanceof ControlFrame.Unknown u) {
                packer.packMapHeader(1);
                packKey(K_TYPE).packString(u.type());
            }
            return finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MessagePacker packKey(byte[] key) throws IOException {
        packer.packRawStringHeader(key.length);
        packer.writePayload(key);
        return packer;
    }

    private void packSymbol(String symbol) throws IOException {
        byte[] b = symbolBytes.get(symbol);
        if (b == null) {
            b = symbol.getBytes(StandardCharsets.UTF_8);
            if (symbolBytes.size() < MAX_SYMBOL_CACHE) {
                symbolBytes.put(symbol, b);
            }
        }
        packer.packRawStringHeader(b.length);
        packer.writePayload(b);
    }

    private void packDecimal(byte[] key, long unscaled, int scale) throws IOException {
        if (scale == ExactDecimal.ABSENT) {
            return;
        }
        packKey(key);
        int len = ExactDecimal.write(unscaled, scale, decimalScratch, 0);
        packer.packRawStringHeader(len);
        packer.writePayload(decimalScratch, 0, len);
    }

    private int finish() throws IOException {
        packer.flush();
        int body = out.size - FrameFormat.LENGTH_FIELD_BYTES;
        if (body > maxFrameBytes) {
            throw new IllegalArgumentException("frame of " + body + " bytes exceeds the maximum of " + maxFrameBytes);
        }
        byte[] b = out.bytes;
        b[0] = (byte) (body >>> 24);
        b[1] = (byte) (body >>> 16);
        b[2] = (byte) (body >>> 8);
        b[3] = (byte) body;
        return out.size;
    }

    /**
     * Packer output that appends into one growable array after a 4-byte gap for the length.
     * msgpack hands back each chunk through {@link #writeBuffer}; reusing a single chunk keeps
     * the per-frame path free of allocation.
     */
    private static final class FrameBuffer implements MessageBufferOutput {
        private final byte[] chunkBytes = new byte[8 * 1024];
        private final MessageBuffer chunk = MessageBuffer.wrap(chunkBytes);
        private MessageBuffer last = chunk;
        byte[] bytes = new byte[1024];
        int size;

        void begin() {
            size = FrameFormat.LENGTH_FIELD_BYTES;
        }

        @Override
        public MessageBuffer next(int minimumSize) {
            last = minimumSize > chunkBytes.length ? MessageBuffer.allocate(minimumSize) : chunk;
            return last;
        }

        @Override
        public void writeBuffer(int length) {
            append(last.array(), last.arrayOffset(), length);
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
            append(buffer, offset, length);
        }

        @Override
        public void add(byte[] buffer, int offset, int length) {
            append(buffer, offset, length);
        }

        private void append(byte[] src, int off, int len) {
            if (size + len > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            }
            System.arraycopy(src, off, bytes, size, len);
            size += len;
        }

        @Override
        public void close() {
        }

        @Override
        public void flush() {
        }
    }
}
