package io.quoterelay.sender;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.Transport;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal relay receiver for link tests: real TLS (mutual), the protocol's framing, and a record
 * of what arrived. It can answer hello, stop reading, ping, and be stopped and restarted on the
 * same port. The event log keeps the first 20,000 events as short strings ("conn1", "hello",
 * "Q5" quote seq 5, "S6" new snapshot quote, "R3" repeat of seq 3, "report"); seqs of all
 * non-repeat quotes go into a BitSet.
 */
public final class TestReceiver implements AutoCloseable {
    private static final int LOG_LIMIT = 20_000;

    private final SslContext ssl;
    private final boolean answerHello;
    private final EventLoopGroup group;
    private final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger connections = new AtomicInteger();
    private EventLoopGroup acceptor;
    private Channel server;
    private int port;
    private volatile boolean reading = true;

    final List<String> events = new ArrayList<>();
    final BitSet seqs = new BitSet();
    final List<ControlFrame> controls = new ArrayList<>();
    public volatile long quotes;
    volatile long repeats;
    volatile ControlFrame.SessionReport lastReport;

    public TestReceiver(SslContext ssl, boolean answerHello) {
        this.ssl = ssl;
        this.answerHello = answerHello;
        this.group = Transport.nio().newGroup(1, "test-receiver");
    }

    public TestReceiver start(int bindPort) throws InterruptedException {
        stop();
        Transport t = Transport.nio();
        acceptor = t.newGroup(1, "test-receiver-accept");
        try {
            server = new ServerBootstrap().group(acceptor, group).channel(t.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.config().setAutoRead(reading);
                        children.add(ch);
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc()));
                        Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
                        ch.pipeline().addLast(new Recorder());
                    }
                })
                .bind("127.0.0.1", bindPort).sync().channel();
        } catch (RuntimeException | InterruptedException e) {
            stop();
            throw e;
        }
        port = ((java.net.InetSocketAddress) server.localAddress()).getPort();
        return this;
    }

    public int port() {
        return port;
    }

    public int connections() {
        return connections.get();
    }

    /** Stops reading from (or resumes) every connection, present and future. */
    public void reading(boolean on) {
        reading = on;
        for (Channel c : children) {
            c.eventLoop().execute(() -> {
                c.config().setAutoRead(on);
                if (on) {
                    c.read();
                }
            });
        }
    }

    public void sendToAll(Object frame) {
        for (Channel c : children) {
            c.writeAndFlush(frame);
        }
    }

    public synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    public synchronized List<ControlFrame> controls() {
        return new ArrayList<>(controls);
    }

    public synchronized boolean hasAllSeqsUpTo(long highest) {
        return seqs.nextClearBit(1) > highest;
    }

    public synchronized int distinctSeqs() {
        return seqs.cardinality();
    }

    private synchronized void log(String e) {
        if (events.size() < LOG_LIMIT) {
            events.add(e);
        }
    }

    /** Closes the listening socket and every connection; {@link #start} may be called again with {@link #port()}. */
    public void stop() throws InterruptedException {
        if (server != null) {
            server.close().sync();
            server = null;
        }
        if (acceptor != null) {
            // NIO closes a registered listening socket only when its selector next runs, so a restart
            // on the same loop can find the port still listening (EADDRINUSE, most of the time when
            // it follows at once). Ending the accept loop closes its selector and the socket with it.
            acceptor.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
            acceptor = null;
        }
        children.close().sync();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    private final class Recorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            log("conn" + connections.incrementAndGet());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof QuoteFrame q) {
                synchronized (TestReceiver.this) {
                    if (q.repeat()) {
                        repeats++;
                        log("R" + q.seq());
                    } else {
                        seqs.set((int) q.seq());
                        log((q.snapshot() ? "S" : "Q") + q.seq());
                    }
                    quotes++;
                }
            } else if (msg instanceof ControlFrame c) {
                synchronized (TestReceiver.this) {
                    controls.add(c);
                }
                if (c instanceof ControlFrame.Hello) {
                    log("hello");
                    if (answerHello) {
                        ctx.writeAndFlush(new ControlFrame.Hello(ControlFrame.Role.RECEIVER, 0, FrameFormat.PROTOCOL_VERSION, 0));
                    }
                } else if (c instanceof ControlFrame.SessionReport r) {
                    lastReport = r;
                    log("report");
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
