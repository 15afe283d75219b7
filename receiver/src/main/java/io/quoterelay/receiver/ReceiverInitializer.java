package io.quoterelay.receiver;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.SocketStamps;
import io.quoterelay.protocol.netty.TlsContexts;

/**
 * The receiver's pipeline, in order: socket stamps (clock sync) → TLS → hand-over to the quote
 * thread → length framing (bounded) → MessagePack decoding → {@link ConnectionHandler}. Outbound:
 * the frame encoder (hello, clock pings). It is built on the handshake thread; once TLS succeeds,
 * {@link HandshakeHandOver} moves the connection to the quote thread, puts the silence timeout
 * ({@value #IDLE}) behind TLS and steps out.
 */
final class ReceiverInitializer extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String HAND_OVER = "handOver";
    static final String IDLE = "idle";
    static final String CONNECTION = "connection";
    private static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    /**
     * Socket reads per batch before the executor is called, where Netty's default stops at 16.
     * The read loop goes on only while each read fills its buffer, so when the executor keeps up
     * a batch is the one read that brought one quote; behind a slow callback it is everything
     * the socket holds (up to 4096 reads of at most 64 KiB, far more than a socket buffer), so
     * the executor's next quotes are the newest on the host, not the newest of the first 16 reads.
     */
    static final int READS_PER_BATCH = 4096;
    private static final RecvByteBufAllocator READ_UNTIL_EMPTY =
        new AdaptiveRecvByteBufAllocator().maxMessagesPerRead(READS_PER_BATCH);

    private final SslContext sslContext;
    private final ReceiverCore core;
    private final EventLoop quoteLoop;

    ReceiverInitializer(SslContext sslContext, ReceiverCore core, EventLoop quoteLoop) {
        this.sslContext = sslContext;
        this.core = core;
        this.quoteLoop = quoteLoop;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.config().setRecvByteBufAllocator(READ_UNTIL_EMPTY);
        ChannelPipeline p = ch.pipeline();
        SslHandler ssl = sslContext.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MS);
        ssl.setCloseNotifyFlushTimeoutMillis(TlsContexts.CLOSE_NOTIFY_FLUSH_TIMEOUT_MILLIS);
        // At the socket end, so clock pings and pongs are timed at the socket, not behind TLS and the codec.
        SocketStamps socketStamps = new SocketStamps(core.clock, false);
        p.addLast(SocketStamps.NAME, socketStamps);
        p.addLast(TLS, ssl);
        p.addLast(HAND_OVER, new HandshakeHandOver(core, quoteLoop));
        Framing.install(p, core.config.maxFrameBytes());
        p.addLast(CONNECTION, new ConnectionHandler(core, socketStamps));
    }
}
