package io.quoterelay.receiver;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.SocketStamps;
import io.quoterelay.protocol.netty.TlsContexts;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's pipeline, in order: socket stamps (clock sync) → TLS → silence timeout → length framing (bounded) →
 * MessagePack decoding → {@link ConnectionHandler}. Outbound: the frame encoder (hello, clock pings).
 */
final class ReceiverInitializer extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String IDLE = "idle";
    static final String CONNECTION = "connection";
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;

    private final SslContext sslContext;
    private final ReceiverCore core;

    ReceiverInitializer(SslContext sslContext, ReceiverCore core) {
        this.sslContext = sslContext;
        this.core = core;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        SslHandler ssl = sslContext.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        ssl.setCloseNotifyFlushTimeoutMillis(TlsContexts.CLOSE_NOTIFY_FLUSH_TIMEOUT_MILLIS);
        // At the socket end, so clock pings and pongs are timed at the socket, not behind TLS and the codec.
        SocketStamps socketStamps = new SocketStamps(core.clock, false);
        p.addLast(SocketStamps.NAME, socketStamps);
        p.addLast(TLS, ssl);
        // Until the peer says who it is, it must send something soon: a client that opens TLS and
        // goes quiet would otherwise hold a connection forever.
        p.addLast(IDLE, new IdleStateHandler(core.config.firstFrameTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Framing.install(p, core.config.maxFrameBytes());
        p.addLast(CONNECTION, new ConnectionHandler(core, socketStamps));
    }
}
