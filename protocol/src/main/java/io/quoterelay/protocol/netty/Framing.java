package io.quoterelay.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
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
        pipeline.addLast(LENGTH_DECODER, new ReusedFrameLengthDecoder(maxFrameBytes));
        pipeline.addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes));
        pipeline.addLast(FRAME_ENCODER, new FrameEncoder(maxFrameBytes));
    }

    /**
     * Netty's length-field framing, except that each frame body is copied into one heap buffer
     * reused for the connection's life instead of handed on as a new slice object of the
     * cumulation (one {@code UnpooledSlicedByteBuf} per frame, seen in the receiver's allocation
     * profile). Safe because the decoder passes each frame on (and {@link FrameDecoder} releases
     * it) before it extracts the next. The buffer starts small and grows only up to the bound.
     */
    static final class ReusedFrameLengthDecoder extends LengthFieldBasedFrameDecoder {
        private static final int INITIAL_BYTES = 1024;
        private final ByteBuf frame;

        ReusedFrameLengthDecoder(int maxFrameBytes) {
            super(maxFrameBytes + FrameFormat.LENGTH_FIELD_BYTES, 0, FrameFormat.LENGTH_FIELD_BYTES, 0,
                FrameFormat.LENGTH_FIELD_BYTES, true);
            frame = Unpooled.buffer(Math.min(INITIAL_BYTES, maxFrameBytes), maxFrameBytes);
        }

        @Override
        protected ByteBuf extractFrame(ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
            frame.clear();
            frame.ensureWritable(length);
            buffer.getBytes(index, frame, length);
            return frame.retain();
        }

        @Override
        protected void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
            frame.release();
            super.handlerRemoved0(ctx);
        }
    }
}
