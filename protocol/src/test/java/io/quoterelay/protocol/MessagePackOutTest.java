package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** The hand-written formats against msgpack-java's packer, the reference, at every format boundary. */
class MessagePackOutTest {
    private static final long[] LONGS = {
        0, 1, 127, 128, 255, 256, 65_535, 65_536, (1L << 32) - 1, 1L << 32, Long.MAX_VALUE,
        -1, -32, -33, -128, -129, -32_768, -32_769, Integer.MIN_VALUE, Integer.MIN_VALUE - 1L, Long.MIN_VALUE,
    };
    private static final int[] SIZES = {0, 1, 15, 16, 31, 32, 255, 256, 65_535, 65_536};
    private static final double[] DOUBLES = {
        0.0, -0.0, 1.5, 97_234.12, Double.MIN_VALUE, Double.MAX_VALUE, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
    };

    @Test
    void integersTakeTheFormatThePackerTakes() throws IOException {
        for (long v : LONGS) {
            ArrayFrameSink ours = new ArrayFrameSink(16);
            MessagePackOut.longValue(ours, v);
            try (MessageBufferPacker reference = MessagePack.newDefaultBufferPacker()) {
                reference.packLong(v);
                assertEquals(hex(reference.toByteArray()), hex(ours.toByteArray()), "long " + v);
            }
        }
    }

    @Test
    void stringAndMapHeadersTakeTheFormatThePackerTakes() throws IOException {
        for (int n : SIZES) {
            ArrayFrameSink ours = new ArrayFrameSink(16);
            MessagePackOut.stringHeader(ours, n);
            MessagePackOut.mapHeader(ours, n);
            try (MessageBufferPacker reference = MessagePack.newDefaultBufferPacker()) {
                reference.packRawStringHeader(n);
                reference.packMapHeader(n);
                assertEquals(hex(reference.toByteArray()), hex(ours.toByteArray()), "size " + n);
            }
        }
    }

    @Test
    void stringsDoublesAndBooleansAreWhatThePackerWrites() throws IOException {
        String[] strings = {"", "BTCUSDT", "ä€😀", "x".repeat(31), "y".repeat(32), "z".repeat(300)};
        ArrayFrameSink ours = new ArrayFrameSink(16);
        try (MessageBufferPacker reference = MessagePack.newDefaultBufferPacker()) {
            for (String s : strings) {
                MessagePackOut.string(ours, s);
                reference.packString(s);
                byte[] encoded = MessagePackOut.encodedString(s);
                ours.writeBytes(encoded, 0, encoded.length);
                reference.packString(s);
            }
            for (double d : DOUBLES) {
                MessagePackOut.doubleValue(ours, d);
                reference.packDouble(d);
            }
            MessagePackOut.booleanValue(ours, true);
            MessagePackOut.booleanValue(ours, false);
            reference.packBoolean(true).packBoolean(false);
            assertEquals(hex(reference.toByteArray()), hex(ours.toByteArray()));
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
