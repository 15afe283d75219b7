package io.quoterelay.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameSink;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;

/**
 * Encodes {@link QuoteFrame}s and {@link ControlFrame}s written on the channel's event loop into
 * complete frames, straight into the outbound buffer (no array in between). A QuoteFrame is
 * mutable and encoded during the write call, so the writer may reuse it once {@code write}
 * returns; it may only be written from the event loop (or copied first). Already-encoded frames
 * ({@link ByteBuf}) pass through untouched.
 */
public final class FrameEncoder extends MessageToByteEncoder<Object> {
    /**
     * Room for a full quote (about 300 bytes with every extension and a long symbol), so the
     * buffer never grows, and copies what it holds, in the middle of a frame.
     */
    static final int FRAME_BUFFER_BYTES = 512;

    private final FrameWriter writer;
    private final ByteBufSink sink = new ByteBufSink();

    public FrameEncoder(int maxFrameBytes) {
        super(Object.class);
        this.writer = new FrameWriter(maxFrameBytes);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof QuoteFrame || msg instanceof ControlFrame;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, Object msg, boolean preferDirect) {
        return preferDirect ? ctx.alloc().ioBuffer(FRAME_BUFFER_BYTES) : ctx.alloc().heapBuffer(FRAME_BUFFER_BYTES);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        sink.target = out;
        try {
            if (msg instanceof QuoteFrame q) {
                writer.encodeQuote(q, sink);
            } else {
                writer.encodeControl((ControlFrame) msg, sink);
            }
        } finally {
            sink.target = null;
        }
    }

    /** The writer's calls, passed one to one to the buffer being encoded into. */
    private static final class ByteBufSink implements FrameSink {
        ByteBuf target;

        @Override
        public int writerIndex() {
            return target.writerIndex();
        }

        @Override
        public void writeByte(int value) {
            target.writeByte(value);
        }

        @Override
        public void writeShort(int value) {
            target.writeShort(value);
        }

        @Override
        public void writeInt(int value) {
            target.writeInt(value);
        }

        @Override
        public void writeLong(long value) {
            target.writeLong(value);
        }

        @Override
        public void writeBytes(byte[] src, int srcIndex, int length) {
            target.writeBytes(src, srcIndex, length);
        }

        @Override
        public void setInt(int index, int value) {
            target.setInt(index, value);
        }
    }
}
