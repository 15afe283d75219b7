package io.quoterelay.protocol;

import java.util.Arrays;

/** A {@link FrameSink} over one array that grows as needed and is reused from index 0 by {@link #clear()}. */
final class ArrayFrameSink implements FrameSink {
    private byte[] bytes;
    private int size;

    ArrayFrameSink(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void clear() {
        size = 0;
    }

    byte[] array() {
        return bytes;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    @Override
    public int writerIndex() {
        return size;
    }

    @Override
    public void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    @Override
    public void writeShort(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    @Override
    public void writeInt(int value) {
        ensure(4);
        setInt(size, value);
        size += 4;
    }

    @Override
    public void writeLong(long value) {
        ensure(8);
        setInt(size, (int) (value >>> 32));
        setInt(size + 4, (int) value);
        size += 8;
    }

    @Override
    public void writeBytes(byte[] src, int srcIndex, int length) {
        ensure(length);
        System.arraycopy(src, srcIndex, bytes, size, length);
        size += length;
    }

    @Override
    public void setInt(int index, int value) {
        bytes[index] = (byte) (value >>> 24);
        bytes[index + 1] = (byte) (value >>> 16);
        bytes[index + 2] = (byte) (value >>> 8);
        bytes[index + 3] = (byte) value;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
