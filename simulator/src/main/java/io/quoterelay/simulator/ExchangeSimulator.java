package io.quoterelay.simulator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Binance's market-data WebSocket that speaks the bookTicker stream format
 * byte for byte (see {@link Market}), with switches for the faults a sender must survive.
 *
 * <p>This class is the facade: start and close, URIs, counters and the fault switches. Its parts:
 * {@link SimulatorConfig} (the immutable settings the {@link Builder} validates), {@link UpdatePump}
 * (the paced generator and the global stall), {@link SimulatorServer} (the Java-WebSocket adapter:
 * handshakes, pings, connection lifetimes), {@link ClientRequests} (SUBSCRIBE and friends),
 * {@link SessionRegistry} (the open connections), and per connection {@link ConnectionDelivery}
 * behind {@link SimConnection} (jitter, delay, stall, cut).
 *
 * <p>Threads: Java-WebSocket's selector thread and one worker thread (handshakes, client requests),
 * {@code sim-generator} (makes or replays updates at an open-loop pace and hands each to every
 * subscribed connection: one String per update, shared), {@code sim-deliver-N} for a connection
 * with jitter or a delay, and {@code sim-timer} (pings, pong deadline, connection lifetime). All
 * daemon threads; {@link #close()} stops and joins the generator and the timer, bounded.
 *
 * <pre>{@code
 * try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
 *         .ratePerSecond(1000).start()) {
 *     URI uri = sim.combinedStreamUri(); // ws://127.0.0.1:PORT/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker
 * }
 * }</pre>
 */
