package io.quoterelay.protocol.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.Transport;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A hand-driven relay client for tests: dials with real TLS, can write quotes, control frames or
 * arbitrary bytes, optionally answers clock pings (with any clock, to model a skewed host), and
 * records what the peer sends. With {@code readFrames=false} it never reads, as the Python
 * sender never does.
 */
public final class FrameTestClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<ControlFrame> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Throwable handshakeFailure;

    private FrameTestClient(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
        channel.closeFuture().addListener(f -> closed.countDown());
    }

    /**
     * Connects and waits for the TLS handshake. {@code answerPingsWith} null: pings are recorded
     * but not answered. Throws if the connection cannot be made; a failed handshake is reported
     * by {@link #handshakeFailure()} and a closed channel.
     */
    public static FrameTestClient connect(String host, int port, SslContext ssl, boolean readFrames,
                                          EpochNanoClock answerPingsWith) throws InterruptedException {
        Transport t = Transport.nio();
        EventLoopGroup group = t.newGroup(1, "test-client");
        FrameTestClient[] self = new FrameTestClient[1];
        // Kept from initChannel: a refused handshake can close the channel, and empty its pipeline,
        // before connect() returns.
        SslHandler[] tls = new SslHandler[1];
        CountDownLatch ready = new CountDownLatch(1);
        ChannelFuture f = new Bootstrap().group(group).channel(t.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, readFrames || ssl != null)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    if (ssl != null) {
                        tls[0] = ssl.newHandler(ch.alloc(), host, port);
                        ch.pipeline().addLast(tls[0]);
                    }
                    Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
                    ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof ControlFrame.ClockPing p && answerPingsWith != null) {
                                long t2 = answerPingsWith.epochNanos();
                                ctx.writeAndFlush(new ControlFrame.ClockPong(p.t1(), t2, answerPingsWith.epochNanos()));
                            }
                            if (msg instanceof ControlFrame c) {
                                self[0].received.add(c);
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            }).connect(host, port).sync();
        self[0] = new FrameTestClient(group, f.channel());
        SslHandler sslHandler = tls[0];
        if (sslHandler != null) {
            sslHandler.handshakeFuture().addListener(h -> {
                if (!h.isSuccess()) {
                    self[0].handshakeFailure = h.cause();
                }
                if (!readFrames) {
                    // TLS needed reads for the handshake; from now on behave like the Python sender.
                    f.channel().config().setAutoRead(false);
                }
                ready.countDown();
            });
            ready.await(10, TimeUnit.SECONDS);
        }
        return self[0];
    }

    public Throwable handshakeFailure() {
        return handshakeFailure;
    }

    public void send(QuoteFrame q) {
        QuoteFrame copy = new QuoteFrame().copyFrom(q);
        channel.writeAndFlush(copy).syncUninterruptibly();
    }

    public void send(ControlFrame c) {
        channel.writeAndFlush(c).syncUninterruptibly();
    }

    /** Writes bytes as they are, bypassing the encoder: for frames as another implementation writes them, or garbage. */
    public void sendRaw(byte[] bytes) {
        ByteBuf b = Unpooled.wrappedBuffer(bytes);
        channel.writeAndFlush(b).syncUninterruptibly();
    }

    /** The next control frame from the peer, or null after the timeout. */
    public ControlFrame nextControl(Duration timeout) throws InterruptedException {
        return received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
