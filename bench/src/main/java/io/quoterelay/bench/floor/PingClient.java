package io.quoterelay.bench.floor;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.simulator.OpenLoopSchedule;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSession;
import org.HdrHistogram.Histogram;

/**
 * The floor's client side: one TLS connection to an {@link EchoServer}, and two ways to load it.
 *
 * <ul>
 *   <li>{@link #pingPong}: closed loop, one ping in flight; the next ping is sent from the I/O
 *   thread that read the pong, so each round trip is exactly two wake-ups of each side.</li>
 *   <li>{@link #openLoop}: pings at a fixed rate from the calling thread, each stamped with the
 *   time it was <em>due</em> (as real-logic/benchmarks' {@code LoadTestRig} does), so a stall
 *   delays the schedule's stamps, not the schedule, and shows in the latencies instead of
 *   silently thinning the samples (coordinated omission).</li>
 * </ul>
 *
 * Round trips are recorded on the I/O thread into a histogram that the caller reads only after
 * the phase's latch has opened.
 */
final class PingClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final Pong pong;
    private final SSLSession session;

    private PingClient(EventLoopGroup group, Channel channel, Pong pong, SSLSession session) {
        this.group = group;
        this.channel = channel;
        this.pong = pong;
        this.session = session;
    }

    /** Connects and completes the TLS handshake within {@code timeout}; {@code host} must be named by the server certificate. */
    static PingClient connect(Transport transport, SslContext tls, String host, int port, Duration timeout)
        throws InterruptedException, TimeoutException {
        EventLoopGroup group = transport.newGroup(1, "floor-client");
        try {
            Pong pong = new Pong();
            Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
                        Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
                        ch.pipeline().addLast("pong", pong);
                    }
                });
            Channel ch = b.connect(host, port).sync().channel();
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (!ssl.handshakeFuture().await(timeout.toMillis())) {
                ch.close();
                throw new TimeoutException("TLS handshake with " + host + ":" + port + " not done within " + timeout);
            }
            if (!ssl.handshakeFuture().isSuccess()) {
                throw new IllegalStateException("TLS handshake with " + host + ":" + port + " failed: "
                    + ssl.handshakeFuture().cause(), ssl.handshakeFuture().cause());
            }
            return new PingClient(group, ch, pong, ssl.engine().getSession());
        } catch (InterruptedException | TimeoutException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** What was negotiated, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256}. */
    String tlsDescription() {
        return session.getProtocol() + " " + session.getCipherSuite();
    }

    /** {@code warmup} unrecorded then {@code measured} recorded round trips, one in flight at a time. */
    Histogram pingPong(int warmup, int measured, Duration timeout) throws InterruptedException, TimeoutException {
        ClosedLoop phase = new ClosedLoop(warmup, measured);
        channel.eventLoop().execute(() -> {
            if (pong.begin(phase, channel)) {
                phase.sendNext(channel);
            }
        });
        phase.await(timeout, "ping-pong of " + (warmup + measured) + " round trips");
        return phase.rtt;
    }

    /**
     * Sends {@code count} pings at {@code ratePerSecond} from this thread and waits for every
     * answer. Waiting for a due time parks the thread until {@code spinNs} before it, then spins
     * (a spinning load generator takes CPU from the processes under test on a two-core machine;
     * a parked one wakes up to a timer slack late). How late each send left is reported as
     * {@link OpenLoopResult#sendLag()} and is included in the round trips, as it should be.
     */
    OpenLoopResult openLoop(int ratePerSecond, long count, long spinNs, Duration timeout)
        throws InterruptedException, TimeoutException {
        OpenLoop phase = new OpenLoop(count);
        try {
            channel.eventLoop().submit(() -> pong.begin(phase, channel)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        Histogram sendLag = LatencyLine.newHistogram();
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        OpenLoopSchedule schedule = new OpenLoopSchedule(start, ratePerSecond);
        long lastSend = start;
        for (long i = 0; i < count; i++) {
            long due = schedule.dueNanos(i);
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > spinNs) {
                    LockSupport.parkNanos(due - now - spinNs);
                } else {
                    Thread.onSpinWait();
                }
            }
            if (now > deadline) {
                throw new TimeoutException("open loop at " + ratePerSecond + "/s sent only " + i + " of " + count
                    + " pings within " + timeout);
            }
            if (phase.failure != null) {
                break;
            }
            LatencyLine.record(sendLag, now - due);
            channel.writeAndFlush(PingFrame.allocate(channel.alloc(), due), channel.voidPromise());
            lastSend = now;
        }
        phase.await(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())),
            "open loop at " + ratePerSecond + "/s (" + count + " pings)");
        double seconds = (lastSend - start) / 1e9;
        double achieved = count > 1 && seconds > 0 ? (count - 1) / seconds : ratePerSecond;
        return new OpenLoopResult(ratePerSecond, achieved, phase.rtt, sendLag);
    }

    record OpenLoopResult(int targetRate, double achievedRate, Histogram rtt, Histogram sendLag) {
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** One measurement; all its fields but {@link #failure} are touched only by the I/O thread until {@link #done} opens. */
    private abstract static class Phase {
        final Histogram rtt = LatencyLine.newHistogram();
        final CountDownLatch done = new CountDownLatch(1);
        volatile Throwable failure;

        abstract void onPong(Channel ch, long sentNs, long nowNs);

        void fail(Throwable t) {
            failure = t;
            done.countDown();
        }

        void await(Duration timeout, String what) throws InterruptedException, TimeoutException {
            if (!done.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new TimeoutException(what + " not finished within " + timeout);
            }
            if (failure != null) {
                throw new IllegalStateException(what + " failed: " + failure, failure);
            }
        }
    }

    private static final class ClosedLoop extends Phase {
        private int warmupLeft;
        private int measuredLeft;

        ClosedLoop(int warmup, int measured) {
            this.warmupLeft = warmup;
            this.measuredLeft = measured;
        }

        void sendNext(Channel ch) {
            ch.writeAndFlush(PingFrame.allocate(ch.alloc(), System.nanoTime()), ch.voidPromise());
        }

        @Override
        void onPong(Channel ch, long sentNs, long nowNs) {
            if (warmupLeft > 0) {
                warmupLeft--;
            } else {
                LatencyLine.record(rtt, nowNs - sentNs);
                if (--measuredLeft == 0) {
                    done.countDown();
                    return;
                }
            }
            sendNext(ch);
        }
    }

    private static final class OpenLoop extends Phase {
        private final long expected;
        private long received;

        OpenLoop(long expected) {
            this.expected = expected;
        }

        @Override
        void onPong(Channel ch, long sentNs, long nowNs) {
            LatencyLine.record(rtt, nowNs - sentNs);
            if (++received == expected) {
                done.countDown();
            }
        }
    }

    private static final class Pong extends ChannelInboundHandlerAdapter {
        private Phase phase;

        /** Makes {@code next} the phase that receives pongs; fails it at once when the connection is already gone. */
        boolean begin(Phase next, Channel ch) {
            phase = next;
            if (!ch.isActive()) {
                next.fail(new IllegalStateException("connection to the echo server is closed"));
                return false;
            }
            return true;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            if (msg instanceof ControlFrame.Heartbeat ping && phase != null) {
                phase.onPong(ctx.channel(), ping.sentNs(), now);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (phase != null) {
                phase.fail(new IllegalStateException("connection to the echo server closed"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (phase != null) {
                phase.fail(cause);
            }
            ctx.close();
        }
    }
}
