package io.quoterelay.protocol.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quoterelay.protocol.FrameReader;
import io.quoterelay.protocol.QuoteFrame;

/**
 * Turns each length-stripped frame into a message for the next handler: the reused
 * {@link QuoteFrame} (valid only until this handler is called again), a
 * {@link io.quoterelay.protocol.ControlFrame}, or {@link #IGNORED}. A malformed body goes to
 * {@code exceptionCaught} as a {@link io.quoterelay.protocol.MalformedFrameException}.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {
    /** Marker for a valid map that is neither quote nor control frame. */
    public static final Object IGNORED = new Object() {
        @Override
        public String toString() {
            return "IGNORED";
        }
    };

    private final FrameReader reader = new FrameReader();
    private final QuoteFrame quote = new QuoteFrame();
    private final byte[] scratch;

    public FrameDecoder(int maxFrameBytes) {
        this.scratch = new byte[maxFrameBytes];
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        FrameReader.Kind kind;
        try {
            int len = frame.readableBytes();
            byte[] body;
            int off;
            if (frame.hasArray()) {
                body = frame.array();
                off = frame.arrayOffset() + frame.readerIndex();
            } else {
                frame.getBytes(frame.readerIndex(), scratch, 0, len);
                body = scratch;
                off = 0;
            }
            kind = reader.read(body, off, len, quote);
        } finally {
            frame.release();
        }
        switch (kind) {
            case QUOTE -> ctx.fireChannelRead(quote);
            case CONTROL -> ctx.fireChannelRead(reader.control());
            case IGNORED -> ctx.fireChannelRead(IGNORED);
        }
    }
}
