package io.quoterelay.protocol;

import java.util.HashMap;
import java.util.Map;

/**
 * Encodes messages into complete frames (length prefix included): into any {@link FrameSink}
 * (the sender's Netty encoder passes its outbound buffer, so a quote goes from its
 * {@link QuoteFrame} straight into the buffer the TLS handler reads), or into an array this writer
 * owns and reuses ({@link #encodeQuote(QuoteFrame)}, then {@code buffer()[0 .. returned length)},
 * overwritten by the next call). One writer per thread; it allocates nothing per quote once the
 * symbols are known.
 */
public final class FrameWriter {
    private static final int MAX_SYMBOL_CACHE = 4096;
    // Each key as its complete MessagePack string, encoded once.
    private static final byte[] K_T1 = MessagePackOut.encodedString(WireKeys.T1);
    private static final byte[] K_T2 = MessagePackOut.encodedString(WireKeys.T2);
    private static final byte[] K_T3 = MessagePackOut.encodedString(WireKeys.T3);
    private static final byte[] K_ASK = MessagePackOut.encodedString(WireKeys.ASK);
    private static final byte[] K_ASK_EXACT = MessagePackOut.encodedString(WireKeys.ASK_EXACT);
    private static final byte[] K_ASK_QTY = MessagePackOut.encodedString(WireKeys.ASK_QTY);
    private static final byte[] K_ASK_QTY_EXACT = MessagePackOut.encodedString(WireKeys.ASK_QTY_EXACT);
    private static final byte[] K_BID = MessagePackOut.encodedString(WireKeys.BID);
    private static final byte[] K_BID_EXACT = MessagePackOut.encodedString(WireKeys.BID_EXACT);
    private static final byte[] K_BID_QTY = MessagePackOut.encodedString(WireKeys.BID_QTY);
    private static final byte[] K_BID_QTY_EXACT = MessagePackOut.encodedString(WireKeys.BID_QTY_EXACT);
    private static final byte[] K_BINANCE_TS = MessagePackOut.encodedString(WireKeys.BINANCE_TS);
    private static final byte[] K_CONFLATED = MessagePackOut.encodedString(WireKeys.CONFLATED);
    private static final byte[] K_EVENT_MS = MessagePackOut.encodedString(WireKeys.EVENT_MS);
    private static final byte[] K_HIGHEST_SEQ = MessagePackOut.encodedString(WireKeys.HIGHEST_SEQ);
    private static final byte[] K_MID = MessagePackOut.encodedString(WireKeys.MID);
    private static final byte[] K_NEXT_SEQ = MessagePackOut.encodedString(WireKeys.NEXT_SEQ);
    private static final byte[] K_RECV_NS = MessagePackOut.encodedString(WireKeys.RECV_NS);
    private static final byte[] K_REPEAT = MessagePackOut.encodedString(WireKeys.REPEAT);
    private static final byte[] K_REPEATS = MessagePackOut.encodedString(WireKeys.REPEATS);
    private static final byte[] K_ROLE = MessagePackOut.encodedString(WireKeys.ROLE);
    private static final byte[] K_SENT_NS = MessagePackOut.encodedString(WireKeys.SENT_NS);
    private static final byte[] K_SEQ = MessagePackOut.encodedString(WireKeys.SEQ);
    private static final byte[] K_SESSION = MessagePackOut.encodedString(WireKeys.SESSION);
    private static final byte[] K_SNAPSHOT = MessagePackOut.encodedString(WireKeys.SNAPSHOT);
    private static final byte[] K_SYMBOL = MessagePackOut.encodedString(WireKeys.SYMBOL);
    private static final byte[] K_TRADE_MS = MessagePackOut.encodedString(WireKeys.TRADE_MS);
    private static final byte[] K_TS = MessagePackOut.encodedString(WireKeys.TS);
    private static final byte[] K_TYPE = MessagePackOut.encodedString(WireKeys.TYPE);
    private static final byte[] K_UPDATE_ID = MessagePackOut.encodedString(WireKeys.UPDATE_ID);
    private static final byte[] K_UPSTREAM = MessagePackOut.encodedString(WireKeys.UPSTREAM);
    private static final byte[] K_VERSION = MessagePackOut.encodedString(WireKeys.VERSION);

