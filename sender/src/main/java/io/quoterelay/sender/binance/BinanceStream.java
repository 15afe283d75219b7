package io.quoterelay.sender.binance;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.sender.LinkState;
import io.quoterelay.sender.internal.Backoff;
import io.quoterelay.sender.internal.RateLimitedLog;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance WebSocket subscription, kept alive for as long as the sender runs.
 *
 * <p>Java-WebSocket clients cannot be reused and must not reconnect from their own threads, so
 * every connection is a new client, created on the control scheduler (one thread). Each client
 * runs its own read thread, which is the hot path: stamp the receive time, parse into the
 * connection's reused {@link QuoteFrame}, hand it to the {@link QuoteSink}; no locks, no logging.
 *
 * <p>Failures handled: connect and TLS/WebSocket handshakes that hang (own deadline, since the
 * library's connect timeout covers TCP only), silent stalls (no data for the stall timeout on an
 * open connection), closes of any kind (exponential backoff 100 ms to 10 s with +/-20% jitter,
 * reset once a connection delivered data; close code 1008 "too many requests" waits at least 60 s),
 * Binance's limit of 300 connection attempts per 5 minutes, and {@code serverShutdown}, on which a
 * fresh connection is opened at once and replaces the old one when it delivers its first message.
 */
public final class BinanceStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.quoterelay.sender.binance");
    private static final int MAX_ATTEMPTS = 300;
    private static final long ATTEMPT_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final Duration TOO_MANY_REQUESTS_WAIT = Duration.ofSeconds(60);
    private static final int POLICY_VIOLATION = 1008;
    private static final long REPEAT_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final URI uri;
    private final EpochNanoClock clock;
    private final QuoteSink sink;
    private final ScheduledExecutorService scheduler;
    private final long stallTimeoutNanos;
    private final Duration handshakeTimeout;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2);
    private final RateLimitedLog malformedLog =
        new RateLimitedLog(LOG, "malformed message from Binance", TimeUnit.SECONDS.toNanos(10));

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong quotes = new AtomicLong();
    private final AtomicLong nonQuotes = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private volatile long reconnects;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile String lastError;
    private volatile boolean closed;

    /** The connection whose messages are processed. */
    private volatile Connection active;
    /** The connection opened last; it replaces {@link #active} when it delivers data. */
    private volatile Connection newest;

    // Scheduler thread only.
    private final long[] attemptTimes = new long[MAX_ATTEMPTS];
    private int attemptIndex;
    private boolean everOpened;
    private int failedAttempts;
    private String lastLoggedError;
    private long lastLoggedNanoTime;

    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         ScheduledExecutorService scheduler, QuoteSink sink) {
        this.uri = uri;
        this.clock = clock;
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.handshakeTimeout = handshakeTimeout;
        this.scheduler = scheduler;
        this.sink = sink;
    }

    /** Opens the first connection and starts the stall watchdog; returns at once. */
    public void start() {
        long checkEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(stallTimeoutNanos / 5, TimeUnit.SECONDS.toNanos(1)));
        scheduler.scheduleWithFixedDelay(this::checkStall, checkEvery, checkEvery, TimeUnit.NANOSECONDS);
        scheduler.execute(this::connectNew);
    }

    // ---------------------------------------------------------------- read thread (hot path)

    private void onText(Connection c, String text) {
        long receivedNs = clock.epochNanos();
        c.lastDataNanoTime = System.nanoTime();
        if (c != active && !promote(c)) {
            return;
        }
        messages.incrementAndGet();
        switch (c.parser.parse(text, c.frame)) {
            case QUOTE -> {
                quotes.incrementAndGet();
                c.frame.senderReceiveTimeNs(receivedNs);
                sink.onQuote(c.frame);
            }
            case NON_QUOTE -> {
                nonQuotes.incrementAndGet();
                if (c.parser.serverShutdown()) {
                    runOnScheduler(() -> onServerShutdown(c));
                }
            }
            case MALFORMED -> {
                malformed.incrementAndGet();
                String why = c.parser.lastError();
                malformedLog.warn(() -> why + "; text: " + RateLimitedLog.truncate(text, 200));
            }
        }
    }

    /** First message on a new connection: it becomes the one whose data counts; the one it replaces is closed. */
    private boolean promote(Connection c) {
        if (c != newest) {
            return false; // a superseded connection still draining: its data is a duplicate
        }
        Connection previous = active;
        active = c;
        runOnScheduler(() -> {
            backoff.reset();
            if (previous != null && previous != c) {
                abort(previous, "replaced by a fresh connection");
            }
        });
        return true;
    }

    /** From a read thread: after close() the scheduler is gone and there is nothing left to do. */
    private void runOnScheduler(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    // ---------------------------------------------------------------- scheduler thread

    private void connectNew() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long oldest = attemptTimes[attemptIndex];
        if (oldest != 0 && now - oldest < ATTEMPT_WINDOW_NANOS) {
            long wait = ATTEMPT_WINDOW_NANOS - (now - oldest);
            LOG.warn("{} Binance connection attempts in 5 minutes (Binance's limit); next attempt in {} s",
                MAX_ATTEMPTS, TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
            scheduler.schedule(this::connectNew, wait, TimeUnit.NANOSECONDS);
            return;
        }
        attemptTimes[attemptIndex] = now;
        attemptIndex = (attemptIndex + 1) % MAX_ATTEMPTS;
        Connection c = new Connection(uri, (int) handshakeTimeout.toMillis());
        newest = c;
        c.connect();
        scheduler.schedule(() -> {
            if (!c.opened && !c.ended) {
                abort(c, "no WebSocket handshake within " + handshakeTimeout.toMillis() + " ms");
            }
        }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void onOpened(Connection c) {
        if (c.ended || closed) {
            return;
        }
        if (everOpened) {
            reconnects++;
        }
        everOpened = true;
        state = LinkState.UP;
        lastError = null;
        LOG.info("connected to {}{}", uri, failedAttempts > 0 ? " after " + failedAttempts + " failed attempts" : "");
        failedAttempts = 0;
        lastLoggedError = null;
    }

    private void onClosed(Connection c, int code, String reason, boolean remote) {
        if (c.ended) {
            return;
        }
        c.ended = true;
        if (closed || c != newest) {
            return; // shutting down, or an older connection a fresh one already replaced
        }
        String why = c.abortReason != null ? c.abortReason
            : c.error != null && !c.opened ? "cannot connect: " + rootMessage(c.error)
            : "closed (code " + code + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")"
                + (remote ? " by Binance" : "");
        boolean wasUp = state == LinkState.UP;
        state = LinkState.DOWN;
        lastError = why;
        long now = System.nanoTime();
        if (wasUp) {
            LOG.warn("Binance connection lost: {}; reconnecting", why);
            lastLoggedError = why;
            lastLoggedNanoTime = now;
        } else {
            failedAttempts++;
            if (!why.equals(lastLoggedError) || failedAttempts % 10 == 0 || now - lastLoggedNanoTime >= REPEAT_LOG_NANOS) {
                LOG.warn("Binance connection to {} failed: {} (attempt {}, retrying with backoff)", uri, why, failedAttempts);
                lastLoggedError = why;
                lastLoggedNanoTime = now;
            }
        }
        long delay = backoff.nextDelayNanos();
        if (code == POLICY_VIOLATION) {
            // 1008: Binance says we asked too often; returning quickly would prolong the ban.
            backoff.atLeast(TOO_MANY_REQUESTS_WAIT);
            delay = Math.max(delay, TOO_MANY_REQUESTS_WAIT.toNanos());
            LOG.warn("Binance closed with 1008 (too many requests); waiting {} s", TimeUnit.NANOSECONDS.toSeconds(delay));
        }
        scheduler.schedule(this::connectNew, delay, TimeUnit.NANOSECONDS);
    }

    private void onServerShutdown(Connection c) {
        if (closed || c != active || c != newest) {
            return;
        }
        LOG.info("Binance announced serverShutdown; opening a fresh connection before this one ends");
        connectNew();
    }

    private void checkStall() {
        Connection c = newest;
        if (c == null || !c.opened || c.ended || closed) {
            return;
        }
        long silentNanos = System.nanoTime() - c.lastDataNanoTime;
        if (silentNanos > stallTimeoutNanos) {
            abort(c, "no data for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms on an open connection (silent stall)");
        }
    }

    /** Ends a connection whatever state it is in; closing the socket also breaks a hanging handshake. */
    private void abort(Connection c, String reason) {
        if (c.ended) {
            return;
        }
        if (c.abortReason == null) {
            c.abortReason = reason;
        }
        try {
            Socket s = c.getSocket();
            if (s != null) {
                s.close();
            }
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        c.close();
        // Should the library never report the close, do not wait for it forever.
        scheduler.schedule(() -> onClosed(c, -1, reason, false), 2, TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- API

    public URI uri() {
        return uri;
    }

    public long messages() {
        return messages.get();
    }

    public long quotes() {
        return quotes.get();
    }

    public long nonQuotes() {
        return nonQuotes.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Connections opened after the first one. */
    public long reconnects() {
        return reconnects;
    }

    public LinkState state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    @Override
    public void close() {
        closed = true;
        state = LinkState.CLOSED;
        Connection a = active;
        Connection n = newest;
        if (a != null) {
            a.close();
        }
        if (n != null && n != a) {
            n.close();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** One WebSocket connection, with the parser and frame its read thread reuses. */
    private final class Connection extends WebSocketClient {
        final BookTickerParser parser = new BookTickerParser();
        final QuoteFrame frame = new QuoteFrame();
        volatile long lastDataNanoTime;
        volatile boolean opened;
        volatile boolean ended;
        volatile String abortReason;
        volatile Exception error;

        Connection(URI target, int connectTimeoutMillis) {
            // No extensions in the draft: permessage-deflate stays off (it costs CPU per message for ~200-byte frames).
            super(target, new Draft_6455(), null, connectTimeoutMillis);
            setTcpNoDelay(true); // Java-WebSocket turns it off by default
            setConnectionLostTimeout((int) Math.max(10, TimeUnit.NANOSECONDS.toSeconds(stallTimeoutNanos)));
            setDaemon(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            lastDataNanoTime = System.nanoTime();
            opened = true;
            runOnScheduler(() -> onOpened(this));
        }

        @Override
        public void onMessage(String text) {
            onText(this, text);
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            // Binance sends text only; count a binary frame as a non-quote rather than guess at it.
            lastDataNanoTime = System.nanoTime();
            if (this == active) {
                messages.incrementAndGet();
                nonQuotes.incrementAndGet();
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            runOnScheduler(() -> onClosed(this, code, reason, remote));
        }

        @Override
        public void onError(Exception ex) {
            if (error == null) {
                error = ex;
            }
        }
    }
}
