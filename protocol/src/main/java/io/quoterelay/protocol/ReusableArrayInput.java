package io.quoterelay.protocol;

import org.msgpack.core.buffer.MessageBuffer;
import org.msgpack.core.buffer.MessageBufferInput;

/**
 * A {@link MessageBufferInput} over one frame body that, unlike msgpack's {@code ArrayBufferInput}
 * (whose {@code reset} wraps the array in a new 32-byte {@link MessageBuffer} every call), reuses
 * its wrappers. Frames are copied into one scratch array at one offset and come in a handful of
 * lengths, so the wrapper last made for each length (with its array and offset) is kept and
 * reused when the next frame of that length lies at the same place; otherwise a new one replaces
 * it. Steady state: no allocation per frame.
 */
final class ReusableArrayInput implements MessageBufferInput {
    private static final int CACHED_LENGTHS = 4096;

    private final MessageBuffer[] wrappers = new MessageBuffer[CACHED_LENGTHS + 1];
    private final byte[][] arrays = new byte[CACHED_LENGTHS + 1][];
    private final int[] offsets = new int[CACHED_LENGTHS + 1];
    private MessageBuffer current;
    private boolean consumed = true;

    void reset(byte[] array, int off, int len) {
        if (len <= CACHED_LENGTHS) {
            MessageBuffer b = wrappers[len];
            if (b == null || arrays[len] != array || offsets[len] != off) {
                b = MessageBuffer.wrap(array, off, len);
                wrappers[len] = b;
                arrays[len] = array;
                offsets[len] = off;
            }
            current = b;
        } else {
            current = MessageBuffer.wrap(array, off, len);
        }
        consumed = false;
    }

    @Override
    public MessageBuffer next() {
        if (consumed) {
            return null;
        }
        consumed = true;
        return current;
    }

    @Override
    public void close() {
        current = null;
        consumed = true;
    }
}
