package io.quoterelay.receiver;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFlow;
import io.quoterelay.protocol.Throwables;
import io.quoterelay.protocol.netty.IdleStrategy;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives quotes from relay senders over mutual TLS and hands each to the executor.
 *
 * <pre>{@code
 * try (RelayReceiver receiver = RelayReceiver.builder()
 *         .port(9001)
 *         .tls(serverCert, serverKey, trustedCa)
 *         .onQuote(quote -> strategy.onBinance(quote))
 *         .start()) {
 *     Quote last = receiver.latest("BTCUSDT");
 *     ReceiverStats stats = receiver.stats();
 * }
 * }</pre>
 *
 * <p>Threads: one I/O thread ({@code quoterelay-receiver-io-*}) reads every authenticated connection,
 * decodes, accounts and calls {@link QuoteListener} directly, so a quote crosses no thread on its way
 * to the executor. Strangers never reach it: one more thread ({@code quoterelay-receiver-handshake-*})
 * accepts connections, refuses sources outside {@link Builder#allowedSenders} or over
 * {@link Builder#handshakeRateLimit}, and does every TLS handshake; only a connection whose handshake
 * succeeded moves to the I/O thread, once, before its first frame is read. The I/O thread reads
 * everything a socket holds before calling the executor, and keeps only each symbol's newest
 * quote, so a slow executor is offered the newest price per symbol, never a backlog (what it
 * skipped is counted: {@link ReceiverStats.Accounting#conflatedAtReceiver()}). In polling mode
 * ({@link Builder#polling(int)}) the executor takes those newest quotes on its own thread with
 * {@link #poll} instead. One more thread
 * ({@code quoterelay-receiver-stats}) logs the stats line and, once a second, notes whether quotes
 * arrived (for {@link #health()}). Nothing else: Prometheus metrics and an HTTP endpoint come
 * from the optional {@code receiver-prometheus} module, which reads {@link #counters()} at scrape
 * time, never per quote.
 */
public final class RelayReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelayReceiver.class);
    /** The longest the warm-up runs after the port opened (see {@link Builder#warmupQuotes}). */
    static final Duration WARMUP_BUDGET = Duration.ofSeconds(3);
    private static final Logger STATS_LOG = LoggerFactory.getLogger("io.quoterelay.receiver.stats");

    private final ReceiverCore core;
    private final EventLoopGroup ioGroup;
    private final EventLoopGroup handshakeGroup;
    private final Channel serverChannel;
    private final ScheduledExecutorService statsThread;
    private final ReceiverCounters counters;
    private final Warmup warmup;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final long startNanoTime = System.nanoTime();

    private RelayReceiver(ReceiverConfig config, Duration healthMaxQuoteAge) {
        SslContext ssl = TlsContexts.server(config.certificate(), config.privateKey(), config.trustedCa(),
            config.requireClientCertificate());
        if (!config.requireClientCertificate()) {
            LOG.warn(legacyModeWarning(config.allowedSenders()));
        }
        Transport transport = Transport.best(config.idleStrategy());
        ioGroup = transport.newGroup(1, "quoterelay-receiver-io");
        // The handshake thread always sleeps when idle: a spinning receiver spins for quotes only.
        handshakeGroup = Transport.best().newGroup(1, "quoterelay-receiver-handshake");
        this.core = new ReceiverCore(config, LOG, handshakeGroup.next());
        core.handshakeProbe = config.handshakeProbe();
        core.ioLoop = ioGroup.next();
        try {
            serverChannel = new ServerBootstrap()
                .group(handshakeGroup)
                .channel(transport.serverSocketChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .handler(new AcceptGate(core, config.allowedSenders(),
                    new HandshakeRateLimiter(config.handshakesPerSecondPerAddress())))
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ReceiverInitializer(ssl, core, core.ioLoop))
                .bind(new InetSocketAddress(config.bindAddress(), config.port()))
                .syncUninterruptibly()
                .channel();
        } catch (RuntimeException e) {
            shutdownGroups();
            throw new IllegalStateException("cannot listen on " + config.bindAddress() + ":" + config.port() + ": "
                + Throwables.rootMessage(e), e);
        }
        statsThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quoterelay-receiver-stats");
            t.setDaemon(true);
            return t;
        });
        if (!config.statsInterval().isZero()) {
            long every = config.statsInterval().toNanos();
            statsThread.scheduleAtFixedRate(this::reportInterval, every, every, TimeUnit.NANOSECONDS);
        }
        QuoteFlow quoteFlow = new QuoteFlow(core.events.delivered::get, System::nanoTime);
        statsThread.scheduleAtFixedRate(quoteFlow::sample, 1, 1, TimeUnit.SECONDS);
        counters = new ReceiverCounters(core, quoteFlow, healthMaxQuoteAge, startNanoTime);
        LOG.info("receiver listening on {}:{} (TLS 1.3 via {}, {} transport, mutual TLS {}, {}, senders from {}, "
                + "handshakes per address {})", config.bindAddress(), port(), TlsContexts.provider(), transport.name(),
            config.requireClientCertificate() ? "required" : "OFF",
            core.polling ? "polling mode" : "callback on the I/O thread",
            config.allowedSenders() == null ? "any address" : config.allowedSenders(),
            config.handshakesPerSecondPerAddress() == 0 ? "unlimited" : config.handshakesPerSecondPerAddress() + "/s");
        warmup = Warmup.start(core, transport, handshakeGroup, core.ioLoop, config.warmupQuotes(),
            config.warmupBudget());
    }

    /** What the start-up warning says in legacy mode: exactly who may send quotes, and what protects the port. */
    static String legacyModeWarning(SenderAllowlist allowed) {
        return "mutual TLS is OFF (REQUIRE_CLIENT_CERT=false, for the Python sender): any client that can reach this port "
            + "from an address in ALLOWED_SENDERS (" + allowed + ") may send quotes to the executor, with or without a "
            + "certificate; ALLOWED_SENDERS and the firewall are the only protection";
    }

    /** The engine, for tests in this package. */
    ReceiverCore core() {
        return core;
    }

    /** The start-up warm-up, null when off. */
    Warmup warmup() {
        return warmup;
    }

    /**
     * Starts configuring a receiver.
     *
     * @return a builder with every setting at its default
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The port actually bound (useful with port 0).
     *
     * @return the listening port
     */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * The latest quote of a symbol. Never blocks on I/O; see embedding.md for the lock it shares
     * with the I/O thread.
     *
     * @param symbol the symbol as Binance spells it, e.g. "BTCUSDT"
     * @return a private copy of its latest quote, or null if none arrived yet
     */
    public Quote latest(String symbol) {
        return core.latest.latest(symbol);
    }

    /**
     * Whether quotes are flowing: healthy while at least one sender is connected and a quote
     * arrived within {@link Builder#healthMaxQuoteAge} (observed once a second). Cheap; any thread.
     *
     * @return the verdict and its one-line reason
     */
    public Health health() {
        return counters.health();
    }

    /**
     * The cumulative counters and histograms, read live without copies: what an exporter polls
     * (the optional {@code receiver-prometheus} module does). Any thread.
     *
     * @return the same view on every call
     */
    public ReceiverCounters counters() {
        return counters;
    }

    /**
     * Counts, latency and sessions now. The interval values cover the time since the last stats line.
     *
     * @return a snapshot of the receiver's accounting
     */
    public ReceiverStats stats() {
        return counters.stats(false);
    }

    /**
     * Polling mode: hands {@code listener} up to {@code limit} waiting quotes on the calling thread
     * and returns how many. Each is its symbol's newest quote read so far (none older than one
     * read batch: a newer one that arrived meanwhile replaced it, counted as
     * {@link ReceiverStats.Accounting#conflatedAtReceiver()}), in the order they were read (the sender's
     * numbering). A listener that throws an exception is counted and the next quote follows. Call it
     * from one thread only.
     *
     * @param listener called once per quote, on this thread; the {@link Quote} is reused after it returns
     * @param limit    the most quotes to hand over in this call
     * @return how many quotes were handed over (0 when none waited)
     * @throws IllegalStateException when the receiver was built without {@link Builder#polling(int)}
     */
    public int poll(QuoteListener listener, int limit) {
        if (!core.polling) {
            throw new IllegalStateException("poll() needs polling mode: build the receiver with polling(maxSymbols)");
        }
        return core.poll(listener, limit);
    }

    private void reportInterval() {
        try {
            ReceiverStats s = counters.stats(true);
            STATS_LOG.info(StatsLine.format(s));
            Consumer<ReceiverStats> l = core.config.statsListener();
            if (l != null) {
                l.accept(s);
            }
        } catch (RuntimeException e) {
            LOG.error("stats report failed", e);
        }
    }

    /**
     * Stops listening, closes every connection and joins the receiver's threads. Safe to call more
     * than once and from any thread; called from the quote callback (the I/O thread) it returns at
     * once and the closing happens on a thread of its own after the callback returns.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (core.ioLoop.inEventLoop() || handshakeGroup.next().inEventLoop()) {
            // Called from the executor's callback (the I/O thread): waiting there for the I/O thread
            // to stop would wait for ourselves. Close from a thread of its own; this returns at once
            // and the callback's thread stops once the callback returns.
            Thread closer = new Thread(this::closeNow, "quoterelay-receiver-close");
            closer.setDaemon(false);
            closer.start();
            return;
        }
        closeNow();
    }

    private void closeNow() {
        if (warmup != null) {
            warmup.close();
        }
        serverChannel.close().syncUninterruptibly();
        // Explicitly, not left to the loops' shutdown: a connection moved to the quote loop was seen
        // to stay open for seconds when the receiver was closed from its own callback.
        core.connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        statsThread.shutdownNow();
        shutdownGroups();
        try {
            statsThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("receiver on port {} closed", ((InetSocketAddress) serverChannel.localAddress()).getPort());
    }

    private void shutdownGroups() {
        handshakeGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        handshakeGroup.terminationFuture().syncUninterruptibly();
    }

    /** Default of {@link Builder#handshakeRateLimit}: far above any sender's reconnects, far below a flood's. */
    public static final int DEFAULT_HANDSHAKES_PER_SECOND_PER_ADDRESS = 5;

    /** Default of {@link Builder#warmupQuotes}: enough calls for the JVM's optimising compiler. */
    public static final int DEFAULT_WARMUP_QUOTES = 20_000;

    /** Settings with defaults; {@link #start()} validates them all before anything listens. */
    public static final class Builder {
        private String bindAddress = "0.0.0.0";
        private int port = 9001;
        private Path certificate;
        private Path privateKey;
        private Path trustedCa;
        private boolean requireClientCertificate = true;
        private QuoteListener listener;
        private int pollCapacity;
        private Duration statsInterval = Duration.ofSeconds(10);
        private Consumer<ReceiverStats> statsListener;
        private Duration idleTimeout = Duration.ofMillis(2500);
        private Duration firstFrameTimeout = Duration.ofSeconds(10);
        private Duration legacyIdleTimeout = Duration.ofSeconds(60);
        private Duration clockPingInterval = Duration.ofSeconds(1);
        private int maxFrameBytes = FrameFormat.DEFAULT_MAX_FRAME_BYTES;
        private EpochNanoClock clock = EpochNanoClock.system();
        private int warmupQuotes = DEFAULT_WARMUP_QUOTES;
        Duration warmupBudget = WARMUP_BUDGET;
        private IdleStrategy idleStrategy = IdleStrategy.SLEEP;
        private LatencyClock latencyClock = LatencyClock.ESTIMATE;
        private Duration healthMaxQuoteAge = Duration.ofSeconds(30);
        private String allowedSenders;
        private int handshakesPerSecondPerAddress = DEFAULT_HANDSHAKES_PER_SECOND_PER_ADDRESS;
        HandshakeProbe handshakeProbe;

        private Builder() {
        }

        /**
         * Port to listen on; 0 picks a free one (see {@link RelayReceiver#port()}). Default 9001.
         *
         * @param port the port, 0..65535
         * @return this builder
         */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Address to listen on. Default 0.0.0.0 (all).
         *
         * @param bindAddress an IP address or host name of this host
         * @return this builder
         */
        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /**
         * The server certificate and key (PEM, as certs-tool writes them) and the CA that signs client certificates.
         *
         * @param serverCertificate the server certificate chain, PEM
         * @param serverKey its private key, PEM
         * @param trustedCa the CA certificate that signs the senders' client certificates, PEM (null only with
         *                  mutual TLS off)
         * @return this builder
         */
        public Builder tls(Path serverCertificate, Path serverKey, Path trustedCa) {
            this.certificate = serverCertificate;
            this.privateKey = serverKey;
            this.trustedCa = trustedCa;
            return this;
        }

        /**
         * Mutual TLS is on by default: a client must present a certificate signed by the trusted CA.
         * Turning it off (for the Python sender, which has no client certificate) lets any client
         * that reaches the port send quotes, so it needs {@link #allowedSenders} and logs a warning.
         *
         * @param require false only for the Python sender, together with {@link #allowedSenders}
         * @return this builder
         */
        public Builder requireClientCertificate(boolean require) {
            this.requireClientCertificate = require;
            return this;
        }

        /**
         * The only source addresses that may connect: comma-separated IPs and CIDR blocks, IPv4 or
         * IPv6 ({@code "203.0.113.7,198.51.100.0/24"}). Any other connection is closed as soon as
         * it is accepted, before any TLS work, counted and logged (at most a line a second). Default:
         * any address (mutual TLS decides); required when {@link #requireClientCertificate} is off.
         *
         * @param addresses comma-separated IPs and CIDR blocks; null or blank: any address
         * @return this builder
         */
        public Builder allowedSenders(String addresses) {
            this.allowedSenders = addresses;
            return this;
        }

        /**
         * TLS handshakes each source address may start per second, in bursts of up to twice that;
         * more are closed at accept, counted and logged (at most a line a second). A sender
         * connects once and again after a link cut; a flood from one address is turned away
         * before it costs a handshake. Default {@value #DEFAULT_HANDSHAKES_PER_SECOND_PER_ADDRESS};
         * 0: no limit.
         *
         * @param perSecondPerAddress handshakes per second per source address; 0: no limit
         * @return this builder
         */
        public Builder handshakeRateLimit(int perSecondPerAddress) {
            this.handshakesPerSecondPerAddress = perSecondPerAddress;
            return this;
        }

        /**
         * Called with every quote on the I/O thread; see {@link QuoteListener}.
         *
         * @param listener the callback
         * @return this builder
         */
        public Builder onQuote(QuoteListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Polling mode instead of a callback: each symbol's newest quote waits until
         * {@link RelayReceiver#poll} takes it on the executor's thread; a newer one replaces it
         * (counted). Memory is one quote per symbol, for at most {@code maxSymbols} symbols
         * (4096 is plenty for Binance); quotes of further symbols are dropped and counted
         * ({@link ReceiverStats.Accounting#droppedOverSymbolLimit()}). Reading never pauses for a slow poller.
         *
         * @param maxSymbols the most symbols that wait at once (one quote each)
         * @return this builder
         */
        public Builder polling(int maxSymbols) {
            this.pollCapacity = maxSymbols;
            return this;
        }

        /**
         * How often the stats line is logged. Default 10 s; zero turns the line off.
         *
         * @param interval the period
         * @return this builder
         */
        public Builder statsInterval(Duration interval) {
            this.statsInterval = interval;
            return this;
        }

        /**
         * Also hands each interval's stats to this consumer, on the stats thread.
         *
         * @param listener the callback
         * @return this builder
         */
        public Builder statsListener(Consumer<ReceiverStats> listener) {
            this.statsListener = listener;
            return this;
        }

        /**
         * A sender that said hello and then sends nothing (not even heartbeats) for this long is dead. Default 2.5 s.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * A new connection must complete TLS and send its first frame within this. Default 10 s.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder firstFrameTimeout(Duration timeout) {
            this.firstFrameTimeout = timeout;
            return this;
        }

        /**
         * Silence allowed from a legacy (Python) sender, which sends no heartbeats. Default 60 s; zero: none.
         *
         * @param timeout the limit
         * @return this builder
         */
        public Builder legacyIdleTimeout(Duration timeout) {
            this.legacyIdleTimeout = timeout;
            return this;
        }

        /**
         * How often clock pings go to each sender. Default 1 s.
         *
         * @param interval the period
         * @return this builder
         */
        public Builder clockPingInterval(Duration interval) {
            this.clockPingInterval = interval;
            return this;
        }

        /**
         * The largest frame body accepted; a larger length closes the connection. Default 64 KiB.
         *
         * @param maxFrameBytes the limit in bytes, at least 256
         * @return this builder
         */
        public Builder maxFrameBytes(int maxFrameBytes) {
            this.maxFrameBytes = maxFrameBytes;
            return this;
        }

        /**
         * The wall clock for receive times. For tests; the default is the system clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(EpochNanoClock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Which clock the headline latency trusts. Default {@link LatencyClock#ESTIMATE}: the
         * clock offset estimated over the link is removed. {@link LatencyClock#HOST} when both
         * hosts run chrony or PTP: raw latency is the headline, the estimate is shown beside it.
         *
         * @param latencyClock the clock the headline latency trusts
         * @return this builder
         */
        public Builder latencyClock(LatencyClock latencyClock) {
            this.latencyClock = latencyClock;
            return this;
        }

        /**
         * {@link RelayReceiver#health()} turns unhealthy when no quote arrived for this long. Default 30 s.
         *
         * @param maxAge the longest silence that still counts as healthy
         * @return this builder
         */
        public Builder healthMaxQuoteAge(Duration maxAge) {
            this.healthMaxQuoteAge = maxAge;
            return this;
        }

        /**
         * How many made-up quotes the receiver relays to itself over loopback, through its own
         * TLS, decoding, accounting and dispatch, so the first real quotes run compiled code
         * instead of the interpreter (at Binance's 100-200 quotes a second the JVM takes tens of
         * seconds to get there by itself). It runs once the port is open and stops when the first
         * connection arrives or after 3 s, so it never delays a real quote; none of its quotes
         * reaches the executor, the stats or the metrics. Default {@value #DEFAULT_WARMUP_QUOTES};
         * 0 turns it off.
         *
         * @param quotes how many warm-up quotes; 0: none
         * @return this builder
         */
        public Builder warmupQuotes(int quotes) {
            this.warmupQuotes = quotes;
            return this;
        }

        /**
         * What the I/O thread does between reads: {@link IdleStrategy#SLEEP} (default) or
         * {@link IdleStrategy#SPIN}, which answers each quote without a wake-up at the cost of one
         * whole core, busy even with no quote arriving. Spin only on a core of its own.
         *
         * @param idle the I/O thread's idle strategy
         * @return this builder
         */
        public Builder idleStrategy(IdleStrategy idle) {
            this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
            return this;
        }

        /**
         * Validates the settings, binds the port and starts the threads.
         *
         * @return the running receiver; close it to stop
         * @throws IllegalArgumentException naming the first setting that is missing or out of range
         * @throws io.quoterelay.protocol.netty.TlsSetupException when a certificate or key cannot be read
         * @throws IllegalStateException when the port cannot be bound
         */
        public RelayReceiver start() {
            ReceiverConfig config = build();
            positive(healthMaxQuoteAge, "healthMaxQuoteAge");
            return new RelayReceiver(config, healthMaxQuoteAge);
        }

        ReceiverConfig build() {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            if (certificate == null || privateKey == null) {
                throw new IllegalArgumentException("tls(serverCertificate, serverKey, trustedCa) is required");
            }
            if (requireClientCertificate && trustedCa == null) {
                throw new IllegalArgumentException("mutual TLS needs the CA that signs client certificates: "
                    + "pass it to tls(...), or turn mutual TLS off with requireClientCertificate(false)");
            }
            if ((listener == null) == (pollCapacity == 0)) {
                throw new IllegalArgumentException("set exactly one of onQuote(listener) or polling(maxSymbols)");
            }
            if (pollCapacity < 0) {
                throw new IllegalArgumentException("polling(maxSymbols) needs a positive number of symbols, got "
                    + pollCapacity);
            }
            positive(idleTimeout, "idleTimeout");
            positive(firstFrameTimeout, "firstFrameTimeout");
            positive(clockPingInterval, "clockPingInterval");
            if (statsInterval == null || statsInterval.isNegative()) {
                throw new IllegalArgumentException("statsInterval must be zero (off) or positive");
            }
            if (legacyIdleTimeout == null || legacyIdleTimeout.isNegative()) {
                throw new IllegalArgumentException("legacyIdleTimeout must be zero (none) or positive");
            }
            if (warmupQuotes < 0) {
                throw new IllegalArgumentException("warmupQuotes must be 0 (off) or positive, got " + warmupQuotes);
            }
            if (maxFrameBytes < 256) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 256, got " + maxFrameBytes);
            }
            if (handshakesPerSecondPerAddress < 0) {
                throw new IllegalArgumentException("handshakeRateLimit must be 0 (none) or positive, got "
                    + handshakesPerSecondPerAddress);
            }
            SenderAllowlist allowlist = allowedSenders == null || allowedSenders.isBlank() ? null
                : SenderAllowlist.parse(allowedSenders);
            if (!requireClientCertificate && allowlist == null) {
                throw new IllegalArgumentException("REQUIRE_CLIENT_CERT=false (requireClientCertificate(false)) needs "
                    + "ALLOWED_SENDERS (allowedSenders(...)), the sender addresses that may connect: without a client "
                    + "certificate anyone who reaches the port could send quotes");
            }
            return new ReceiverConfig(Objects.requireNonNull(bindAddress, "bindAddress"), port, certificate, privateKey,
                trustedCa, requireClientCertificate, listener, pollCapacity, statsInterval, statsListener, idleTimeout,
                firstFrameTimeout, legacyIdleTimeout, clockPingInterval, maxFrameBytes,
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(latencyClock, "latencyClock"),
                warmupQuotes, warmupBudget, idleStrategy, allowlist, handshakesPerSecondPerAddress, handshakeProbe);
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
        }
    }
}
