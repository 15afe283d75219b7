package io.quoterelay.protocol.netty;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.quoterelay.protocol.FrameFormat;

/** Adds the relay's framing to a pipeline: length prefix, bounded frame size, MessagePack body. */
public final class Framing {
    public static final String LENGTH_DECODER = "frameLength";
    public static final String FRAME_DECODER = "frameDecoder";
    public static final String FRAME_ENCODER = "frameEncoder";

    private Framing() {
    }

    /**
     * Installs the decoders and the encoder at the end of the pipeline. A length above
     * {@code maxFrameBytes} raises {@link io.netty.handler.codec.TooLongFrameException} at once
     * (fail-fast), before any of the frame is buffered, so a hostile length never allocates.
     */
    public static void install(ChannelPipeline pipeline, int maxFrameBytes) {
        pipeline.addLast(LENGTH_DECODER, new LengthFieldBasedFrameDecoder(
            maxFrameBytes + FrameFormat.LENGTH_FIELD_BYTES, 0, FrameFormat.LENGTH_FIELD_BYTES, 0,
            FrameFormat.LENGTH_FIELD_BYTES, true));
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes));
        pipeline.addLast(FRAME_ENCODER, new FrameEncoder(maxFrameBytes));
    }
}
