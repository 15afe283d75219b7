package io.quoterelay.sender.link;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;

/**
 * Answers the receiver's clock pings (NTP-style): t2 is read first thing on arrival, t3 just
 * before the pong is written, so the receiver can subtract this side's processing time.
 */
final class ClockSyncResponder extends ChannelInboundHandlerAdapter {
    private final EpochNanoClock clock;

    ClockSyncResponder(EpochNanoClock clock) {
        this.clock = clock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        long t2 = clock.epochNanos();
        if (msg instanceof ControlFrame.ClockPing ping) {
            ctx.writeAndFlush(new ControlFrame.ClockPong(ping.t1(), t2, clock.epochNanos()), ctx.voidPromise());
            // Liveness still needs to see that the receiver spoke; the idle handler already did.
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