    private final int maxFrameBytes;
    private final ArrayFrameSink array = new ArrayFrameSink(1024);
    /** Each symbol as its complete MessagePack string. */
    private final Map<String, byte[]> symbols = new HashMap<>();
    private final byte[] decimalScratch = new byte[ExactDecimal.MAX_DIGITS + 2];

    public FrameWriter() {
        this(FrameFormat.DEFAULT_MAX_FRAME_BYTES);
    }

    public FrameWriter(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    /** {@return the array the last {@link #encodeQuote(QuoteFrame)} or {@link #encodeControl(ControlFrame)} wrote} */
    public byte[] buffer() {
        return array.array();
    }

    /** Encodes a quote into this writer's array; returns the frame's length. */
    public int encodeQuote(QuoteFrame q) {
        array.clear();
        return encodeQuote(q, array);
    }

    /** Encodes a control frame into this writer's array; returns the frame's length. */
    public int encodeControl(ControlFrame frame) {
        array.clear();
        return encodeControl(frame, array);
    }

    /**
     * Appends a quote's frame to {@code out}; returns its length. The Python version's seven keys
     * come first and always; the extensions follow only when the quote has them, so a Python
     * receiver sees the map it always saw.
     *
     * @throws IllegalArgumentException when the body exceeds the maximum frame size (what was
     *                                  appended to {@code out} is then not a frame)
     */
    public int encodeQuote(QuoteFrame q, FrameSink out) {
        int start = begin(out);
        int extensions = (Double.isNaN(q.bidQty()) ? 0 : 1) + (Double.isNaN(q.askQty()) ? 0 : 1)
            + (q.bidScale() == ExactDecimal.ABSENT ? 0 : 1) + (q.askScale() == ExactDecimal.ABSENT ? 0 : 1)
            + (q.bidQtyScale() == ExactDecimal.ABSENT ? 0 : 1) + (q.askQtyScale() == ExactDecimal.ABSENT ? 0 : 1)
            + (q.updateId() < 0 ? 0 : 1) + (q.eventTimeMs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
            + (q.transactionTimeMs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
            + (q.senderReceiveTimeNs() == QuoteFrame.ABSENT_TIME ? 0 : 1)
            + (q.snapshot() ? 1 : 0) + (q.repeat() ? 1 : 0);
        MessagePackOut.mapHeader(out, 7 + extensions);
        longEntry(out, K_SEQ, q.seq());
        longEntry(out, K_TS, q.sendTimeNs());
        key(out, K_SYMBOL);
        key(out, symbol(q.symbol()));
        doubleEntry(out, K_MID, q.mid());
        doubleEntry(out, K_BID, q.bid());
        doubleEntry(out, K_ASK, q.ask());
        longEntry(out, K_BINANCE_TS, q.binanceTsMs());
        if (!Double.isNaN(q.bidQty())) {
            doubleEntry(out, K_BID_QTY, q.bidQty());
        }
        if (!Double.isNaN(q.askQty())) {
            doubleEntry(out, K_ASK_QTY, q.askQty());
        }
        decimalEntry(out, K_BID_EXACT, q.bidUnscaled(), q.bidScale());
        decimalEntry(out, K_ASK_EXACT, q.askUnscaled(), q.askScale());
        decimalEntry(out, K_BID_QTY_EXACT, q.bidQtyUnscaled(), q.bidQtyScale());
        decimalEntry(out, K_ASK_QTY_EXACT, q.askQtyUnscaled(), q.askQtyScale());
        if (q.updateId() >= 0) {
            longEntry(out, K_UPDATE_ID, q.updateId());
        }
        if (q.eventTimeMs() != QuoteFrame.ABSENT_TIME) {
            longEntry(out, K_EVENT_MS, q.eventTimeMs());
        }
        if (q.transactionTimeMs() != QuoteFrame.ABSENT_TIME) {
            longEntry(out, K_TRADE_MS, q.transactionTimeMs());
        }
        if (q.senderReceiveTimeNs() != QuoteFrame.ABSENT_TIME) {
            longEntry(out, K_RECV_NS, q.senderReceiveTimeNs());
        }
        if (q.snapshot()) {
            key(out, K_SNAPSHOT);
            MessagePackOut.booleanValue(out, true);
        }
        if (q.repeat()) {
            key(out, K_REPEAT);
            MessagePackOut.booleanValue(out, true);
        }
        return finish(out, start);
    }

    /**
     * Appends a control frame to {@code out}; returns its length.
     *
     * @throws IllegalArgumentException when the body exceeds the maximum frame size
     */
    public int encodeControl(ControlFrame frame, FrameSink out) {
        int start = begin(out);
        if (frame instanceof ControlFrame.Hello h) {
            MessagePackOut.mapHeader(out, 5);
            typeEntry(out, ControlTypes.HELLO);
            key(out, K_ROLE);
            MessagePackOut.string(out, h.role().wireName());
            longEntry(out, K_SESSION, h.sessionId());
            longEntry(out, K_VERSION, h.version());
            longEntry(out, K_NEXT_SEQ, h.nextSeq());
        } else if (frame instanceof ControlFrame.Heartbeat hb) {
            MessagePackOut.mapHeader(out, 2);
            typeEntry(out, ControlTypes.HEARTBEAT);
            longEntry(out, K_SENT_NS, hb.sentNs());
        } else if (frame instanceof ControlFrame.ClockPing p) {
            MessagePackOut.mapHeader(out, 2);
            typeEntry(out, ControlTypes.CLOCK_PING);
            longEntry(out, K_T1, p.t1());
        } else if (frame instanceof ControlFrame.ClockPong p) {
            MessagePackOut.mapHeader(out, 4);
            typeEntry(out, ControlTypes.CLOCK_PONG);
            longEntry(out, K_T1, p.t1());
            longEntry(out, K_T2, p.t2());
            longEntry(out, K_T3, p.t3());
        } else if (frame instanceof ControlFrame.SessionReport r) {
            MessagePackOut.mapHeader(out, 5);
            typeEntry(out, ControlTypes.SESSION_REPORT);
            longEntry(out, K_UPSTREAM, r.upstream());
            longEntry(out, K_CONFLATED, r.conflated());
            longEntry(out, K_REPEATS, r.repeats());
            longEntry(out, K_HIGHEST_SEQ, r.highestSeq());
        } else if (frame instanceof ControlFrame.Unknown u) {
            MessagePackOut.mapHeader(out, 1);
            typeEntry(out, u.type());
        }
        return finish(out, start);
    }

    private static int begin(FrameSink out) {
        int start = out.writerIndex();
        out.writeInt(0); // the length, set by finish once the body is written
        return start;
    }

    private int finish(FrameSink out, int start) {
        int frame = out.writerIndex() - start;
        int body = frame - FrameFormat.LENGTH_FIELD_BYTES;
        if (body > maxFrameBytes) {
            throw new IllegalArgumentException("frame of " + body + " bytes exceeds the maximum of " + maxFrameBytes);
        }
        out.setInt(start, body);
        return frame;
    }

    private static void key(FrameSink out, byte[] encoded) {
        out.writeBytes(encoded, 0, encoded.length);
    }

    private static void longEntry(FrameSink out, byte[] key, long value) {
        key(out, key);
        MessagePackOut.longValue(out, value);
    }

    private static void doubleEntry(FrameSink out, byte[] key, double value) {
        key(out, key);
        MessagePackOut.doubleValue(out, value);
    }

    private static void typeEntry(FrameSink out, String type) {
        key(out, K_TYPE);
        MessagePackOut.string(out, type);
    }

    private void decimalEntry(FrameSink out, byte[] key, long unscaled, int scale) {
        if (scale == ExactDecimal.ABSENT) {
            return;
        }
        key(out, key);
        int len = ExactDecimal.write(unscaled, scale, decimalScratch, 0);
        MessagePackOut.stringHeader(out, len);
        out.writeBytes(decimalScratch, 0, len);
    }

    private byte[] symbol(String symbol) {
        byte[] encoded = symbols.get(symbol);
        if (encoded == null) {
            encoded = MessagePackOut.encodedString(symbol);
            if (symbols.size() < MAX_SYMBOL_CACHE) {
                symbols.put(symbol, encoded);
            }
        }
        return encoded;
    }
}
