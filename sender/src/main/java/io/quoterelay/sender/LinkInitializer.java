package io.quoterelay.sender;

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
 * The link's pipeline, in one place:
 * <pre>
 *   socketStamps (times raw reads, for clock pongs' t2)
 *   tls (verifies the receiver's certificate names the host dialled)
 *   idle (read idle: acted on only after the receiver's hello)
 *   frameLength, frameDecoder, frameEncoder (protocol framing)
 *   clockSync (answers clock pings)
 *   liveness (receiver hello, heartbeats, read-idle close)
 *   session (hello, snapshot, quotes, session reports)
 * </pre>
 */
final class LinkInitializer extends ChannelInitializer<SocketChannel> {
    static final String TLS = "tls";
    static final String IDLE = "idle";

    private final SessionOwner link;
    private final String host;
    private final int port;
    private final SslContext sslContext;
    private final LinkSettings settings;

    LinkInitializer(SessionOwner link, String host, int port, SslContext sslContext, LinkSettings settings) {
        this.link = link;
        this.host = host;
        this.port = port;
        this.sslContext = sslContext;
        this.settings = settings;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        // host and port go to the engine so that the server certificate is checked against the name dialled.
        SslHandler tls = sslContext.newHandler(ch.alloc(), host, port);
        tls.setHandshakeTimeoutMillis(LinkSettings.HANDSHAKE_TIMEOUT_MILLIS);
        tls.setCloseNotifyFlushTimeoutMillis(TlsContexts.CLOSE_NOTIFY_FLUSH_TIMEOUT_MILLIS);
        // Always armed: this link reads only the receiver's hello and pings, so a clock read per socket read costs nothing.
        SocketStamps socketStamps = new SocketStamps(settings.clock(), true);
        p.addLast(SocketStamps.NAME, socketStamps);
        p.addLast(TLS, tls);
        p.addLast(IDLE, new IdleStateHandler(settings.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        Framing.install(p, settings.maxFrameBytes());
        p.addLast("clockSync", new ClockSyncResponder(settings.clock(), socketStamps));
        p.addLast("liveness", new LivenessHandler(link, settings));
        p.addLast("session", new LinkSessionHandler(link, settings));
    }
}
