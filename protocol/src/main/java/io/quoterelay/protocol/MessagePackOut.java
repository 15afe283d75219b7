package io.quoterelay.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The part of MessagePack the relay writes (maps, strings, integers, float64, booleans), into a
 * {@link FrameSink}, byte for byte as msgpack-java's {@code MessagePacker} writes it: the smallest
 * integer format for the value, str8 for strings of 32 to 255 bytes, float64 for every double. The
 * library's packer writes only into its own buffers (wrapping a Netty buffer's memory would cost an
 * object per frame, or {@code --add-opens} for direct memory), so the sender's quote path writes
 * these few formats itself; {@code MessagePackOutTest} holds the library as the reference.
 */
final class MessagePackOut {
    private static final int FIXMAP = 0x80;
    private static final int MAP16 = 0xde;
    private static final int MAP32 = 0xdf;
    private static final int FIXSTR = 0xa0;
    private static final int STR8 = 0xd9;
    private static final int STR16 = 0xda;
    private static final int STR32 = 0xdb;
    private static final int FALSE = 0xc2;
    private static final int TRUE = 0xc3;
    private static final int FLOAT64 = 0xcb;
    private static final int UINT8 = 0xcc;
    private static final int UINT16 = 0xcd;
    private static final int UINT32 = 0xce;
    private static final int UINT64 = 0xcf;
    private static final int INT8 = 0xd0;
    private static final int INT16 = 0xd1;
    private static final int INT32 = 0xd2;
    private static final int INT64 = 0xd3;

    private MessagePackOut() {
    }

    static void mapHeader(FrameSink out, int entries) {
        if (entries < (1 << 4)) {
            out.writeByte(FIXMAP | entries);
        } else if (entries < (1 << 16)) {
            out.writeByte(MAP16);
            out.writeShort(entries);
        } else {
            out.writeByte(MAP32);
            out.writeInt(entries);
        }
    }

    static void stringHeader(FrameSink out, int length) {
        if (length < (1 << 5)) {
            out.writeByte(FIXSTR | length);
        } else if (length < (1 << 8)) {
            out.writeByte(STR8);
            out.writeByte(length);
        } else if (length < (1 << 16)) {
            out.writeByte(STR16);
            out.writeShort(length);
        } else {
            out.writeByte(STR32);
            out.writeInt(length);
        }
    }

    /** A string's UTF-8 bytes as one string value, header included: encoded once, written as is. */
    static byte[] encodedString(String s) {
        ArrayFrameSink buffer = new ArrayFrameSink(s.length() * 3 + 5);
        string(buffer, s);
        return buffer.toByteArray();
    }

    static void string(FrameSink out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        stringHeader(out, utf8.length);
        out.writeBytes(utf8, 0, utf8.length);
    }

    static void longValue(FrameSink out, long v) {
        if (v < -(1L << 5)) {
            if (v < -(1L << 15)) {
                if (v < -(1L << 31)) {
                    out.writeByte(INT64);
                    out.writeLong(v);
                } else {
                    out.writeByte(INT32);
                    out.writeInt((int) v);
                }
            } else if (v < -(1 << 7)) {
                out.writeByte(INT16);
                out.writeShort((int) v);
            } else {
                out.writeByte(INT8);
                out.writeByte((int) v);
            }
        } else if (v < (1 << 7)) {
            out.writeByte((int) v); // positive or negative fixint
        } else if (v < (1L << 16)) {
            if (v < (1 << 8)) {
                out.writeByte(UINT8);
                out.writeByte((int) v);
            } else {
                out.writeByte(UINT16);
                out.writeShort((int) v);
            }
        } else if (v < (1L << 32)) {
            out.writeByte(UINT32);
            out.writeInt((int) v);
        } else {
            out.writeByte(UINT64);
            out.writeLong(v);
        }
    }

    static void doubleValue(FrameSink out, double v) {
        out.writeByte(FLOAT64);
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    static void booleanValue(FrameSink out, boolean v) {
        out.writeByte(v ? TRUE : FALSE);
    }
}
