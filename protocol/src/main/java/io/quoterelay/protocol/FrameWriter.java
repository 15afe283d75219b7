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
            packer.packString(WireKeys.SEQ).packLong(q.seq());
            packer.packString(WireKeys.TS).packLong(q.sendTimeNs());
            packer.packString(WireKeys.SYMBOL);
            packSymbol(q.symbol());
            packer.packString(WireKeys.MID).packDouble(q.mid());
            packer.packString(WireKeys.BID).packDouble(q.bid());
            packer.packString(WireKeys.ASK).packDouble(q.ask());
            packer.packString(WireKeys.BINANCE_TS).packLong(q.binanceTsMs());
            if (!Double.isNaN(q.bidQty())) {
                packer.packString(WireKeys.BID_QTY).packDouble(q.bidQty());
            }
            if (!Double.isNaN(q.askQty())) {
                packer.packString(WireKeys.ASK_QTY).packDouble(q.askQty());
            }
            packDecimal(WireKeys.BID_EXACT, q.bidUnscaled(), q.bidScale());
            packDecimal(WireKeys.ASK_EXACT, q.askUnscaled(), q.askScale());
            packDecimal(WireKeys.BID_QTY_EXACT, q.bidQtyUnscaled(), q.bidQtyScale());
            packDecimal(WireKeys.ASK_QTY_EXACT, q.askQtyUnscaled(), q.askQtyScale());
            if (q.updateId() >= 0) {
                packer.packString(WireKeys.UPDATE_ID).packLong(q.updateId());
            }
            if (q.eventTimeMs() != QuoteFrame.ABSENT_TIME) {
                packer.packString(WireKeys.EVENT_MS).packLong(q.eventTimeMs());
            }
            if (q.transactionTimeMs() != QuoteFrame.ABSENT_TIME) {
                packer.packString(WireKeys.TRADE_MS).packLong(q.transactionTimeMs());
            }
            if (q.senderReceiveTimeNs() != QuoteFrame.ABSENT_TIME) {
                packer.packString(WireKeys.RECV_NS).packLong(q.senderReceiveTimeNs());
            }
            if (q.snapshot()) {
                packer.packString(WireKeys.SNAPSHOT).packBoolean(true);
            }
            if (q.repeat()) {
                packer.packString(WireKeys.REPEAT).packBoolean(true);
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
                packer.packString(WireKeys.TYPE).packString(ControlTypes.HELLO);
                packer.packString(WireKeys.ROLE).packString(h.role().wireName());
                packer.packString(WireKeys.SESSION).packLong(h.sessionId());
                packer.packString(WireKeys.VERSION).packLong(h.version());
                packer.packString(WireKeys.NEXT_SEQ).packLong(h.nextSeq());
            } else if (frame instanceof ControlFrame.Heartbeat hb) {
                packer.packMapHeader(2);
                packer.packString(WireKeys.TYPE).packString(ControlTypes.HEARTBEAT);
                packer.packString(WireKeys.SENT_NS).packLong(hb.sentNs());
            } else if (frame instanceof ControlFrame.ClockPing p) {
                packer.packMapHeader(2);
                packer.packString(WireKeys.TYPE).packString(ControlTypes.CLOCK_PING);
                packer.packString(WireKeys.T1).packLong(p.t1());
            } else if (frame instanceof ControlFrame.ClockPong p) {
                packer.packMapHeader(4);
                packer.packString(WireKeys.TYPE).packString(ControlTypes.CLOCK_PONG);
                packer.packString(WireKeys.T1).packLong(p.t1());
                packer.packString(WireKeys.T2).packLong(p.t2());
                packer.packString(WireKeys.T3).packLong(p.t3());
            } else if (frame instanceof ControlFrame.SessionReport r) {
                packer.packMapHeader(5);
                packer.packString(WireKeys.TYPE).packString(ControlTypes.SESSION_REPORT);
                packer.packString(WireKeys.UPSTREAM).packLong(r.upstream());
                packer.packString(WireKeys.CONFLATED).packLong(r.conflated());
                packer.packString(WireKeys.REPEATS).packLong(r.repeats());
                packer.packString(WireKeys.HIGHEST_SEQ).packLong(r.highestSeq());
            } else if (frame instanceof ControlFrame.Unknown u) {
                packer.packMapHeader(1);
                packer.packString(WireKeys.TYPE).packString(u.type());
            }
            return finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    private void packDecimal(String key, long unscaled, int scale) throws IOException {
        if (scale == ExactDecimal.ABSENT) {
            return;
        }
        packer.packString(key);
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
