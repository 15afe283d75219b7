package io.quoterelay.protocol;

import java.nio.charset.StandardCharsets;

/** Map keys on the wire. The first seven are the Python version's and must never change. */
final class WireKeys {
    // Quote keys shared with the Python version.
    static final String SEQ = "seq";
    static final String TS = "ts";
    static final String SYMBOL = "symbol";
    static final String MID = "mid";
    static final String BID = "bid";
    static final String ASK = "ask";
    static final String BINANCE_TS = "binance_ts";
    // Quote extension keys: absent in Python frames, tolerated when missing.
    static final String BID_QTY = "bid_qty";
    static final String ASK_QTY = "ask_qty";
    static final String BID_EXACT = "bid_exact";
    static final String ASK_EXACT = "ask_exact";
    static final String BID_QTY_EXACT = "bid_qty_exact";
    static final String ASK_QTY_EXACT = "ask_qty_exact";
    static final String UPDATE_ID = "u";
    static final String EVENT_MS = "event_ms";
    static final String TRADE_MS = "trade_ms";
    static final String RECV_NS = "recv_ns";
    static final String SNAPSHOT = "snapshot";
    static final String REPEAT = "repeat";
    // Control keys.
    static final String TYPE = "type";
    static final String SESSION = "session";
    static final String VERSION = "version";
    static final String ROLE = "role";
    static final String NEXT_SEQ = "next_seq";
    static final String SENT_NS = "sent_ns";
    static final String T1 = "t1";
    static final String T2 = "t2";
    static final String T3 = "t3";
    static final String UPSTREAM = "upstream";
    static final String CONFLATED = "conflated";
    static final String REPEATS = "repeats";
    static final String HIGHEST_SEQ = "highest_seq";

    /** Every key the reader recognises, indexed by {@link #id(byte[], int)}. */
    static final String[] ALL = {
        SEQ, TS, SYMBOL, MID, BID, ASK, BINANCE_TS, BID_QTY, ASK_QTY, BID_EXACT, ASK_EXACT,
        BID_QTY_EXACT, ASK_QTY_EXACT, UPDATE_ID, EVENT_MS, TRADE_MS, RECV_NS, SNAPSHOT, REPEAT,
        TYPE, SESSION, VERSION, ROLE, NEXT_SEQ, SENT_NS, T1, T2, T3, UPSTREAM, CONFLATED, REPEATS,
        HIGHEST_SEQ
    };
    static final int UNKNOWN = -1;
    static final int MAX_KEY_BYTES = 16;

    private static final byte[][] BYTES = new byte[ALL.length][];

    static {
        for (int i = 0; i < ALL.length; i++) {
            BYTES[i] = ALL[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private WireKeys() {
    }

    /** Index into {@link #ALL} of the key held in {@code buf[0..len)}, or {@link #UNKNOWN}; allocates nothing. */
    static int id(byte[] buf, int len) {
        outer:
        for (int i = 0; i < BYTES.length; i++) {
            byte[] k = BYTES[i];
            if (k.length != len) {
                continue;
            }
            for (int j = 0; j < len; j++) {
                if (k[j] != buf[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return UNKNOWN;
    }
}
