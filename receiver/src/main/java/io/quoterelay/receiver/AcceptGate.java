package io.quoterelay.receiver;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quoterelay.protocol.RateLimitedLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The first look at a new connection, on the listening socket's (handshake) thread, before the
 * connection is registered anywhere and before any TLS work: a source outside
 * {@code ALLOWED_SENDERS}, or one over its handshake rate, is closed at once, counted and logged
 * (rate-limited). What passes goes on to the TLS handshake.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {
    private final ReceiverCore core;
    private final SenderAllowlist allowlist;
    private final HandshakeRateLimiter rateLimiter;

    /** {@code allowlist} null: any source. */
    AcceptGate(ReceiverCore core, SenderAllowlist allowlist, HandshakeRateLimiter rateLimiter) {
        this.core = core;
        this.allowlist = allowlist;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        if (!(child.remoteAddress() instanceof InetSocketAddress remote) || remote.getAddress() == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        InetAddress address = remote.getAddress();
        if (allowlist != null && !allowlist.allows(address)) {
            core.events.notAllowedConnections.increment();
            refuse(child, remote, RefusalReason.NOT_ALLOWED, core.notAllowedLog);
        } else if (!rateLimiter.tryAcquire(address, System.nanoTime())) {
            core.events.rateLimitedConnections.increment();
            refuse(child, remote, RefusalReason.RATE_LIMITED, core.rateLimitedLog);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void refuse(Channel child, InetSocketAddress remote, RefusalReason reason, RateLimitedLog log) {
        // Never registered: closing the socket is all there is to do, and fires no event.
        child.unsafe().closeForcibly();
        HandshakeProbe probe = core.handshakeProbe;
        if (probe != null) {
            probe.refusedAtAccept(Thread.currentThread(), reason.text());
        }
        log.warn("refused connection from " + remote.getAddress().getHostAddress() + ":" + remote.getPort() + ": "
            + reason.text(), null);
    }
}
