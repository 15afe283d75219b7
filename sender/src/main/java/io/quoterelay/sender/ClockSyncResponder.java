package io.quoterelay.sender;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.SocketStamps;

/**
 * Answers the receiver's clock pings (NTP-style). t2 is when the ping's bytes came off the
 * socket ({@link SocketStamps}, ahead of TLS), t3 is read as the last thing before the pong is
 * written, so the receiver can subtract this side's processing time, decryption and decoding
 * included. This link receives little (a few pings a second), so that read path stays cold and
 * slow; stamping before it keeps its cost out of the measured one-way time.
 */
final class ClockSyncResponder extends ChannelInboundHandlerAdapter {
    private final EpochNanoClock clock;
    private final SocketStamps socketStamps;

    ClockSyncResponder(EpochNanoClock clock, SocketStamps socketStamps) {
        this.clock = clock;
        this.socketStamps = socketStamps;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ControlFrame.ClockPing ping) {
            long t2 = socketStamps.lastReadNs();
            if (t2 == 0) {
                t2 = clock.epochNanos(); // no stamp handler ahead of TLS (a test pipeline): the next best time
            }
            ctx.writeAndFlush(new ControlFrame.ClockPong(ping.t1(), t2, clock.epochNanos()), ctx.voidPromise());
            // Liveness still needs to see that the receiver spoke; the idle handler already did.
            return;
        }
        ctx.fireChannelRead(msg);
    }
}
