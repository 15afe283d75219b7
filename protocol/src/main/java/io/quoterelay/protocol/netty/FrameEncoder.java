package io.quoterelay.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;

/**
 * Encodes {@link QuoteFrame}s and {@link ControlFrame}s written on the channel's event loop into
 * complete frames. A QuoteFrame is mutable, so it may only be written from the event loop (or
 * copied first); already-encoded frames ({@link ByteBuf}) pass through untouched.
 */
public final class FrameEncoder extends MessageToByteEncoder<Object> {
    private final FrameWriter writer;

    public FrameEncoder(int maxFrameBytes) {
        super(Object.class);
        this.writer = new FrameWriter(maxFrameBytes);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof QuoteFrame || msg instanceof ControlFrame;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        int len = msg instanceof QuoteFrame q ? writer.encodeQuote(q) : writer.encodeControl((ControlFrame) msg);
        out.writeBytes(writer.buffer(), 0, len);
    }

}
