package io.quoterelay.sender;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import java.net.URI;

/**
 * One Binance connection's pipeline, in one place:
 * <pre>
 *   tls        (wss only: SNI and host name verification against the URL's host)
 *   http       (the upgrade request and response)
 *   handshake  (the upgrade response, at most 8 KiB)
 *   websocket  (frames; pings answered with their payload; frames over the limit refused from their header)
 *   messages   (fragmented messages joined, bounded by the same limit)
 *   binance    ({@link BinanceFrameHandler}: text to the parser, close codes, oversize, read batches)
 * </pre>
 * No extensions are offered: permessage-deflate stays off (it costs CPU per message for ~200-byte frames).
 */
final class BinanceChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** The {@link BinanceStream.Connection} a channel belongs to, set by the bootstrap that dials it. */
    static final AttributeKey<BinanceStream.Connection> CONNECTION = AttributeKey.valueOf("binanceConnection");
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 8 * 1024;

    private final BinanceStream stream;
    private final URI uri;
    private final SslContext tls;
    private final int maxFrameBytes;
    /**
     * Netty's own TLS and upgrade timers are backstops only: the stream's deadline (from the dial, so
     * earlier) names the cause in its error; these would close with a bare 1006 if they won the race.
     */
    private static final long BACKSTOP_MARGIN_MS = 1_000;
    private final long handshakeTimeoutMillis;

    BinanceChannelInitializer(BinanceStream stream, URI uri, SslContext tls, int maxFrameBytes, long handshakeTimeoutMillis) {
        this.stream = stream;
        this.uri = uri;
        this.tls = tls;
        this.maxFrameBytes = maxFrameBytes;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (tls != null) {
            int port = uri.getPort() > 0 ? uri.getPort() : 443;
            SslHandler handler = tls.newHandler(ch.alloc(), uri.getHost(), port);
            handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis + BACKSTOP_MARGIN_MS);
            p.addLast("tls", handler);
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("handshake", new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
        p.addLast("websocket", new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .version(WebSocketVersion.V13)
            .allowExtensions(false)
            .customHeaders(new DefaultHttpHeaders())
            .maxFramePayloadLength(maxFrameBytes)
            // Close frames go to the handler: their code matters (1008 means wait a minute).
            .handleCloseFrames(false)
            .handshakeTimeoutMillis(handshakeTimeoutMillis + BACKSTOP_MARGIN_MS)
            // Binance's frames are ASCII JSON; the parser rejects what is not, so skip the per-byte check.
            .withUTF8Validator(false)
            .build()));
        p.addLast("messages", new WebSocketFrameAggregator(maxFrameBytes));
        p.addLast("binance", new BinanceFrameHandler(stream, ch.attr(CONNECTION).get()));
    }
}
