package io.quoterelay.bench.floor;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The floor's server side: a TLS server on 127.0.0.1 that answers every {@link PingFrame} with a
 * ping carrying the same {@code sent_ns}, from the I/O thread that read it (no hand-off, as the
 * receiver does). Pipeline: TLS, then the relay's {@link Framing}, then the echo.
 */
final class EchoServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EchoServer.class);

    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final AtomicLong ignored = new AtomicLong();

    private EchoServer(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    /** Binds 127.0.0.1 on {@code port} (0: any free port) with one thread for accepting and I/O. */
    static EchoServer start(Transport transport, SslContext tls, int port) throws InterruptedException {
        EventLoopGroup group = transport.newGroup(1, "floor-server");
        try {
            EchoServer[] self = new EchoServer[1];
            ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(transport.serverSocketChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                        Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
                        ch.pipeline().addLast("echo", new Echo(self[0].ignored));
                    }
                });
            Channel ch = b.bind(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            self[0] = new EchoServer(group, ch);
            return self[0];
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        if (ignored.get() > 0) {
            LOG.info("ignored {} frames that were not pings", ignored.get());
        }
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        private final AtomicLong ignored;

        Echo(AtomicLong ignored) {
            this.ignored = ignored;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ControlFrame.Heartbeat ping) {
                ctx.writeAndFlush(PingFrame.allocate(ctx.alloc(), ping.sentNs()), ctx.voidPromise());
            } else {
                ignored.incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
