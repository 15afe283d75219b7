package io.quoterelay.simulator;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshakeBuilder;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for Binance's market-data WebSocket that speaks the bookTicker stream format
 * byte for byte (see {@link Market}), with switches for the faults a sender must survive.
 *
 * <p>This class is the facade: the server adapter, client requests, URIs and counters. Its parts:
 * {@link SimulatorConfig} (the immutable settings the {@link Builder} validates), {@link UpdatePump}
 * (the paced generator and the global stall), {@link SessionRegistry} (the open connections), and
 * per connection {@link ConnectionDelivery} behind {@link SimConnection} (jitter, delay, stall, cut).
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
    private final List<String> symbols;
    private final Map<String, Integer> symbolIndexByStream;
    private final SessionRegistry sessions = new SessionRegistry();
    private final UpdatePump pump;
    private final Server server;
    private final ScheduledExecutorService timer;
    private final Thread generatorThread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SentListener[] listeners = new SentListener[0];
    private volatile boolean refusingConnections;
    private volatile Exception startFailure;

    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong handshakesRejected = new AtomicLong();
    private final AtomicLong clientRequests = new AtomicLong();
    private final AtomicLong rateLimitCloses = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();

    private ExchangeSimulator(SimulatorConfig config) {
        this.config = config;
        this.symbols = List.copyOf(config.symbols());
        Map<String, Integer> byStream = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            byStream.put(BookTickerGenerator.streamName(symbols.get(i)), i);
        }
        this.symbolIndexByStream = Map.copyOf(byStream);
        this.pump = new UpdatePump(config, sessions, () -> listeners);
        this.server = new Server(new InetSocketAddress(config.host(), config.port()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-timer");
            t.setDaemon(true);
            return t;
        });
        this.generatorThread = new Thread(pump::run, "sim-generator");
        this.generatorThread.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    private ExchangeSimulator startServer() {
        server.start();
        try {
            if (!started.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new IllegalStateException("simulator did not start listening on " + config.host() + ":"
                    + config.port() + " within " + START_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting the simulator", e);
        }
        if (startFailure != null) {
            close();
            throw new IllegalStateException("simulator cannot listen on " + config.host() + ":" + config.port()
                + ": " + startFailure.getMessage(), startFailure);
        }
        long pingMs = config.pingInterval().toMillis();
        if (pingMs > 0) {
            timer.scheduleAtFixedRate(this::pingAll, pingMs, pingMs, TimeUnit.MILLISECONDS);
        }
        generatorThread.start();
        LOG.info("simulator listening on {} ({}, {} symbols, {})", combinedStreamUri(), config.market(),
            symbols.size(), pump.replayFile() == null ? config.ratePerSecond() + " updates/s" : "replaying " + pump.replayFile());
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
        return symbols;
    }

    /** Combined stream of every configured symbol, on the market's path. */
    public URI combinedStreamUri() {
        return streamUri(symbols.toArray(new String[0]));
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
        return connectionsAccepted.get();
    }

    /** Handshakes refused for an unknown path or a bad stream name. */
    public long handshakesRejected() {
        return handshakesRejected.get();
    }

    /** Client text frames received (SUBSCRIBE and friends, garbage included). */
    public long clientRequests() {
        return clientRequests.get();
    }

    /** Connections closed with 1008 for sending more than the allowed requests per second. */
    public long rateLimitCloses() {
        return rateLimitCloses.get();
    }

    /** Errors Java-WebSocket reported on connections (I/O failures, protocol violations). */
    public long connectionErrors() {
        return connectionErrors.get();
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
        if (refusingConnections != on) {
            LOG.info("refusing new connections {}", on ? "on" : "off");
        }
        refusingConnections = on;
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
            pump.updatesGenerated(), pump.messagesSent(), connectionsAccepted.get());
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

    // ---- sessions -------------------------------------------------------------------------------

    /** Binance pings every 20 s and drops a client whose pong is over a minute old. */
    private void pingAll() {
        long now = System.nanoTime();
        long deadlineNs = config.pongTimeout().toNanos();
        for (Session s : sessions.snapshot()) {
            if (now - s.lastPongNanos > deadlineNs) {
                LOG.info("closing {}: no pong within {}", s.conn.getRemoteSocketAddress(), config.pongTimeout());
                s.conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "no pong within " + config.pongTimeout());
            } else if (s.conn.isOpen()) {
                try {
                    s.conn.sendPing();
                } catch (RuntimeException e) {
                    connectionErrors.incrementAndGet();
                }
            }
        }
    }

    private void handleRequest(Session session, String text) {
        clientRequests.incrementAndGet();
        if (!session.admitRequest(System.nanoTime(), config.maxClientMessagesPerSecond())) {
            rateLimitCloses.incrementAndGet();
            LOG.info("closing {}: more than {} requests per second", session.conn.getRemoteSocketAddress(),
                config.maxClientMessagesPerSecond());
            session.conn.close(CloseFrame.POLICY_VALIDATION, "Too many requests");
            return;
        }
        ControlRequest request;
        try {
            request = ControlRequest.parse(text);
        } catch (ControlRequest.BadRequestException e) {
            session.trySend(e.replyJson());
            return;
        }
        String reply = reply(session, request);
        if (reply != null) {
            session.trySend(reply);
        }
    }

    /** The answer to send, or null when it was already sent (SUBSCRIBE acks before data starts). */
    private String reply(Session session, ControlRequest request) {
        String id = request.idJson();
        switch (request.method()) {
            case "SUBSCRIBE":
            case "UNSUBSCRIBE": {
                List<String> streams = new ArrayList<>();
                for (Object p : request.params()) {
                    if (!(p instanceof String) || !StreamPath.isValidStream((String) p)) {
                        return ControlRequest.errorJson(2, "Invalid request: invalid stream", id);
                    }
                    streams.add((String) p);
                }
                // Ack before the first quote of a new stream, and after the last quote of a dropped one,
                // so a client can treat the ack as the boundary.
                if (request.method().equals("SUBSCRIBE")) {
                    session.trySend(ControlRequest.resultNullJson(id));
                    session.subscribe(streams);
                    return null;
                }
                session.unsubscribe(streams);
                return ControlRequest.resultNullJson(id);
            }
            case "LIST_SUBSCRIPTIONS": {
                StringBuilder sb = new StringBuilder("[");
                for (String s : session.streams()) {
                    sb.append(sb.length() == 1 ? "" : ",").append('"').append(s).append('"');
                }
                return ControlRequest.resultJson(sb.append(']').toString(), id);
            }
            case "SET_PROPERTY":
                if (request.params().size() == 2 && "combined".equals(request.params().get(0))
                    && request.params().get(1) instanceof Boolean) {
                    session.combined = (Boolean) request.params().get(1);
                    return ControlRequest.resultNullJson(id);
                }
                return ControlRequest.errorJson(2, "Invalid request: unknown property", id);
            case "GET_PROPERTY":
                if (request.params().size() == 1 && "combined".equals(request.params().get(0))) {
                    return ControlRequest.resultJson(Boolean.toString(session.combined), id);
                }
                return ControlRequest.errorJson(2, "Invalid request: unknown property", id);
            default:
                return ControlRequest.errorJson(2, "Invalid request: unknown variant `" + request.method()
                    + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`,"
                    + " `GET_PROPERTY`", id);
        }
    }

    /** Java-WebSocket adapter: one callback per event, each delegating to the simulator. */
    private final class Server extends WebSocketServer {
        Server(InetSocketAddress address) {
            // One worker thread: client requests are rare, and a half-CPU box has few cores to spare.
            // Frames from clients are bounded (requests are a few hundred bytes): a larger one is
            // refused from its header with close code 1009, before its payload is allocated.
            super(address, 1, List.of(new Draft_6455(List.of(), List.of(new Protocol("")), MAX_CLIENT_FRAME_BYTES)));
            setReuseAddr(true);
            setTcpNoDelay(true);
            // Pings and the pong deadline are ours (sim-timer), on Binance's schedule.
            setConnectionLostTimeout(0);
            setDaemon(true);
        }

        @Override
        public ServerHandshakeBuilder onWebsocketHandshakeReceivedAsServer(WebSocket conn, Draft draft,
                                                                            ClientHandshake request)
            throws InvalidDataException {
            if (refusingConnections) {
                handshakesRejected.incrementAndGet();
                throw new InvalidDataException(CloseFrame.TRY_AGAIN_LATER, "refusing new connections (maintenance)");
            }
            try {
                conn.setAttachment(StreamPath.parse(request.getResourceDescriptor(), config.market()));
            } catch (StreamPath.RejectedPathException e) {
                handshakesRejected.incrementAndGet();
                LOG.info("refusing handshake for '{}': {}", request.getResourceDescriptor(), e.getMessage());
                throw new InvalidDataException(CloseFrame.POLICY_VALIDATION, e.getMessage());
            }
            return super.onWebsocketHandshakeReceivedAsServer(conn, draft, request);
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            StreamPath path = conn.getAttachment();
            long number = connectionsAccepted.get();
            Session session = new Session(conn, path, symbolIndexByStream, symbols.size(), config.perConnectionJitter(),
                config.seed() * 0x9E3779B97F4A7C15L + number, "sim-deliver-" + number);
            if (!config.connectionDelays().isEmpty()) {
                session.delivery.delay(config.connectionDelays().get((int) (number % config.connectionDelays().size())));
            }
            conn.setAttachment(session);
            connectionsAccepted.incrementAndGet();
            Duration lifetime = config.connectionLifetime();
            if (lifetime != null && !lifetime.isZero() && !closed.get()) {
                session.lifetimeClose = timer.schedule(
                    () -> conn.close(CloseFrame.NORMAL, "connection lifetime " + lifetime + " reached"),
                    lifetime.toNanos(), TimeUnit.NANOSECONDS);
            }
            sessions.add(session);
            LOG.info("connection from {} on {}", conn.getRemoteSocketAddress(), handshake.getResourceDescriptor());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            Object attachment = conn.getAttachment();
            if (attachment instanceof Session) {
                Session session = (Session) attachment;
                if (session.lifetimeClose != null) {
                    session.lifetimeClose.cancel(false);
                }
                sessions.remove(session);
                session.delivery.stop();
                LOG.info("connection from {} closed: {} {}{}", conn.getRemoteSocketAddress(), code, reason,
                    remote ? " (by client)" : "");
            }
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Object attachment = conn.getAttachment();
            if (attachment instanceof Session) {
                handleRequest((Session) attachment, message);
            }
        }

        @Override
        public void onWebsocketPong(WebSocket conn, Framedata f) {
            Object attachment = conn.getAttachment();
            if (attachment instanceof Session) {
                ((Session) attachment).lastPongNanos = System.nanoTime();
            }
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            if (conn == null) {
                // Bind failure or fatal selector error; before start it fails start().
                if (started.getCount() > 0) {
                    startFailure = ex;
                    started.countDown();
                } else {
                    LOG.error("simulator server failed", ex);
                }
                return;
            }
            connectionErrors.incrementAndGet();
            LOG.debug("connection {} error", conn.getRemoteSocketAddress(), ex);
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
