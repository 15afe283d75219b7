package io.quoterelay.sender;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a Binance connection: text messages to {@link BinanceStream#onText}, the
 * end of each read batch to {@link BinanceStream#onReadComplete}, and the events that end or open
 * the connection (handshake done, close frame with its code, oversize frame, errors). Event loop only.
 */
final class BinanceFrameHandler extends ChannelInboundHandlerAdapter {
    private final BinanceStream stream;
    private final BinanceStream.Connection connection;

    BinanceFrameHandler(BinanceStream stream, BinanceStream.Connection connection) {
        this.stream = stream;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof TextWebSocketFrame text) {
                stream.onText(connection, text.content());
            } else if (msg instanceof BinaryWebSocketFrame) {
                stream.onBinary(connection);
            } else if (msg instanceof CloseWebSocketFrame close) {
                connection.closeCode = close.statusCode();
                connection.closeReason = close.reasonText();
                connection.closedByPeer = true;
                // Answer the close (RFC 6455 5.5.1), then drop the connection.
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE))
                    .addListener(ChannelFutureListener.CLOSE);
            }
            // Pongs are dropped by the protocol handler; pings are answered there with their payload.
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        stream.onReadComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            stream.onHandshakeComplete(connection);
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection.closeCode == BinanceStream.ABNORMAL_CLOSURE && connection.abortReason == null) {
            connection.closedByPeer = true; // the socket ended without a close frame
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isOversize(cause)) {
            stream.onOversizeFrame(connection, cause.getMessage());
            return;
        }
        if (connection.error == null) {
            connection.error = cause;
        }
        if (connection.abortReason == null && connection.opened && cause instanceof DecoderException) {
            connection.abortReason = "protocol error from Binance: " + io.quoterelay.protocol.Throwables.rootMessage(cause);
        }
        ctx.close();
    }

    /**
     * The frame decoder's "Max frame length of N has been exceeded" and the message aggregator's
     * limit; not the HTTP codec's limits on the upgrade response (a failed handshake, not a frame).
     */
    private static boolean isOversize(Throwable cause) {
        Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (t instanceof CorruptedWebSocketFrameException c) {
            return c.closeStatus() != null && c.closeStatus().code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
        }
        return t instanceof TooLongFrameException && !(t instanceof TooLongHttpContentException
            || t instanceof TooLongHttpHeaderException || t instanceof TooLongHttpLineException);
    }
}
