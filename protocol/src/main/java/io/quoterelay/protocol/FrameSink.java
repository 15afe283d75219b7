package io.quoterelay.protocol;

/**
 * Where {@link FrameWriter} puts a frame: bytes appended in order, multi-byte values big-endian
 * (the order of MessagePack and of the length prefix), and one write back into the length prefix
 * once the body's size is known. The methods are named as Netty's {@code ByteBuf} names them, so
 * the Netty adapter ({@link io.quoterelay.protocol.netty.FrameEncoder}) passes each call straight
 * to the outbound buffer and a quote is encoded into it with no array in between; the writer's own
 * array implements it too, for callers that want the frame as bytes.
 */
public interface FrameSink {
    /** {@return the index the next byte is written at} */
    int writerIndex();

    /** Appends the low 8 bits of {@code value}. */
    void writeByte(int value);

    /** Appends the low 16 bits of {@code value}, big-endian. */
    void writeShort(int value);

    /** Appends {@code value}, big-endian. */
    void writeInt(int value);

    /** Appends {@code value}, big-endian. */
    void writeLong(long value);

    /** Appends {@code length} bytes of {@code src} from {@code srcIndex}. */
    void writeBytes(byte[] src, int srcIndex, int length);

    /** Overwrites the four bytes at {@code index}, already written, with {@code value}, big-endian. */
    void setInt(int index, int value);
}
