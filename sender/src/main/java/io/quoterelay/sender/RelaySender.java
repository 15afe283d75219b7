package io.quoterelay.sender;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.ops.metrics.MetricsEndpoint;
import io.quoterelay.ops.metrics.MetricsSettings;
import io.quoterelay.protocol.QuoteFlow;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.IdleStrategy;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscribes to Binance bookTicker and forwards every update, numbered, to one or more receivers.
 *
 * <pre>{@code
 * try (RelaySender sender = RelaySender.builder()
 *         .symbols(List.of("BTCUSDT", "ETHUSDT")).market(Market.USDM)
 *         .receiver("10.0.0.5", 9001)
 *         .tls(caCert, clientCert, clientKey)
 *         .start()) {
 *     SenderStats stats = sender.stats();
 * }
 * }</pre>
 *
 * <p><b>Threads.</b> One Netty event loop thread ({@code relay-link}) runs the whole hot path: the
 * Binance WebSocket connections (read, parse) and every receiver link (number, encode, TLS write,
 * one flush per read batch), plus the links' heartbeats, clock pongs and reconnects; no hand-off
 * between threads (see the package description). One
 * control thread ({@code relay-control}) dials Binance, runs its stall watchdog, writes the
 * stats line and once a second notes whether quotes arrived (for {@link #health()}). With a metrics
 * port, one more thread ({@code relay-metrics}) answers {@code GET /metrics} and {@code GET /health},
 * reading the same counters at scrape time. The Binance side and each link fail and recover independently.
 *
 * <p><b>Sessions.</b> Each link picks a random non-zero 63-bit session id at start and numbers the
 * quotes it sends 1, 2, 3... across reconnects; with several receivers each link has its own id
 * and its own numbering, because each may conflate differently.
 */
public final class RelaySender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySender.class);
    /** The longest the start-up warm-up runs (it stops earlier at the first real quote). */
    static final Duration WARMUP_BUDGET = Duration.ofSeconds(3);
    private static final Logger STATS = LoggerFactory.getLogger("io.quoterelay.sender.stats");

    private final SenderConfig config;
    private final ScheduledExecutorService control;
    private final EventLoopGroup linkGroup;
    private final ReceiverLink[] links;
    private final BinanceStream binance;
    /** Start-up warm-up; read by tests. */
    SenderWarmup warmup;
    private final ExchangeLatency latency = new ExchangeLatency();
    private long lastStatsNanoTime = System.nanoTime();
    private long[] previous = new long[4];
    private long[][] previousLinks;
    private final StatsLine.Lines binanceLines = new StatsLine.Lines();
    private final MetricsSettings metrics;
    private final QuoteFlow quoteFlow;
    /** The application's registry the metrics go into, or null. */
    private final PrometheusRegistry targetRegistry;
    private PrometheusRegistry metricsRegistry;
    private MultiCollector metricsCollector;
    private MetricsEndpoint metricsEndpoint;

    private RelaySender(SenderConfig config, MetricsSettings metrics, PrometheusRegistry targetRegistry) {
        this.config = config;
        this.metrics = metrics;
        this.targetRegistry = targetRegistry;
        SslContext ssl = TlsContexts.client(config.caCert(), config.clientCert(), config.clientKey());
        Transport transport = Transport.best(config.idleStrategy());
        SecureRandom random = new SecureRandom();
        LinkSettings settings = new LinkSettings(config.heartbeatInterval(), config.linkIdleTimeout(),
            config.maxFrameBytes(), config.clock());
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "relay-control");
            t.setDaemon(true);
            return t;
        });
        this.linkGroup = transport.newGroup(1, "relay-link");
        // One loop for the whole hot path: the Binance connections and every link.
        EventLoop loop = linkGroup.next();
        this.links = new ReceiverLink[config.receivers().size()];
        for (int i = 0; i < links.length; i++) {
            SenderConfig.Receiver r = config.receivers().get(i);
            links[i] = new ReceiverLink(r.host(), r.port(), newSessionId(random), ssl, settings, transport, loop);
        }
        this.previousLinks = new long[links.length][3];
        this.binance = new BinanceStream(config.binanceUrl(), config.clock(), config.binanceStallTimeout(),
            config.binanceHandshakeTimeout(), config.binanceConnectionLifetime(), config.binanceMaxFrameBytes(),
            transport, loop, control, new QuoteSink() {
                @Override
                public void onQuote(QuoteFrame quote) {
                    RelaySender.this.onQuote(quote);
                }

                @Override
                public void onBatchEnd() {
                    for (ReceiverLink link : links) {
                        link.flush();
                    }
                }
            }, config.binanceLines());
        this.quoteFlow = new QuoteFlow(binance::quotes, System::nanoTime);
        LOG.info("sender starting: {} -> {} (transport {}, TLS {})", config.binanceUrl(), config.receivers(),
            transport.name(), TlsContexts.provider());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts a sender with a configuration from {@link Builder#build()}, without metrics. */
    public static RelaySender start(SenderConfig config) {
        return start(config, MetricsSettings.OFF, null);
    }

    private static RelaySender start(SenderConfig config, MetricsSettings metrics, PrometheusRegistry targetRegistry) {
        RelaySender s = new RelaySender(config, metrics, targetRegistry);
        try {
            s.startMetrics();
            for (ReceiverLink l : s.links) {
                l.start();
            }
            s.warmup = SenderWarmup.start(config.warmupQuotes(), config.binanceMaxFrameBytes(), WARMUP_BUDGET,
                s.binance::quotes);
            s.binance.start();
            if (!config.statsInterval().isZero()) {
                long every = config.statsInterval().toNanos();
                s.control.scheduleAtFixedRate(s::logStats, every, every, TimeUnit.NANOSECONDS);
            }
            s.control.scheduleAtFixedRate(s.quoteFlow::sample, 1, 1, TimeUnit.SECONDS);
            return s;
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private void startMetrics() {
        PrometheusRegistry target = targetRegistry;
        if (target == null && !metrics.served()) {
            return;
        }
        // Our metrics live in a registry of their own, added to the target as one collector, so
        // close() takes them all out again.
        PrometheusRegistry own = new PrometheusRegistry();
        SenderMetrics.register(own, this::stats, latency, quoteFlow, this::health);
        metricsRegistry = target == null ? new PrometheusRegistry() : target;
        metricsCollector = own::scrape;
        metricsRegistry.register(metricsCollector);
        if (metrics.served()) {
            metricsEndpoint = MetricsEndpoint.start(metrics.bindAddress(), metrics.port(), metricsRegistry, this::health,
                "relay-metrics");
            LOG.info(metrics.startedLine(metricsEndpoint.port()));
        }
    }

    /** The port of the metrics and health endpoint, or -1 when it is off. */
    public int metricsPort() {
        return metricsEndpoint == null ? -1 : metricsEndpoint.port();
    }

    /**
     * Whether quotes are flowing: healthy while the Binance stream and every receiver link are up
     * and a quote arrived from Binance within {@link Builder#healthMaxQuoteAge} (observed once a
     * second). Cheap; any thread.
     */
    public Health health() {
        SenderStats s = stats();
        if (s.binanceState() != LinkState.UP) {
            return new Health(false, "binance " + s.binanceState()
                + (s.binanceLastError() == null ? "" : " (" + s.binanceLastError() + ")"));
        }
        for (SenderStats.LinkStats l : s.links()) {
            if (l.state() != LinkState.UP) {
                return new Health(false, "link " + l.receiver() + " " + l.state()
                    + (l.lastError() == null ? "" : " (" + l.lastError() + ")"));
            }
        }
        long maxAgeNs = metrics.healthMaxQuoteAge().toNanos();
        if (!quoteFlow.anyQuote()) {
            return new Health(false, "no quote from binance yet since start");
        }
        long age = quoteFlow.nanosSinceLastQuote();
        if (age > maxAgeNs) {
            return new Health(false, "last quote from binance " + Health.seconds(age) + " ago (limit " + Health.seconds(maxAgeNs)
                + ")");
        }
        return new Health(true, "last quote " + Health.seconds(age) + " ago, binance UP, " + s.links().size() + "/"
            + s.links().size() + " links UP");
    }

    /** The event loop, once per quote. */
    private void onQuote(QuoteFrame quote) {
        if (quote.eventTimeMs() != QuoteFrame.ABSENT_TIME) {
            latency.record(quote.senderReceiveTimeNs(), quote.eventTimeMs());
        } else {
            latency.recordAbsent();
        }
        for (ReceiverLink link : links) {
            link.offer(quote);
        }
    }

    private static long newSessionId(SecureRandom random) {
        long id;
        do {
            id = random.nextLong() >>> 1;
        } while (id == 0);
        return id;
    }

    public SenderConfig config() {
        return config;
    }

    /** A consistent-per-link snapshot of the cumulative counters; cheap enough to poll. */
    public SenderStats stats() {
        List<SenderStats.LinkStats> ls = new ArrayList<>(links.length);
        for (ReceiverLink l : links) {
            ReceiverLink.Counters c = l.counters();
            ls.add(new SenderStats.LinkStats(l.name(), l.sessionId(), l.state(), l.lastError(), c.upstream(),
                c.highestSeq(), c.conflated(), c.repeats(), l.reconnects(), c.pending()));
        }
        return new SenderStats(binance.messages(), binance.quotes(), binance.nonQuotes(), binance.malformed(),
            binance.reconnects(), binance.rollovers(), binance.overlapDuplicates(), binance.oversizeFrames(), binance.state(),
            binance.lastError(), ls, binance.staleUpdates(), binance.conflicts(), binance.markResets(),
            binance.silenceReplacements(), binance.lineStats());
    }

    private void logStats() {
        try {
            long now = System.nanoTime();
            double seconds = (now - lastStatsNanoTime) / 1e9;
            lastStatsNanoTime = now;
            SenderStats s = stats();
            long[] current = {s.binanceMessages(), s.quotes(), s.nonQuotes(), s.malformed()};
            StatsLine.BinanceInterval b = new StatsLine.BinanceInterval(current[0] - previous[0],
                current[1] - previous[1], current[2] - previous[2], current[3] - previous[3]);
            previous = current;
            List<StatsLine.LinkInterval> li = new ArrayList<>();
            long linkReconnects = 0;
            for (int i = 0; i < s.links().size(); i++) {
                SenderStats.LinkStats l = s.links().get(i);
                long[] p = previousLinks[i];
                li.add(new StatsLine.LinkInterval(l.receiver(), l.state().name(), l.lastError(), l.sent() - p[0],
                    l.conflated() - p[1], l.repeats() - p[2], l.pending()));
                previousLinks[i] = new long[] {l.sent(), l.conflated(), l.repeats()};
                linkReconnects += l.linkReconnects();
            }
            ExchangeLatency.Interval lat = latency.interval();
            STATS.info(StatsLine.format(seconds, b, latency.streamLacksExchangeTime(), lat, li, s.binanceReconnects(), s.binanceRollovers(),
                linkReconnects, s.binanceOversizeFrames()) + binanceLines.next(s));
        } catch (RuntimeException e) {
            LOG.warn("stats line failed", e);
        }
    }

    /** Closes the Binance connection and every link; idempotent. */
    @Override
    public void close() {
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
        }
        if (metricsCollector != null) {
            metricsRegistry.unregister(metricsCollector);
            metricsCollector = null;
        }
        binance.close();
        for (ReceiverLink l : links) {
            if (l != null) {
                l.close();
            }
        }
        control.shutdownNow();
        linkGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        LOG.info("sender closed");
    }

    /**
     * Fluent configuration; {@link #build()} validates everything at once and names the setting
     * at fault in a {@link SenderConfigException}.
     */
    public static final class Builder {
        private URI binanceUrl;
        private List<String> symbols;
        private Market market;
        private final List<SenderConfig.Receiver> receivers = new ArrayList<>();
        private Path caCert;
        private Path clientCert;
        private Path clientKey;
        private EpochNanoClock clock = EpochNanoClock.system();
        private Duration statsInterval = SenderConfig.DEFAULT_STATS_INTERVAL;
        private Duration heartbeatInterval = SenderConfig.DEFAULT_HEARTBEAT_INTERVAL;
        private Duration linkIdleTimeout = SenderConfig.DEFAULT_LINK_IDLE_TIMEOUT;
        private Duration binanceStallTimeout = SenderConfig.DEFAULT_BINANCE_STALL_TIMEOUT;
        private Duration binanceHandshakeTimeout = SenderConfig.DEFAULT_BINANCE_HANDSHAKE_TIMEOUT;
        private Duration binanceConnectionLifetime = SenderConfig.DEFAULT_BINANCE_CONNECTION_LIFETIME;
        private int maxFrameBytes = SenderConfig.DEFAULT_MAX_FRAME_BYTES;
        private int binanceMaxFrameBytes = SenderConfig.DEFAULT_BINANCE_MAX_FRAME_BYTES;
        private int warmupQuotes = SenderConfig.DEFAULT_WARMUP_QUOTES;
        private IdleStrategy idleStrategy = IdleStrategy.SLEEP;
        private int binanceConnections = BinanceLines.DEFAULT_CONNECTIONS;
        private List<InetAddress> binanceLocalAddresses = List.of();
        private int binanceSilenceMultiple = BinanceLines.DEFAULT_SILENCE_MULTIPLE;
        private Duration binanceSilenceFloor = BinanceLines.DEFAULT_SILENCE_FLOOR;
        private int metricsPort = MetricsSettings.OFF_PORT;
        private String metricsBindAddress = MetricsSettings.DEFAULT_BIND_ADDRESS;
        private PrometheusRegistry metricsRegistry;
        private Duration healthMaxQuoteAge = MetricsSettings.DEFAULT_HEALTH_MAX_QUOTE_AGE;

        private Builder() {
        }

        /**
         * Serves Prometheus metrics ({@code GET /metrics}) and a health check ({@code GET /health})
         * over HTTP on this port; 0 picks a free one (see {@link RelaySender#metricsPort()}).
         * Default: no HTTP server. Costs one thread and nothing per quote.
         */
        public Builder metricsPort(int port) {
            this.metricsPort = port;
            return this;
        }

        /** Address the metrics endpoint listens on. Default 0.0.0.0 (all). */
        public Builder metricsBindAddress(String bindAddress) {
            this.metricsBindAddress = bindAddress;
            return this;
        }

        /** Adds the sender's metrics to an application's own registry (removed again by {@link RelaySender#close()}). */
        public Builder metricsRegistry(PrometheusRegistry registry) {
            this.metricsRegistry = registry;
            return this;
        }

        /** {@link RelaySender#health()} turns unhealthy when no quote arrived from Binance for this long. Default 30 s. */
        public Builder healthMaxQuoteAge(Duration maxAge) {
            this.healthMaxQuoteAge = maxAge;
            return this;
        }

        /** The full WebSocket URL (e.g. a simulator's {@code ws://127.0.0.1:PORT/stream?streams=...}); excludes symbols/market. */
        public Builder binanceUrl(URI url) {
            this.binanceUrl = url;
            return this;
        }

        /** Symbols whose bookTicker to subscribe to; default BTCUSDT, ETHUSDT. */
        public Builder symbols(List<String> symbols) {
            this.symbols = symbols == null ? null : new ArrayList<>(symbols);
            return this;
        }

        public Builder symbols(String... symbols) {
            return symbols(Arrays.asList(symbols));
        }

        /** Spot (default) or USD-M futures. */
        public Builder market(Market market) {
            this.market = market;
            return this;
        }

        /** Adds a receiver; repeat for several, each an independent link. */
        public Builder receiver(String host, int port) {
            receivers.add(new SenderConfig.Receiver(host, port));
            return this;
        }

        /** TLS files: the CA that signed the receivers' certificates, and this sender's certificate and key (both or neither). */
        public Builder tls(Path caCert, Path clientCert, Path clientKey) {
            this.caCert = caCert;
            this.clientCert = clientCert;
            this.clientKey = clientKey;
            return this;
        }

        /** The clock for receive/send stamps and clock pongs; tests skew it. Default: system clock. */
        public Builder clock(EpochNanoClock clock) {
            this.clock = clock;
            return this;
        }

        public Builder statsInterval(Duration d) {
            this.statsInterval = d;
            return this;
        }

        public Builder heartbeatInterval(Duration d) {
            this.heartbeatInterval = d;
            return this;
        }

        public Builder linkIdleTimeout(Duration d) {
            this.linkIdleTimeout = d;
            return this;
        }

        public Builder binanceStallTimeout(Duration d) {
            this.binanceStallTimeout = d;
            return this;
        }

        public Builder binanceHandshakeTimeout(Duration d) {
            this.binanceHandshakeTimeout = d;
            return this;
        }

        /** Age at which a Binance connection is replaced, make before break; default 23 h 50 min, zero: never. */
        public Builder binanceConnectionLifetime(Duration d) {
            this.binanceConnectionLifetime = d;
            return this;
        }

        public Builder maxFrameBytes(int bytes) {
            this.maxFrameBytes = bytes;
            return this;
        }

        /**
         * Largest WebSocket frame or message accepted from Binance (default 64 KiB); a larger one
         * closes that connection, is counted ({@link SenderStats#binanceOversizeFrames()}) and the
         * sender redials at once.
         */
        public Builder binanceMaxFrameBytes(int bytes) {
            this.binanceMaxFrameBytes = bytes;
            return this;
        }

        /**
         * Made-up updates run through the WebSocket decoder, the bookTicker parser and the frame
         * encoder in memory on a thread of its own while Binance is dialled, so the first real
         * updates run compiled code (at 100-200 updates a second the JVM takes tens of seconds to
         * compile them otherwise). Nothing is sent; it stops at the first real quote. Default
         * {@value SenderConfig#DEFAULT_WARMUP_QUOTES}; 0 turns it off.
         */
        public Builder warmupQuotes(int quotes) {
            this.warmupQuotes = quotes;
            return this;
        }

        /**
         * What the hot-path thread (Binance connections and links) does while no bytes wait:
         * {@link IdleStrategy#SLEEP} (default) or {@link IdleStrategy#SPIN}, which saves the
         * wake-up per update at the cost of one whole core, busy even when the market is quiet.
         */
        public Builder idleStrategy(IdleStrategy idle) {
            this.idleStrategy = Objects.requireNonNull(idle, "idleStrategy");
            return this;
        }

        /**
         * Hot-hot: this many connections to the same Binance streams (default
         * {@value BinanceLines#DEFAULT_CONNECTIONS}, at most {@value BinanceLines#MAX_CONNECTIONS});
         * per symbol the first copy of each update id is forwarded. 1 is a single connection.
         */
        public Builder binanceConnections(int n) {
            this.binanceConnections = n;
            return this;
        }

        /** Source addresses the Binance connections bind to, connection i taking entry i modulo their number. */
        public Builder binanceLocalAddresses(List<InetAddress> addresses) {
            this.binanceLocalAddresses = addresses == null ? List.of() : List.copyOf(addresses);
            return this;
        }

        /**
         * The silence watchdog: a connection that delivered nothing for {@code multiple} times the
         * stream's observed update interval, and at least {@code floor}, while another connection
         * delivered, is replaced. Defaults 10 and 1 s.
         */
        public Builder binanceSilence(int multiple, Duration floor) {
            this.binanceSilenceMultiple = multiple;
            this.binanceSilenceFloor = floor;
            return this;
        }

        /** Validates every setting and returns the immutable configuration. */
        public SenderConfig build() {
            URI url = binanceUrl();
            if (receivers.isEmpty()) {
                throw new SenderConfigException("receiver", "no receiver configured; add receiver(host, port)");
            }
            for (SenderConfig.Receiver r : receivers) {
                if (r.host() == null || r.host().isBlank()) {
                    throw new SenderConfigException("receiver", "receiver host must not be empty");
                }
                if (r.port() < 1 || r.port() > 65535) {
                    throw new SenderConfigException("receiver", "port " + r.port() + " of " + r.host() + " is not in 1-65535");
                }
            }
            if (caCert == null) {
                throw new SenderConfigException("tls", "no CA certificate; the receiver's certificate cannot be verified without one");
            }
            if ((clientCert == null) != (clientKey == null)) {
                throw new SenderConfigException("tls", "client certificate and client key go together; got "
                    + (clientCert == null ? "a key without a certificate" : "a certificate without a key"));
            }
            Objects.requireNonNull(clock, "clock");
            statsInterval = nonNegative("statsInterval", statsInterval);
            positive("heartbeatInterval", heartbeatInterval);
            positive("linkIdleTimeout", linkIdleTimeout);
            positive("binanceStallTimeout", binanceStallTimeout);
            positive("binanceHandshakeTimeout", binanceHandshakeTimeout);
            binanceConnectionLifetime = nonNegative("binanceConnectionLifetime", binanceConnectionLifetime);
            if (maxFrameBytes < SenderConfig.MIN_MAX_FRAME_BYTES || maxFrameBytes > SenderConfig.MAX_MAX_FRAME_BYTES) {
                throw new SenderConfigException("maxFrameBytes", maxFrameBytes + " is not in " + SenderConfig.MIN_MAX_FRAME_BYTES
                    + "-" + SenderConfig.MAX_MAX_FRAME_BYTES);
            }
            if (binanceMaxFrameBytes < SenderConfig.MIN_MAX_FRAME_BYTES || binanceMaxFrameBytes > SenderConfig.MAX_MAX_FRAME_BYTES) {
                throw new SenderConfigException("binanceMaxFrameBytes", binanceMaxFrameBytes + " is not in "
                    + SenderConfig.MIN_MAX_FRAME_BYTES + "-" + SenderConfig.MAX_MAX_FRAME_BYTES);
            }
            if (warmupQuotes < 0) {
                throw new SenderConfigException("warmupQuotes", warmupQuotes + " is negative (0 turns the warm-up off)");
            }
            positive("binanceSilenceFloor", binanceSilenceFloor);
            BinanceLines lines;
            try {
                lines = new BinanceLines(binanceConnections, binanceLocalAddresses, binanceSilenceMultiple, binanceSilenceFloor);
            } catch (IllegalArgumentException e) {
                throw new SenderConfigException("binanceConnections", e.getMessage());
            }
            return new SenderConfig(url, receivers, caCert, clientCert, clientKey, clock, statsInterval, heartbeatInterval,
                linkIdleTimeout, binanceStallTimeout, binanceHandshakeTimeout, binanceConnectionLifetime, maxFrameBytes,
                binanceMaxFrameBytes, warmupQuotes, idleStrategy, lines);
        }

        /** {@link #build()} then starts the sender, with metrics when a port or registry was given. */
        public RelaySender start() {
            SenderConfig config = build();
            return RelaySender.start(config, buildMetrics(), metricsRegistry);
        }

        private MetricsSettings buildMetrics() {
            if (metricsPort < MetricsSettings.OFF_PORT || metricsPort > 65535) {
                throw new SenderConfigException("metricsPort", metricsPort + " is not in 0-65535");
            }
            positive("healthMaxQuoteAge", healthMaxQuoteAge);
            if (metricsBindAddress == null || metricsBindAddress.isBlank()) {
                throw new SenderConfigException("metricsBindAddress", "must not be empty");
            }
            return new MetricsSettings(metricsPort, metricsBindAddress, healthMaxQuoteAge);
        }

        private URI binanceUrl() {
            if (binanceUrl != null) {
                if (symbols != null || market != null) {
                    throw new SenderConfigException("binanceUrl", "give either a Binance URL or symbols and market, not both");
                }
                String scheme = binanceUrl.getScheme();
                if (!"ws".equalsIgnoreCase(scheme) && !"wss".equalsIgnoreCase(scheme) || binanceUrl.getHost() == null) {
                    throw new SenderConfigException("binanceUrl", "'" + binanceUrl + "' is not a ws:// or wss:// URL with a host");
                }
                return binanceUrl;
            }
            try {
                return BinanceEndpoints.bookTicker((market == null ? SenderConfig.DEFAULT_MARKET : market) == Market.USDM,
                    symbols == null ? SenderConfig.DEFAULT_SYMBOLS : symbols);
            } catch (IllegalArgumentException e) {
                throw new SenderConfigException("symbols", e.getMessage());
            }
        }

        private static void positive(String name, Duration d) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new SenderConfigException(name, "must be a positive duration, got " + d);
            }
        }

        private static Duration nonNegative(String name, Duration d) {
            if (d == null || d.isNegative()) {
                throw new SenderConfigException(name, "must be zero (off) or a positive duration, got " + d);
            }
            return d;
        }
    }

}
