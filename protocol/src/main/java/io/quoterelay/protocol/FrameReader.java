package io.quoterelay.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;

/**
 * Decodes one frame body (the N bytes after the length) into a reused {@link QuoteFrame} or a
 * {@link ControlFrame}. Pure: no I/O, no Netty. Anything that is not a well-formed map of the
 * expected types throws {@link MalformedFrameException} with a message naming what was wrong.
 * One reader per connection (it keeps scratch state).
 */
public final class FrameReader {

    /** What {@link #read} found. */
    public enum Kind {
        /** A quote, written into the caller's {@link QuoteFrame}. */
        QUOTE,
        /** A control frame, available from {@link #control()}. */
        CONTROL,
        /** A valid map with neither {@code ts} nor {@code type}: ignored, as the Python receiver does. */
        IGNORED
    }

    private static final int MAX_TEXT_BYTES = 256;

    private final ReusableArrayInput input = new ReusableArrayInput();
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(input);
    private final byte[] text = new byte[MAX_TEXT_BYTES];
    private final SymbolTable symbols = new SymbolTable();
    private ControlFrame control;

    // Control fields, gathered before the record is built (keys may come in any order).
    private String type;
    private String role;
    private long session;
    private long version;
    private long nextSeq;
    private long sentNs;
    private long t1;
    private long t2;
    private long t3;
    private long upstream;
    private long conflated;
    private long repeats;
    private long highestSeq;
    private long seen;

    public ControlFrame control() {
        return control;
    }

