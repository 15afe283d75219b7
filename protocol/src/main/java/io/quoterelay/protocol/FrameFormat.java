package io.quoterelay.protocol;

/**
 * The relay's wire format: one frame per message, each a length prefix and one MessagePack map.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |               N: body length, uint32, big-endian              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           body: N bytes holding exactly one MessagePack map  ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>A map holding {@code ts} is a quote (this is how the earlier Python receiver decides, so it
 * stays the rule); a map holding {@code type} and no {@code ts} is a control frame. Unknown keys
 * are skipped, so either side may add keys without breaking the other. N above the configured
 * maximum is a protocol error: the connection is closed and N bytes are never allocated.
 */
public final class FrameFormat {
    public static final int LENGTH_FIELD_BYTES = 4;
    /** Default upper bound of N. A quote is about 250 bytes; 64 KiB leaves room without inviting abuse. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Version carried in hello frames; a peer with a higher major version is refused. */
    public static final int PROTOCOL_VERSION = 1;

    private FrameFormat() {
    }
}
