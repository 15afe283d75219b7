package io.quoterelay.simulator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
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
 * The Java-WebSocket adapter: one callback per event. A handshake is checked against Binance's
 * paths ({@link StreamPath}) and the maintenance switch; an opened connection becomes a
 * {@link Session} in the {@link SessionRegistry}, with its delay and its lifetime; text frames go to
 * {@link ClientRequests}; pongs are noted, and {@link #pingAll()} pings on Binance's schedule.
 */
final class SimulatorServer extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorServer.class);

    private final SimulatorConfig config;
    private final Map<String, Integer> symbolIndexByStream;
    private final SessionRegistry sessions;
    private final ClientRequests requests;
    private final ScheduledExecutorService timer;
    private final BooleanSupplier closing;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    private volatile boolean refusingConnections;

    private final AtomicLong connectionsAccepted = new AtomicLong();
    private final AtomicLong handshakesRejected = new AtomicLong();
    private final AtomicLong connectionErrors = new AtomicLong();

    /** {@code timer} runs connection lifetimes; none is scheduled once {@code closing} says so. */
    SimulatorServer(SimulatorConfig config, SessionRegistry sessions, ClientRequests requests,
                    ScheduledExecutorService timer, BooleanSupplier closing) {
        // One worker thread: client requests are rare, and a half-CPU box has few cores to spare.
        // Frames from clients are bounded (requests are a few hundred bytes): a larger one is
        // refused from its header with close code 1009, before its payload is allocated.
        super(new InetSocketAddress(config.host(), config.port()), 1,
            List.of(new Draft_6455(List.of(), List.of(new Protocol("")), ExchangeSimulator.MAX_CLIENT_FRAME_BYTES)));
        this.config = config;
        this.sessions = sessions;
        this.requests = requests;
        this.timer = timer;
        this.closing = closing;
        Map<String, Integer> byStream = new HashMap<>();
        for (int i = 0; i < config.symbols().size(); i++) {
            byStream.put(BookTickerGenerator.streamName(config.symbols().get(i)), i);
        }
        this.symbolIndexByStream = Map.copyOf(byStream);
        setReuseAddr(true);
        setTcpNoDelay(true);
        // Pings and the pong deadline are ours (sim-timer), on Binance's schedule.
        setConnectionLostTimeout(0);
        setDaemon(true);
    }

    /** Whether the server came to listen, or failed to ({@link #startFailure()}), within {@code timeout}. */
    boolean awaitStarted(Duration timeout) throws InterruptedException {
        return started.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Why the server could not listen; null while it could. */
    Exception startFailure() {
        return startFailure;
    }

    long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    long handshakesRejected() {
        return handshakesRejected.get();
    }

    long connectionErrors() {
        return connectionErrors.get();
    }

    void refuseNewConnections(boolean on) {
        if (refusingConnections != on) {
            LOG.info("refusing new connections {}", on ? "on" : "off");
        }
        refusingConnections = on;
    }

    /** Binance pings every 20 s and drops a client whose pong is over a minute old. */
    void pingAll() {
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
        Session session = new Session(conn, path, symbolIndexByStream, config.symbols().size(),
            config.perConnectionJitter(), config.seed() * 0x9E3779B97F4A7C15L + number, "sim-deliver-" + number);
        if (!config.connectionDelays().isEmpty()) {
            session.delivery.delay(config.connectionDelays().get((int) (number % config.connectionDelays().size())));
        }
        conn.setAttachment(session);
        connectionsAccepted.incrementAndGet();
        Duration lifetime = config.connectionLifetime();
        if (lifetime != null && !lifetime.isZero() && !closing.getAsBoolean()) {
            session.lifetimeClose = timer.schedule(
                () -> conn.close(CloseFrame.NORMAL, "connection lifetime " + lifetime + " reached"),
                lifetime.toNanos(), TimeUnit.NANOSECONDS);
        }
        sessions.add(session);
        LOG.info("connection from {} on {}", conn.getRemoteSocketAddress(), handshake.getResourceDescriptor());
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn.getAttachment() instanceof Session session) {
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
        if (conn.getAttachment() instanceof Session session) {
            requests.handle(session, message);
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        if (conn.getAttachment() instanceof Session session) {
            session.lastPongNanos = System.nanoTime();
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