public final class ExchangeSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExchangeSimulator.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    /** Largest frame accepted from a client: subscribe requests are a few hundred bytes (issue 13.2). */
    public static final int MAX_CLIENT_FRAME_BYTES = 64 * 1024;
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private final SimulatorConfig config;
    private final SessionRegistry sessions = new SessionRegistry();
    private final UpdatePump pump;
    private final ClientRequests requests;
    private final SimulatorServer server;
    private final ScheduledExecutorService timer;
    private final Thread generatorThread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SentListener[] listeners = new SentListener[0];

    private ExchangeSimulator(SimulatorConfig config) {
        this.config = config;
        this.pump = new UpdatePump(config, sessions, () -> listeners);
        this.requests = new ClientRequests(config.maxClientMessagesPerSecond());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-timer");
            t.setDaemon(true);
            return t;
        });
        this.server = new SimulatorServer(config, sessions, requests, timer, closed::get);
        this.generatorThread = new Thread(pump::run, "sim-generator");
        this.generatorThread.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    private ExchangeSimulator startServer() {
        server.start();
        try {
            if (!server.awaitStarted(START_TIMEOUT)) {
                close();
                throw new IllegalStateException("simulator did not start listening on " + config.host() + ":"
                    + config.port() + " within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the simulator", e);
        }
        Exception startFailure = server.startFailure();
        if (startFailure != null) {
            close();
            throw new IllegalStateException("simulator cannot listen on " + config.host() + ":" + config.port()
                + ": " + startFailure.getMessage(), startFailure);
        }
        long pingMs = config.pingInterval().toMillis();
        if (pingMs > 0) {
            timer.scheduleAtFixedRate(server::pingAll, pingMs, pingMs, TimeUnit.MILLISECONDS);
        }
        generatorThread.start();
        LOG.info("simulator listening on {} ({}, {} symbols, {})", combinedStreamUri(), config.market(),
            config.symbols().size(), pump.replayFile() == null ? config.ratePerSecond() + " updates/s" : "replaying " + pump.replayFile());
        return this;
    }

    // ---- URIs and counters ------------------------------------------------------------------

    /** The bound port (the ephemeral one when built with port 0). */
    public int port() {
        return server.getPort();
    }

    public String host() {
        return config.host();
    }

    public Market market() {
        return config.market();
    }

    public List<String> symbols() {
        return config.symbols();
    }

    /** Combined stream of every configured symbol, on the market's path. */
    public URI combinedStreamUri() {
        return streamUri(config.symbols().toArray(new String[0]));
    }

    /** Combined stream of the given symbols, e.g. {@code ws://127.0.0.1:PORT/stream?streams=btcusdt@bookTicker}. */
    public URI streamUri(String... streamSymbols) {
        StringBuilder sb = new StringBuilder(baseUri()).append(config.market().combinedPath).append("?streams=");
        for (int i = 0; i < streamSymbols.length; i++) {
            sb.append(i == 0 ? "" : "/").append(BookTickerGenerator.streamName(streamSymbols[i]));
        }
        return URI.create(sb.toString());
    }

    /** Raw stream of one symbol: messages are the inner data object alone. */
    public URI rawStreamUri(String symbol) {
        return URI.create(baseUri() + config.market().rawPath + "/" + BookTickerGenerator.streamName(symbol));
    }

    private String baseUri() {
        String h = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "ws://" + h + ":" + port();
    }

    /** Quote messages written to connections (one update sent to three connections counts three). */
    public long messagesSent() {
        return pump.messagesSent();
    }

    /** Emit-stamp replay: lines skipped because they hold no numeric {@code u} to stamp. */
    public long unstampableLines() {
        return pump.unstampableLines();
    }

    /** Updates produced (or replay lines taken), including those swallowed by a stall. */
    public long updatesGenerated() {
        return pump.updatesGenerated();
    }

    /** Updates produced while stalled, therefore sent to nobody. */
    public long stalledUpdates() {
        return pump.stalledUpdates();
    }

    public int connectionCount() {
        return sessions.size();
    }

    /** Connections whose handshake succeeded, ever. */
    public long connectionsAccepted() {
        return server.connectionsAccepted();
    }

    /** Handshakes refused for an unknown path or a bad stream name. */
    public long handshakesRejected() {
        return server.handshakesRejected();
    }

    /** Client text frames received (SUBSCRIBE and friends, garbage included). */
    public long clientRequests() {
        return requests.requests();
    }

    /** Connections closed with 1008 for sending more than the allowed requests per second. */
    public long rateLimitCloses() {
        return requests.rateLimitCloses();
    }

    /** Errors Java-WebSocket reported on connections (I/O failures, protocol violations). */
    public long connectionErrors() {
        return server.connectionErrors();
    }

    /** Waits, bounded, until at least {@code n} connections are open. */
    public boolean awaitConnections(int n, Duration timeout) {
        return sessions.await(n, timeout.toNanos());
    }

    /** Waits, bounded, until the generator stopped: maxMessages reached, replay file exhausted, or closed. */
    public boolean awaitGeneratorFinished(Duration timeout) {
        try {
            return pump.finished().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- listeners and fault switches -----------------------------------------------------------

    public synchronized void addSentListener(SentListener listener) {
        SentListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
        next[listeners.length] = listener;
        listeners = next;
    }

    public synchronized void removeSentListener(SentListener listener) {
        listeners = Arrays.stream(listeners).filter(l -> l != listener).toArray(SentListener[]::new);
    }

    /**
     * Open connection {@code i}, in the order they opened (0 is the oldest still open), to fault it
     * alone; see {@link SimConnection}. Throws when fewer than {@code i + 1} are open.
     */
    public SimConnection connection(int i) {
        Session[] open = sessions.snapshot();
        if (i < 0 || i >= open.length) {
            throw new IllegalArgumentException("no connection " + i + "; " + open.length + " open");
        }
        return new SimConnection(open[i]);
    }

    /** Every open connection, oldest first. */
    public List<SimConnection> connections() {
        return Arrays.stream(sessions.snapshot()).map(SimConnection::new).toList();
    }

    /** Abrupt end for every connection: the socket is closed without a close frame (the client sees 1006). */
    public void dropAllConnections() {
        LOG.info("dropping {} connections without a close frame", sessions.size());
        for (Session s : sessions.snapshot()) {
            s.conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by simulator");
        }
    }

    /** Polite close (close frame with {@code code} and {@code reason}) for every connection. */
    public void closeAllConnections(int code, String reason) {
        LOG.info("closing {} connections with {} {}", sessions.size(), code, reason);
        for (Session s : sessions.snapshot()) {
            s.conn.close(code, reason);
        }
    }

    /**
     * While stalled, connections stay open and pings continue, but updates go nowhere (counted in
     * {@link #stalledUpdates()}): the silent stall a sender must detect on its own. Once
     * {@code stall(true)} returns no update is half sent, so {@link #messagesSent()} stays put
     * until {@code stall(false)}.
     */
    public void stall(boolean on) {
        pump.stall(on);
    }

    /**
     * While on, new WebSocket handshakes are refused (the upgrade fails; counted in
     * {@link #handshakesRejected()}) and open connections carry on: Binance in maintenance.
     */
    public void refuseNewConnections(boolean on) {
        server.refuseNewConnections(on);
    }

    public boolean isStalled() {
        return pump.isStalled();
    }

    /** Sends {@code text} verbatim to every open connection (garbage, acks, errors, serverShutdown). */
    public void sendRawText(String text) {
        for (Session s : sessions.snapshot()) {
            s.trySend(text);
        }
    }

    /** Stops the generator, the timer and the server, and joins their threads; bounded. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pump.stop();
        sessions.close();
        LockSupport.unpark(generatorThread);
        if (generatorThread.isAlive()) {
            generatorThread.interrupt();
            join(generatorThread);
        }
        timer.shutdownNow();
        try {
            if (!timer.awaitTermination(JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                LOG.warn("sim-timer did not stop within {} ms", JOIN_TIMEOUT_MS);
            }
            server.stop((int) JOIN_TIMEOUT_MS, "simulator closing");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pump.finished().countDown();
        LOG.info("simulator closed: {} updates generated, {} messages sent, {} connections accepted",
            pump.updatesGenerated(), pump.messagesSent(), server.connectionsAccepted());
    }

    private static void join(Thread t) {
        try {
            t.join(JOIN_TIMEOUT_MS);
            if (t.isAlive()) {
                LOG.warn("{} did not stop within {} ms", t.getName(), JOIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    /** Settings with defaults; {@link #start()} validates them ({@link SimulatorConfig}) and returns a listening simulator. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private List<String> symbols = List.of("BTCUSDT", "ETHUSDT");
        private Market market = Market.SPOT;
        private long ratePerSecond = 200;
        private long maxMessages = 0;
        private Duration pingInterval = Duration.ofSeconds(20);
        private Duration pongTimeout = Duration.ofMinutes(1);
        private Duration connectionLifetime;
        private int maxClientMessagesPerSecond = 5;
        private int generateAfterConnections = 0;
        private boolean positionFields;
        private long seed = 42;
        private final Map<String, String> startPrices = new LinkedHashMap<>();
        private Path replayFile;
        private Optional<Path> replayRecvNsFile = Optional.empty();
        private double replaySpeed = 1.0;
        private boolean dueTimeUpdateIds;
        private boolean emitStamps;
        private Duration perConnectionJitter = Duration.ZERO;
        private List<Duration> connectionDelays = List.of();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** 0 picks an ephemeral port; read it with {@link ExchangeSimulator#port()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Upper-case symbols, e.g. BTCUSDT; streams are their lower-case names + {@code @bookTicker}. */
        public Builder symbols(String... symbols) {
            return symbols(Arrays.asList(symbols));
        }

        public Builder symbols(List<String> symbols) {
            this.symbols = List.copyOf(symbols);
            return this;
        }

        public Builder market(Market market) {
            this.market = market;
            return this;
        }

        /** Total updates per second across symbols, paced open-loop ({@link OpenLoopSchedule}). */
        public Builder ratePerSecond(long ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
            return this;
        }

        /** Stop after this many updates (stalled ones included); 0 = unlimited. */
        public Builder maxMessages(long maxMessages) {
            this.maxMessages = maxMessages;
            return this;
        }

        /** Server ping period (Binance: 20 s); zero disables pings and the pong deadline. */
        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        /** A connection whose last pong is older than this is dropped at the next ping (Binance: 1 min). */
        public Builder pongTimeout(Duration pongTimeout) {
            this.pongTimeout = pongTimeout;
            return this;
        }

        /** Close each connection (1000) this long after it opened: Binance's 24 h cut, shortened. Default none. */
        public Builder connectionLifetime(Duration connectionLifetime) {
            this.connectionLifetime = connectionLifetime;
            return this;
        }

        /** Client text frames allowed per connection per second before a 1008 close (Binance: 5). */
        public Builder maxClientMessagesPerSecond(int limit) {
            this.maxClientMessagesPerSecond = limit;
            return this;
        }

        /**
         * Hold the generator until this many connections are open, so a test sees every update from
         * the first; 0 (default) starts generating at once.
         */
        public Builder generateAfterConnections(int connections) {
            this.generateAfterConnections = connections;
            return this;
        }

        /** USD-M only: add the {@code ps} and {@code st} fields Binance sends since mid-2026. */
        public Builder futuresPositionFields(boolean on) {
            this.positionFields = on;
            return this;
        }

        /** Seed of the price walk, for repeatable runs. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Where a symbol's walk starts (default BTCUSDT 97000, ETHUSDT 3500, others 100). */
        public Builder startPrice(String symbol, String price) {
            this.startPrices.put(symbol, price);
            return this;
        }

        /**
         * Send the lines of a capture verbatim to every connection instead of generating; paced by the
         * sidecar's receive-time gaps divided by {@code speed}, or by {@link #ratePerSecond} without one.
         */
        public Builder replay(Path jsonlFile, Optional<Path> recvNsFile, double speed) {
            this.replayFile = jsonlFile;
            this.replayRecvNsFile = recvNsFile;
            this.replaySpeed = speed;
            return this;
        }

        /**
         * Benchmark mode: each generated update's {@code u} is the time it was due by the open-loop
         * schedule, in {@link System#nanoTime()} nanoseconds. On Linux every JVM's {@code nanoTime}
         * reads the same CLOCK_MONOTONIC, so a receiver-side executor on the same host computes the
         * update's whole-path latency from its due time as {@code System.nanoTime() - u}: free of
         * coordinated omission and of wall-clock calibration. {@code u} stays strictly increasing
         * and above 2^31, like Binance's. Generated updates only; not for replay.
         */
        public Builder dueTimeUpdateIds(boolean on) {
            this.dueTimeUpdateIds = on;
            return this;
        }

        /**
         * Benchmark mode for comparing relays on one host: every update's {@code u} and {@code E} are
         * the epoch-ns wall-clock time it was written (see {@link EmitStamps}); replay lines without a
         * numeric {@code u} are counted ({@link #unstampableLines()}) and skipped. Generated updates
         * need {@link Market#USDM_FUTURES} (spot updates have no {@code E}).
         */
        public Builder emitStamps(boolean on) {
            this.emitStamps = on;
            return this;
        }

        /**
         * Each connection gets its own delivery delay per update, exponentially distributed with this
         * mean and drawn from its own seeded generator ({@link #seed} and the connection's number), so
         * two connections receive the same update at different times, as two Binance connections do.
         * Due times per connection never go backwards (a late update holds up the next ones, as TCP
         * does). Zero (default): updates are written at once on the generator thread.
         */
        public Builder perConnectionJitter(Duration mean) {
            this.perConnectionJitter = mean;
            return this;
        }

        /**
         * A fixed extra delivery delay per connection from the start: the k-th connection accepted
         * (0 up) gets entry {@code k % size} (e.g. {@code 0, 5 ms}: every second one is 5 ms late).
         * Default none; {@link SimConnection#delay} changes it later.
         */
        public Builder connectionDelays(List<Duration> delays) {
            this.connectionDelays = List.copyOf(delays);
            return this;
        }

        /** Validates, binds and starts; returns once the server is listening. */
        public ExchangeSimulator start() {
            return new ExchangeSimulator(config()).startServer();
        }

        /** The settings so far, validated (throws {@link IllegalArgumentException} naming the bad one). */
        public SimulatorConfig config() {
            return new SimulatorConfig(host, port, symbols, market, ratePerSecond, maxMessages, pingInterval, pongTimeout,
                connectionLifetime, maxClientMessagesPerSecond, generateAfterConnections, positionFields, seed,
                startPrices, replayFile, replayRecvNsFile, replaySpeed, dueTimeUpdateIds, emitStamps, perConnectionJitter,
                connectionDelays);
        }
    }
}
