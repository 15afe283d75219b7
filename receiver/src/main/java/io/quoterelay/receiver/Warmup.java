package io.quoterelay.receiver;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.helpers.NOPLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the receiver's own quote path hot in the moments after its port opens, before a sender
 * has connected.
 *
 * <p>Binance sends one connection's bookTicker at 80-190 updates a second. At that rate the JVM
 * needs tens of seconds to call the per-quote methods often enough for its optimising compiler,
 * and until then every quote runs interpreted or half-compiled. So the receiver relays made-up
 * quotes to itself through the very classes a sender's quotes take: a loopback socket accepted and
 * handshaken on the receiver's handshake thread and handed over to its own I/O thread, BoringSSL TLS 1.3, the length framing, the MessagePack reader, the
 * session and latency accounting, the conflating dispatch (callback or polling) and the clock-ping
 * exchange.
 *
 * <p>It never delays anything real: the receiver is listening (and reports ready) before the
 * warm-up starts, and the warm-up stops as soon as the first real connection is accepted, when
 * its quota is done, or when its time budget runs out, whichever comes first. None of it reaches
 * anyone: the quotes go to a throw-away {@link ReceiverCore} that logs nowhere and whose listeners
 * discard them, over a port bound to 127.0.0.1 that accepts any client (TLS here exercises the
 * code, not trust) and closes with the warm-up. The receiver's counters, histograms and latest
 * quotes never see them. Three listener classes take turns so the compiler treats the dispatch
 * call as one that sees many types: the executor's own listener then runs compiled code instead
 * of undoing it.
 */
