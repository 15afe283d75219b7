package io.quoterelay.sender;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the link provably alive both ways. Sends a heartbeat every interval once TLS is up. Reads
 * the receiver's hello; from then on a receiver that sends nothing for the idle timeout (it pings
 * about once a second) is dead and the link is closed and redialled. Before a hello arrives the
 * idle rule does not apply: the Python receiver never writes anything.
 */
final class LivenessHandler extends ChannelInboundHandlerAdapter {
    private final SessionOwner link;
    private final LinkSettings settings;
    private boolean receiverHello;
    private ScheduledFuture<?> heartbeats;

    LivenessHandler(SessionOwner link, LinkSettings settings) {
        this.link = link;
        this.settings = settings;
    }

    /** Whether the receiver said hello on this connection: one of ours (an earlier Python receiver never writes). */
    boolean receiverHello() {
        return receiverHello;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
            long every = settings.heartbeatInterval().toNanos();
            heartbeats = ctx.executor().scheduleAtFixedRate(
                () -> ctx.writeAndFlush(new ControlFrame.Heartbeat(settings.clock().epochNanos()), ctx.voidPromise()),
                every, every, TimeUnit.NANOSECONDS);
        } else if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            if (receiverHello) {
                link.closeWith(ctx, "receiver sent nothing for " + settings.idleTimeout().toMillis()
                    + " ms (no heartbeat, no clock ping): treating the link as dead");
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ControlFrame.Hello h) {
            if (h.role() != ControlFrame.Role.RECEIVER || h.version() > FrameFormat.PROTOCOL_VERSION) {
                link.closeWith(ctx, "unacceptable hello from the receiver: " + h + " (this sender speaks protocol version "
                    + FrameFormat.PROTOCOL_VERSION + ")");
                return;
            }
            receiverHello = true;
            return;
        }
        if (msg instanceof ControlFrame.Heartbeat) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        ctx.fireChannelInactive();
    }
}