    public Kind read(byte[] body, int off, int len, QuoteFrame quote) {
        try {
            input.reset(body, off, len);
            unpacker.reset(input);
            return readMap(quote);
        } catch (MalformedFrameException e) {
            throw e;
        } catch (IOException | MessagePackException e) {
            throw new MalformedFrameException("invalid MessagePack: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            throw new MalformedFrameException(e.getMessage(), e);
        }
    }

    private Kind readMap(QuoteFrame q) throws IOException {
        if (!unpacker.hasNext()) {
            throw new MalformedFrameException("empty frame body");
        }
        MessageFormat f = unpacker.getNextFormat();
        if (f.getValueType() != org.msgpack.value.ValueType.MAP) {
            throw new MalformedFrameException("frame body is a " + f.getValueType() + ", not a MessagePack map");
        }
        int entries = unpacker.unpackMapHeader();
        q.clear();
        type = null;
        role = null;
        seen = 0;
        // Keys may come in any order, and a frame's kind shows only at the end (a ts key makes it a
        // quote): each value goes where its key says, quote keys into q, control keys into fields.
        for (int i = 0; i < entries; i++) {
            int key = readKey();
            if (key == WireKeys.UNKNOWN) {
                unpacker.skipValue();
                continue;
            }
            seen |= 1L << key;
            if (!readQuoteValue(key, q)) {
                readControlValue(key);
            }
        }
        if (unpacker.hasNext()) {
            throw new MalformedFrameException("trailing bytes after the map");
        }
        if (has(WireKeys.TS)) {
            completeQuote(q);
            return Kind.QUOTE;
        }
        if (type == null) {
            return Kind.IGNORED;
        }
        control = buildControl();
        return Kind.CONTROL;
    }

    /** Reads the value of {@code key} into {@code q} when it is a quote key; false (nothing read) otherwise. */
    private boolean readQuoteValue(int key, QuoteFrame q) throws IOException {
        switch (WireKeys.ALL[key]) {
            case WireKeys.SEQ -> q.seq(readLong(key));
            case WireKeys.TS -> q.sendTimeNs(readLong(key));
            case WireKeys.SYMBOL -> q.symbol(readSymbol(key));
            case WireKeys.MID -> q.mid(readDouble(key));
            case WireKeys.BID -> q.bid(readDouble(key));
            case WireKeys.ASK -> q.ask(readDouble(key));
            case WireKeys.BINANCE_TS -> {
                long v = readLong(key);
                if (q.eventTimeMs() == QuoteFrame.ABSENT_TIME) {
                    q.eventTimeMs(v);
                }
            }
            case WireKeys.BID_QTY -> q.bidQty(readDouble(key));
            case WireKeys.ASK_QTY -> q.askQty(readDouble(key));
            case WireKeys.BID_EXACT -> {
                int n = readText(key);
                q.bidExact(ExactDecimal.unscaled(text, 0, n), ExactDecimal.scale(text, 0, n));
            }
            case WireKeys.ASK_EXACT -> {
                int n = readText(key);
                q.askExact(ExactDecimal.unscaled(text, 0, n), ExactDecimal.scale(text, 0, n));
            }
            case WireKeys.BID_QTY_EXACT -> {
                int n = readText(key);
                q.bidQtyExact(ExactDecimal.unscaled(text, 0, n), ExactDecimal.scale(text, 0, n));
            }
            case WireKeys.ASK_QTY_EXACT -> {
                int n = readText(key);
                q.askQtyExact(ExactDecimal.unscaled(text, 0, n), ExactDecimal.scale(text, 0, n));
            }
            case WireKeys.UPDATE_ID -> q.updateId(readLong(key));
            // event_ms is the exact field; binance_ts (same value, Python's name) only fills in when it is absent.
            case WireKeys.EVENT_MS -> q.eventTimeMs(readLong(key));
            case WireKeys.TRADE_MS -> q.transactionTimeMs(readLong(key));
            case WireKeys.RECV_NS -> q.senderReceiveTimeNs(readLong(key));
            case WireKeys.SNAPSHOT -> q.snapshot(readBoolean(key));
            case WireKeys.REPEAT -> q.repeat(readBoolean(key));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Reads the value of the control key {@code key} into this reader's control fields. */
    private void readControlValue(int key) throws IOException {
        switch (WireKeys.ALL[key]) {
            case WireKeys.TYPE -> type = new String(text, 0, readText(key), StandardCharsets.UTF_8);
            case WireKeys.ROLE -> role = new String(text, 0, readText(key), StandardCharsets.UTF_8);
            case WireKeys.SESSION -> session = readLong(key);
            case WireKeys.VERSION -> version = readLong(key);
            case WireKeys.NEXT_SEQ -> nextSeq = readLong(key);
            case WireKeys.SENT_NS -> sentNs = readLong(key);
            case WireKeys.T1 -> t1 = readLong(key);
            case WireKeys.T2 -> t2 = readLong(key);
            case WireKeys.T3 -> t3 = readLong(key);
            case WireKeys.UPSTREAM -> upstream = readLong(key);
            case WireKeys.CONFLATED -> conflated = readLong(key);
            case WireKeys.REPEATS -> repeats = readLong(key);
            case WireKeys.HIGHEST_SEQ -> highestSeq = readLong(key);
            default -> throw new IllegalStateException("unhandled key " + WireKeys.ALL[key]);
        }
    }

    /** A frame with {@code ts}: checks the keys every quote has, and derives the mid when the peer left it out. */
    private void completeQuote(QuoteFrame q) {
        require(WireKeys.SEQ, "quote");
        require(WireKeys.SYMBOL, "quote");
        require(WireKeys.BID, "quote");
        require(WireKeys.ASK, "quote");
        if (q.seq() < 0) {
            throw new MalformedFrameException("quote seq " + q.seq() + " is negative");
        }
        if (!has(WireKeys.MID)) {
            q.mid((q.bid() + q.ask()) * 0.5);
        }
    }

    private ControlFrame buildControl() {
        switch (type) {
            case ControlTypes.HELLO -> {
                require(WireKeys.ROLE, "hello");
                require(WireKeys.SESSION, "hello");
                require(WireKeys.VERSION, "hello");
                return new ControlFrame.Hello(ControlFrame.Role.fromWire(role), session, (int) version,
                    has(WireKeys.NEXT_SEQ) ? nextSeq : 1);
            }
            case ControlTypes.HEARTBEAT -> {
                return new ControlFrame.Heartbeat(has(WireKeys.SENT_NS) ? sentNs : 0);
            }
            case ControlTypes.CLOCK_PING -> {
                require(WireKeys.T1, "clock_ping");
                return new ControlFrame.ClockPing(t1);
            }
            case ControlTypes.CLOCK_PONG -> {
                require(WireKeys.T1, "clock_pong");
                require(WireKeys.T2, "clock_pong");
                require(WireKeys.T3, "clock_pong");
                return new ControlFrame.ClockPong(t1, t2, t3);
            }
            case ControlTypes.SESSION_REPORT -> {
                require(WireKeys.UPSTREAM, "session_report");
                require(WireKeys.CONFLATED, "session_report");
                return new ControlFrame.SessionReport(upstream, conflated, repeats, highestSeq);
            }
            default -> {
                return new ControlFrame.Unknown(type);
            }
        }
    }

    private boolean has(String key) {
        for (int i = 0; i < WireKeys.ALL.length; i++) {
            if (WireKeys.ALL[i].equals(key)) {
                return (seen & (1L << i)) != 0;
            }
        }
        return false;
    }

    private void require(String key, String what) {
        if (!has(key)) {
            throw new MalformedFrameException(what + " frame lacks the key '" + key + "'");
        }
    }

    /** Reads a map key; returns its id or {@link WireKeys#UNKNOWN} (then its value is still unread). */
    private int readKey() throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        if (f.getValueType() != org.msgpack.value.ValueType.STRING) {
            unpacker.skipValue();
            return WireKeys.UNKNOWN;
        }
        int len = unpacker.unpackRawStringHeader();
        if (len > WireKeys.MAX_KEY_BYTES) {
            unpacker.readPayloadAsReference(len);
            return WireKeys.UNKNOWN;
        }
        unpacker.readPayload(text, 0, len);
        return WireKeys.id(text, len);
    }

    private long readLong(int key) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        if (f.getValueType() != org.msgpack.value.ValueType.INTEGER) {
            throw wrongType(key, "an integer", f);
        }
        return unpacker.unpackLong();
    }

    private double readDouble(int key) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        return switch (f.getValueType()) {
            case FLOAT -> unpacker.unpackDouble();
            case INTEGER -> unpacker.unpackLong();
            default -> throw wrongType(key, "a number", f);
        };
    }

    private boolean readBoolean(int key) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        if (f.getValueType() != org.msgpack.value.ValueType.BOOLEAN) {
            throw wrongType(key, "a boolean", f);
        }
        return unpacker.unpackBoolean();
    }

    private int readText(int key) throws IOException {
        MessageFormat f = unpacker.getNextFormat();
        if (f.getValueType() != org.msgpack.value.ValueType.STRING) {
            throw wrongType(key, "a string", f);
        }
        int len = unpacker.unpackRawStringHeader();
        if (len > MAX_TEXT_BYTES) {
            throw new MalformedFrameException("value of '" + WireKeys.ALL[key] + "' is " + len
                + " bytes long, more than " + MAX_TEXT_BYTES);
        }
        unpacker.readPayload(text, 0, len);
        return len;
    }

    private String readSymbol(int key) throws IOException {
        int len = readText(key);
        if (len == 0) {
            throw new MalformedFrameException("empty symbol");
        }
        return symbols.lookup(text, len);
    }

    private MalformedFrameException wrongType(int key, String expected, MessageFormat got) {
        return new MalformedFrameException("value of '" + WireKeys.ALL[key] + "' must be " + expected
            + ", got " + got.getValueType());
    }
}