final class Warmup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayReceiver.class);
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    /** Quotes written per event-loop turn of the warm-up sender: a burst, as Binance sends them. */
    private static final int BURST = 8;
    private static final long CHECK_EVERY_NS = TimeUnit.MILLISECONDS.toNanos(5);

    private final ReceiverCore real;
    private final ReceiverCore core;
    private final QuoteListener[] discards;
    private final int quotes;
    private final long startNanoTime = System.nanoTime();
    private final long deadlineNanoTime;
    private final EventLoopGroup clientGroup;
    private final EventLoop checker;
    private volatile Channel server;
    private volatile Channel client;
    private volatile long delivered;
    private int polls;
    private volatile boolean done;
    private volatile String outcome;

    private Warmup(ReceiverCore real, int quotes, Duration budget, Transport transport) {
        this.real = real;
        this.quotes = quotes;
        this.deadlineNanoTime = startNanoTime + budget.toNanos();
        this.core = new ReceiverCore(real.config, NOPLogger.NOP_LOGGER, null);
        this.discards = Discard.cycle(core);
        this.core.listener = discards[0];
        // Its own thread always sleeps when idle: a spinning receiver must not spin twice.
        this.clientGroup = Transport.best().newGroup(1, "quoterelay-receiver-warmup");
        this.checker = clientGroup.next();
    }

    /**
     * Starts relaying up to {@code quotes} quotes to a throw-away core on the quote thread
     * ({@code quoteLoop}), its connection accepted and handshaken on {@code handshakeGroup} and
     * then handed over as a real one is; returns at once. Never fails the receiver: a warm-up that
     * cannot run is logged and skipped. Returns null when {@code quotes} is 0.
     */
    static Warmup start(ReceiverCore real, Transport transport, EventLoopGroup handshakeGroup, EventLoop quoteLoop,
                        int quotes, Duration budget) {
        if (quotes <= 0) {
            return null;
        }
        Warmup w = new Warmup(real, quotes, budget, transport);
        try {
            w.connect(transport, handshakeGroup, quoteLoop);
        } catch (RuntimeException | SSLException e) {
            LOG.warn("quote path warm-up skipped: {}; the first quotes will run slower", e.toString());
            w.close();
        }
        return w;
    }

    private void connect(Transport transport, EventLoopGroup handshakeGroup, EventLoop quoteLoop) throws SSLException {
        ReceiverConfig config = real.config;
        core.ioLoop = quoteLoop;
        SslContext serverTls = TlsContexts.server(config.certificate(), config.privateKey(), config.trustedCa(), false);
        SslContext clientTls = SslContextBuilder.forClient()
            .sslProvider(TlsContexts.provider())
            .protocols(TlsContexts.TLS_1_3)
            .trustManager(InsecureTrustManagerFactory.INSTANCE)
            .build();
        ChannelFuture bound = new ServerBootstrap()
            .group(handshakeGroup)
            .channel(transport.serverSocketChannel())
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ReceiverInitializer(serverTls, core, quoteLoop))
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        server = bound.channel();
        WarmupSender sender = new WarmupSender(quotes, config.clock()::epochNanos,
            () -> done || real.events.acceptedConnections.get() > 0);
        bound.addListener(b -> {
            if (!b.isSuccess()) {
                finish("cannot bind a loopback port: " + b.cause());
                return;
            }
            ChannelFuture connected = new Bootstrap()
                .group(checker)
                .channel(Transport.best().socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(clientTls.newHandler(ch.alloc()));
                        Framing.install(ch.pipeline(), config.maxFrameBytes());
                        ch.pipeline().addLast(sender);
                    }
                })
                .connect(server.localAddress());
            client = connected.channel();
        });
        checker.execute(this::check);
    }

    /** Runs on the warm-up's own thread every few milliseconds until the warm-up is over. */
    private void check() {
        if (done) {
            return;
        }
        if (core.polling) {
            core.poll(discards[polls++ % discards.length], 1024);
        }
        delivered = core.events.delivered.get();
        if (delivered >= quotes) {
            finish(null);
        } else if (real.events.acceptedConnections.get() > 0) {
            finish("a connection arrived");
        } else if (System.nanoTime() - deadlineNanoTime >= 0) {
            finish("its time budget ran out");
        } else {
            checker.schedule(this::check, CHECK_EVERY_NS, TimeUnit.NANOSECONDS);
        }
    }

    private void finish(String cutShortBy) {
        if (done) {
            return;
        }
        done = true;
        outcome = cutShortBy == null ? "complete" : cutShortBy;
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanoTime);
        if (cutShortBy == null) {
            LOG.info("quote path warmed with {} local quotes in {} ms (none reaches the executor or the stats)", quotes,
                tookMs);
        } else {
            LOG.info("quote path warm-up stopped after {} ms at {} of {} local quotes: {}", tookMs, delivered, quotes,
                cutShortBy);
        }
        close();
    }

    /** Null while running; "complete" or why it stopped early. */
    String outcome() {
        return outcome;
    }

    /** Quotes the throw-away core has dispatched so far. */
    long delivered() {
        return core.events.delivered.get();
    }

    /** The thread that ran the warm-up's dispatch (callback mode), or null before the first quote. */
    Thread dispatchThread() {
        for (QuoteListener d : discards) {
            Thread t = ((Discard) d).thread;
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** The warm-up's own loopback port (0 before it is bound). */
    int port() {
        Channel s = server;
        return s != null && s.localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
    }

    /** Stops the warm-up (if still running) and frees its port and thread; returns at once. */
    @Override
    public void close() {
        done = true;
        Channel c = client;
        if (c != null) {
            c.close();
        }
        Channel s = server;
        if (s != null) {
            s.close();
        }
        clientGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }

    /**
     * Says hello as a sender, answers clock pings, and writes quotes in bursts as long as the
     * socket takes them, each quote flushed on its own as the real sender does.
     */
    private static final class WarmupSender extends ChannelInboundHandlerAdapter {
        private final int quotes;
        private final java.util.function.LongSupplier epochNanos;
        /** True once a real connection arrived: stop at once, not at the next periodic check. */
        private final java.util.function.BooleanSupplier stop;
        private final QuoteFrame frame = new QuoteFrame();
        private long seq;

        WarmupSender(int quotes, java.util.function.LongSupplier epochNanos, java.util.function.BooleanSupplier stop) {
            this.quotes = quotes;
            this.epochNanos = epochNanos;
            this.stop = stop;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
                ctx.writeAndFlush(new ControlFrame.Hello(ControlFrame.Role.SENDER, Long.MIN_VALUE | System.nanoTime(),
                    FrameFormat.PROTOCOL_VERSION, 1), ctx.voidPromise());
                sendBurst(ctx);
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ControlFrame.ClockPing p) {
                long now = epochNanos.getAsLong();
                ctx.writeAndFlush(new ControlFrame.ClockPong(p.t1(), now, now), ctx.voidPromise());
            } else {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                sendBurst(ctx);
            }
        }

        private void sendBurst(ChannelHandlerContext ctx) {
            if (stop.getAsBoolean()) {
                return;
            }
            for (int i = 0; i < BURST && seq < quotes && ctx.channel().isWritable(); i++) {
                ctx.writeAndFlush(next(), ctx.voidPromise());
            }
            if (seq < quotes && ctx.channel().isWritable()) {
                ctx.executor().execute(() -> sendBurst(ctx));
            }
        }

        /** A spot-like quote, every fourth one USD-M-like (exchange times present), as both markets decode. */
        private QuoteFrame next() {
            long n = ++seq;
            double bid = 97_000 + (n % 1000) * 0.01;
            long bidCents = 9_700_000 + n % 1000;
            boolean futures = (n & 3) == 0;
            long now = epochNanos.getAsLong();
            frame.clear()
                .seq(n)
                .symbol(SYMBOLS[(int) (n % SYMBOLS.length)])
                .bid(bid)
                .ask(bid + 0.01)
                .mid(bid + 0.005)
                .bidQty(1.5)
                .askQty(0.25)
                .exactPrices(bidCents * 1_000_000, 8, (bidCents + 1) * 1_000_000, 8)
                .exactQuantities(150_000_000, 8, 25_000_000, 8)
                .updateId(40_000_000_000L + n)
                .eventTimeMs(futures ? now / 1_000_000 : QuoteFrame.ABSENT_TIME)
                .transactionTimeMs(futures ? now / 1_000_000 : QuoteFrame.ABSENT_TIME)
                .senderReceiveTimeNs(now - 5_000)
                .sendTimeNs(now);
            return frame;
        }
    }

    /**
     * Listeners that drop what they get. Each hands the dispatch over to the next class of the
     * cycle, so the call site in {@link ReceiverCore#dispatchWaiting} sees three types.
     */
    private abstract static class Discard implements QuoteListener {
        private final ReceiverCore core;
        private QuoteListener next;
        long seen;
        /** The thread that dispatched to it: the quote thread, as for the executor's listener. */
        volatile Thread thread;

        Discard(ReceiverCore core) {
            this.core = core;
        }

        static QuoteListener[] cycle(ReceiverCore core) {
            Discard[] d = {new First(core), new Second(core), new Third(core)};
            for (int i = 0; i < d.length; i++) {
                d[i].next = d[(i + 1) % d.length];
            }
            return d;
        }

        @Override
        public final void onQuote(Quote quote) {
            if (thread == null) {
                thread = Thread.currentThread();
            }
            seen += quote.seq();
            core.listener = next;
        }
    }

    private static final class First extends Discard {
        First(ReceiverCore core) {
            super(core);
        }
    }

    private static final class Second extends Discard {
        Second(ReceiverCore core) {
            super(core);
        }
    }

    private static final class Third extends Discard {
        Third(ReceiverCore core) {
            super(core);
        }
    }
}
