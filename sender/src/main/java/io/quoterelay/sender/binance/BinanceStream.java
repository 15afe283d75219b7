package io.quoterelay.sender.binance;

import static io.quoterelay.ops.Throwables.rootMessage;

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
 * Binance's limit of 300 connection attempts per 5 minutes.
 *
 * <p><b>Rollover, make before break.</b> Binance ends every connection after 24 hours, and earlier
 * on maintenance after a {@code serverShutdown} event. On that event, and proactively once a
 * connection has lived {@code connectionLifetime} (default {@value #DEFAULT_LIFETIME_TEXT}), a fresh
 * connection is opened while the old one still delivers. Both are read during an overlap: the
 * fresh one becomes the connection that counts at its first message, the old one is closed
 * {@link #ROLLOVER_OVERLAP} later, so whatever the old one still had in flight arrives too. The
 * overlap delivers most updates twice; per symbol Binance's update id {@code u} only rises, so an
 * update whose {@code u} is not above the last one forwarded for its symbol is dropped and counted
 * ({@link #overlapDuplicates()}), never forwarded twice. Outside an overlap nothing is dropped by
 * {@code u}, so an exchange (or simulator) that restarts its numbering is not silenced.
 *
 * <p>The two read threads of an overlap must not call the sink at once, so forwarding takes one
 * monitor; outside an overlap only one thread ever takes it (uncontended: one CAS per quote).
 */
public final class BinanceStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.quoterelay.sender.binance");
    private static final int MAX_ATTEMPTS = 300;
    private static final long ATTEMPT_WINDOW_NANOS = TimeUnit.MINUTES.toNanos(5);
    private static final Duration TOO_MANY_REQUESTS_WAIT = Duration.ofSeconds(60);
    private static final int POLICY_VIOLATION = 1008;
    private static final long REPEAT_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Ten minutes inside Binance's 24 hour cut: time to roll over, and to retry should the first try fail. */
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofHours(23).plusMinutes(50);
    static final String DEFAULT_LIFETIME_TEXT = "23 h 50 min";
    /** How long the old connection is still read after the fresh one delivered its first message. */
    public static final Duration ROLLOVER_OVERLAP = Duration.ofSeconds(2);
    /** Symbols whose last update id is remembered for the overlap; more are forwarded without the check. */
    private static final int MAX_TRACKED_SYMBOLS = 4096;

    private final URI uri;
    private final EpochNanoClock clock;
    private final QuoteSink sink;
    private final ScheduledExecutorService scheduler;
    private final long stallTimeoutNanos;
    private final Duration handshakeTimeout;
    private final Duration connectionLifetime;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2);
    private final RateLimitedLog malformedLog =
        new RateLimitedLog(LOG, "malformed message from Binance", TimeUnit.SECONDS.toNanos(10));

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong quotes = new AtomicLong();
    private final AtomicLong nonQuotes = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong overlapDuplicates = new AtomicLong();
    private final AtomicLong rollovers = new AtomicLong();
    private volatile long reconnects;
    private volatile LinkState state = LinkState.CONNECTING;
    private volatile String lastError;
    private volatile boolean closed;

    /** The connection whose messages are processed. */
    private volatile Connection active;
    /** The connection opened last; it replaces {@link #active} when it delivers data. */
    private volatile Connection newest;
    /** The connection a rollover replaced, still read until {@link #ROLLOVER_OVERLAP} has passed. */
    private volatile Connection retiring;
    /** True from the start of a rollover until the old connection is closed: then {@code u} de-duplicates. */
    private volatile boolean overlapping;

    /** Tests: sees each update an overlap dropped (under the forwarding monitor). */
    volatile QuoteSink overlapDropListener;

    /** Last update id forwarded per symbol; guarded by itself (see the class comment). */
    private final java.util.Map<String, long[]> lastUpdateIds = new java.util.HashMap<>();

    // Scheduler thread only.
    private final long[] attemptTimes = new long[MAX_ATTEMPTS];
    private int attemptIndex;
    private boolean everOpened;
    private int failedAttempts;
    private String lastLoggedError;
    private long lastLoggedNanoTime;

    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         ScheduledExecutorService scheduler, QuoteSink sink) {
        this(uri, clock, stallTimeout, handshakeTimeout, DEFAULT_CONNECTION_LIFETIME, scheduler, sink);
    }

    /** {@code connectionLifetime}: age at which a connection is replaced, make before break; zero: never. */
    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         Duration connectionLifetime, ScheduledExecutorService scheduler, QuoteSink sink) {
        if (connectionLifetime.isNegative()) {
            throw new IllegalArgumentException("connectionLifetime must be zero (never) or positive, got " + connectionLifetime);
        }
        this.connectionLifetime = connectionLifetime;
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
        if (c != active && !promote(c) && c != retiring) {
            return;
        }
        messages.incrementAndGet();
        switch (c.parser.parse(text, c.frame)) {
            case QUOTE -> {
                c.frame.senderReceiveTimeNs(receivedNs);
                forward(c.frame);
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

    /**
     * One quote to the sink, with the overlap's de-duplication. The monitor serialises the two read
     * threads of an overlap; at other times one thread takes it uncontended.
     */
    private void forward(QuoteFrame frame) {
        synchronized (lastUpdateIds) {
            long u = frame.updateId();
            if (u >= 0) {
                long[] last = lastUpdateIds.get(frame.symbol());
                if (last == null && lastUpdateIds.size() < MAX_TRACKED_SYMBOLS) {
                    last = new long[] {Long.MIN_VALUE};
                    lastUpdateIds.put(frame.symbol(), last);
                }
                if (last != null) {
                    if (u <= last[0] && overlapping) {
                        overlapDuplicates.incrementAndGet();
                        QuoteSink l = overlapDropListener;
                        if (l != null) {
                            l.onQuote(frame);
                        }
                        return;
                    }
                    last[0] = u;
                }
            }
            quotes.incrementAndGet();
            sink.onQuote(frame);
        }
    }

    /**
     * First message on a new connection: it becomes the one whose data counts. The one it
     * replaces is still read for {@link #ROLLOVER_OVERLAP} when it is alive (a rollover), then closed.
     */
    private boolean promote(Connection c) {
        if (c != newest) {
            return false; // a superseded connection: retiring (read on) or dead (ignored)
        }
        Connection previous = active;
        // retiring first: the old connection's read thread, seeing itself no longer active, must
        // already see itself retiring, or it drops what it reads in between (lost updates).
        if (previous != null && previous != c && overlapping && !previous.ended) {
            retiring = previous;
        }
        active = c;
        runOnScheduler(() -> {
            backoff.reset();
            if (previous == null || previous == c) {
                return;
            }
            if (retiring == previous) {
                scheduler.schedule(() -> retire(previous), ROLLOVER_OVERLAP.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                abort(previous, "replaced by a fresh connection");
                overlapping = false;
            }
        });
        return true;
    }

    private void retire(Connection previous) {
        abort(previous, "replaced by a fresh connection (rollover)");
        if (retiring == previous) {
            retiring = null;
            overlapping = false;
            LOG.info("rollover complete: {} duplicate updates from the overlap dropped so far", overlapDuplicates.get());
        }
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
        if (!connectionLifetime.isZero()) {
            scheduler.schedule(() -> {
                if (!closed && c == active && c == newest && !c.ended) {
                    startRollover(c, "connection lifetime " + connectionLifetime + " reached");
                }
            }, connectionLifetime.toNanos(), TimeUnit.NANOSECONDS);
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
        if (closed) {
            return;
        }
        String why = c.abortReason != null ? c.abortReason
            : c.error != null && !c.opened ? "cannot connect: " + rootMessage(c.error)
            : "closed (code " + code + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")"
                + (remote ? " by Binance" : "");
        if (c != newest) {
            if (c == active && !newest.opened) {
                // The delivering connection ended before the fresh one is up: nothing delivers now.
                state = LinkState.CONNECTING;
                lastError = why + "; its replacement is still connecting";
            }
            return; // the fresh connection's own outcome decides what comes next
        }
        Connection current = active;
        if (current != null && current != c && !current.ended) {
            // A rollover's fresh connection failed while the current one still delivers: the stream
            // is up; try again for a fresh one while the current connection lasts.
            LOG.warn("fresh Binance connection for the rollover failed: {}; the current one still delivers, retrying", why);
            scheduler.schedule(this::connectNew, retryDelayNanos(code), TimeUnit.NANOSECONDS);
            return;
        }
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
        scheduler.schedule(this::connectNew, retryDelayNanos(code), TimeUnit.NANOSECONDS);
    }

    private long retryDelayNanos(int closeCode) {
        long delay = backoff.nextDelayNanos();
        if (closeCode == POLICY_VIOLATION) {
            // 1008: Binance says we asked too often; returning quickly would prolong the ban.
            backoff.atLeast(TOO_MANY_REQUESTS_WAIT);
            delay = Math.max(delay, TOO_MANY_REQUESTS_WAIT.toNanos());
            LOG.warn("Binance closed with 1008 (too many requests); waiting {} s", TimeUnit.NANOSECONDS.toSeconds(delay));
        }
        return delay;
    }

    private void onServerShutdown(Connection c) {
        if (closed || c != active || c != newest) {
            return;
        }
        startRollover(c, "Binance announced serverShutdown");
    }

    /** Make before break: a fresh connection while {@code c} still delivers; see the class comment. */
    private void startRollover(Connection c, String why) {
        LOG.info("{}; opening a fresh connection before this one ends (make before break)", why);
        rollovers.incrementAndGet();
        overlapping = true;
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

    /** Quotes forwarded to the sink (an overlap's duplicates excluded: see {@link #overlapDuplicates()}). */
    public long quotes() {
        return quotes.get();
    }

    public long nonQuotes() {
        return nonQuotes.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Updates dropped during a rollover's overlap because their {@code u} was already forwarded. */
    public long overlapDuplicates() {
        return overlapDuplicates.get();
    }

    /** Make-before-break rollovers started (lifetime reached or {@code serverShutdown}). */
    public long rollovers() {
        return rollovers.get();
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
        Connection r = retiring;
        if (a != null) {
            a.close();
        }
        if (n != null && n != a) {
            n.close();
        }
        if (r != null && r != a && r != n) {
            r.close();
        }
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
