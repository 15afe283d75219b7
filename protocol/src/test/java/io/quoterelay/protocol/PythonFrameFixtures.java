package io.quoterelay.protocol;

import java.util.HexFormat;

/**
 * Frames exactly as the deployed Python sender writes them: produced by Python's msgpack 1.x
 * ({@code struct.pack(">I", len(b)) + msgpack.packb(frame)}) and pinned here as bytes.
 * Shared with other modules' tests through the test-jar.
 */
public final class PythonFrameFixtures {
    /** {seq:1, ts:1732300000123456789, symbol:"BTCUSDT", mid:97234.125, bid:97234.12, ask:97234.13, binance_ts:0} */
    public static final byte[] BTC_SEQ_1 = HexFormat.of().parseHex(
        "0000005487a373657101a27473cf180a5dac07c48d15a673796d626f6ca742544355534454a36d6964cb40f7bd2200000000"
            + "a3626964cb40f7bd21eb851eb8a361736bcb40f7bd22147ae148aa62696e616e63655f747300");
    /** {seq:4294967296, ts:1732300000999999999, symbol:"ETHUSDT", mid:3500.5, bid:3500.25, ask:3500.75, binance_ts:1732300000999} */
    public static final byte[] ETH_SEQ_2_POW_32 = HexFormat.of().parseHex(
        "0000006487a3736571cf0000000100000000a27473cf180a5dac3c0389ffa673796d626f6ca745544855534454a36d6964cb"
            + "40ab590000000000a3626964cb40ab588000000000a361736bcb40ab598000000000aa62696e616e63655f7473cf0000019355204ee7");

    private PythonFrameFixtures() {
    }

    /** A Python-format frame for any values, built the way Python's msgpack lays it out (key order, compact ints). */
    public static byte[] pythonFrame(long seq, long tsNs, String symbol, double bid, double ask, long binanceTsMs) {
        try (org.msgpack.core.MessageBufferPacker p = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(7);
            p.packString("seq").packLong(seq);
            p.packString("ts").packLong(tsNs);
            p.packString("symbol").packString(symbol);
            p.packString("mid").packDouble((bid + ask) / 2);
            p.packString("bid").packDouble(bid);
            p.packString("ask").packDouble(ask);
            p.packString("binance_ts").packLong(binanceTsMs);
            byte[] body = p.toByteArray();
            byte[] frame = new byte[4 + body.length];
            java.nio.ByteBuffer.wrap(frame).putInt(body.length).put(body);
            return frame;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
