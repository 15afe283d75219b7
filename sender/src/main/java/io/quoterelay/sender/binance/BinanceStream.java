package io.quoterelay.sender.binance;

import static io.quoterelay.protocol.Throwables.rootMessage;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.sender.LinkState;
import io.quoterelay.sender.internal.Backoff;
import io.quoterelay.sender.internal.RateLimitedLog;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance WebSocket subscription, kept alive for as long as the sender runs.
 *
 * <p>Every connection is a Netty channel ({@link BinanceChannelInitializer}) registered on one
 * event loop given by the caller: the receiver links' loop, so that a quote goes from the
 * WebSocket frame to the TLS write on one thread (see the package description). That loop runs the
 * hot path: stamp the receive time, parse the frame's bytes into the connection's reused
 * {@link QuoteFrame}, hand it to the {@link QuoteSink}, and at the end of each read batch tell the
 * sink to flush; no locks, no logging. Dialling, deadlines and the stall watchdog run on the
 * control scheduler (one thread), which also resolves the host name, so a slow DNS answer never
 * holds up the loop.
 *
 * <p>Failures handled: connect and TLS/WebSocket handshakes that hang (own deadline, since the
 * library's connect timeout covers TCP only), silent stalls (no data for the stall timeout on an
 * open connection), closes of any kind (exponential backoff 100 ms to 10 s with +/-20% jitter,
 * reset once a connection delivered data; close code 1008 "too many requests" waits at least 60 s),
 * Binance's limit of 300 connection attempts per 5 minutes, and frames or messages larger than
 * {@code maxFrameBytes} (the decoder refuses them from their header, before allocating the payload;
 * the connection is closed, counted in {@link #oversizeFrames()} and redialled at once).
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
 * <p>Both connections of an overlap run on the same event loop, so forwarding needs no lock.
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
    /** A bookTicker is about 200 bytes; acknowledgements listing 1024 streams stay far below this. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
    /** Close code of a connection that ends without a close frame (RFC 6455 7.4.1). */
    static final int ABNORMAL_CLOSURE = 1006;

    private final URI uri;
    private final EpochNanoClock clock;
    private final QuoteSink sink;
    private final ScheduledExecutorService scheduler;
    private final long stallTimeoutNanos;
    private final Duration handshakeTimeout;
    private final Duration connectionLifetime;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final int maxFrameBytes;
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2);
    private final RateLimitedLog malformedLog =
        new RateLimitedLog(LOG, "malformed message from Binance", TimeUnit.SECONDS.toNanos(10));

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong quotes = new AtomicLong();
    private final AtomicLong nonQuotes = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong overlapDuplicates = new AtomicLong();
    private final AtomicLong rollovers = new AtomicLong();
    private final AtomicLong oversizeFrames = new AtomicLong();
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

    /** Host name to address, on the scheduler; tests map a certificate's name to loopback. */
    interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** Tests may replace it before {@link #start()}. */
    volatile HostResolver resolver = InetAddress::getByName;

    /** Tests: sees each update an overlap dropped (on the event loop). */
    volatile QuoteSink overlapDropListener;

    /** Last update id forwarded per symbol; event loop only. */
    private final java.util.Map<String, long[]> lastUpdateIds = new java.util.HashMap<>();

    // Scheduler thread only.
    private final long[] attemptTimes = new long[MAX_ATTEMPTS];
    private int attemptIndex;
    private boolean everOpened;
    private int failedAttempts;
    private String lastLoggedError;
    private long lastLoggedNanoTime;

    /**
     * @param connectionLifetime age at which a connection is replaced, make before break; zero: never
     * @param maxFrameBytes      largest WebSocket frame, and message, accepted; a larger one closes its connection
     * @param loop               the event loop every connection's channel runs on (the links' loop)
     * @param scheduler          one thread for dialling, deadlines and the stall watchdog
     */
    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                         ScheduledExecutorService scheduler, QuoteSink sink) {
        this(uri, clock, stallTimeout, handshakeTimeout, connectionLifetime, maxFrameBytes, transport, loop, scheduler, sink,
            "wss".equalsIgnoreCase(uri.getScheme()) ? clientTls(null) : null);
    }

    /** Tests: {@code tls} from {@link #clientTls(Path)} with their own CA. */
    BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                  Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                  ScheduledExecutorService scheduler, QuoteSink sink, SslContext tls) {
        if (connectionLifetime.isNegative()) {
            throw new IllegalArgumentException("connectionLifetime must be zero (never) or positive, got " + connectionLifetime);
        }
        if (maxFrameBytes < 1024) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 1024, got " + maxFrameBytes);
        }
        this.connectionLifetime = connectionLifetime;
        this.uri = uri;
        this.clock = clock;
        this.stallTimeoutNanos = stallTimeout.toNanos();
        this.handshakeTimeout = handshakeTimeout;
        this.maxFrameBytes = maxFrameBytes;
        this.loop = loop;
        this.scheduler = scheduler;
        this.sink = sink;
        this.bootstrap = new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, handshakeTimeout.toMillis()))
            .handler(new BinanceChannelInitializer(this, uri, tls, maxFrameBytes, handshakeTimeout.toMillis()));
    }

    /**
     * TLS for wss: the certificate must chain to {@code trustedCa} (null: the JDK's trust store, as
     * for Binance) and name the URL's host, which SNI carries too (see {@link BinanceChannelInitializer}).
     */
    static SslContext clientTls(Path trustedCa) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
            if (trustedCa != null) {
                b.trustManager(trustedCa.toFile());
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for Binance: " + e.getMessage(), e);
        }
    }

    /** Opens the first connection and starts the stall watchdog; returns at once. */
    public void start() {
        long checkEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(stallTimeoutNanos / 5, TimeUnit.SECONDS.toNanos(1)));
        scheduler.scheduleWithFixedDelay(this::checkStall, checkEvery, checkEvery, TimeUnit.NANOSECONDS);
        scheduler.execute(this::connectNew);
    }

    // ---------------------------------------------------------------- event loop (hot path)

    /** One text message (a final frame, or a fragmented message aggregated); event loop. */
    void onText(Connection c, ByteBuf content) {
        long receivedNs = clock.epochNanos();
        c.lastDataNanoTime = System.nanoTime();
        if (c != active && !promote(c) && c != retiring) {
            return;
        }
        messages.incrementAndGet();
        int length = content.readableBytes();
        byte[] bytes;
        int offset;
        if (content.hasArray()) {
            bytes = content.array();
            offset = content.arrayOffset() + content.readerIndex();
        } else {
            bytes = c.bytes(length);
            offset = 0;
            content.getBytes(content.readerIndex(), bytes, 0, length);
        }
        switch (c.parser.parse(bytes, offset, length, c.frame)) {
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
                String text = new String(bytes, offset, Math.min(length, 400), StandardCharsets.UTF_8);
                malformedLog.warn(() -> why + "; text: " + RateLimitedLog.truncate(text, 200));
            }
        }
    }

    /** Binance sends text only; a binary frame is counted as a non-quote rather than guessed at. Event loop. */
    void onBinary(Connection c) {
        c.lastDataNanoTime = System.nanoTime();
        if (c == active) {
            messages.incrementAndGet();
            nonQuotes.incrementAndGet();
        }
    }

    /** The end of one read from a connection's socket: the sink writes what it holds in one flush. Event loop. */
    void onReadComplete() {
        sink.onBatchEnd();
    }

    /** One quote to the sink, with the overlap's de-duplication. Event loop only. */
    private void forward(QuoteFrame frame) {
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

    /**
     * First message on a new connection: it becomes the one whose data counts. The one it
     * replaces is still read for {@link #ROLLOVER_OVERLAP} when it is alive (a rollover), then closed.
     */
    private boolean promote(Connection c) {
        if (c != newest) {
            return false; // a superseded connection: retiring (read on) or dead (ignored)
        }
        Connection previous = active;
        // retiring first: the old connection, seeing itself no longer active, must already see
        // itself retiring, or it drops what it reads in between (lost updates).
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

    /** From the event loop: after close() the scheduler is gone and there is nothing left to do. */
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
        Connection c = new Connection();
        newest = c;
        dial(c);
        scheduler.schedule(() -> {
            if (!c.opened && !c.ended) {
                abort(c, "no WebSocket handshake within " + handshakeTimeout.toMillis() + " ms");
            }
        }, handshakeTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Resolves here, on the scheduler (Netty's default resolver would block the event loop), then
     * connects; the channel's close, whatever its cause, ends up in {@link #onClosed} once.
     */
    private void dial(Connection c) {
        InetSocketAddress address;
        try {
            int port = uri.getPort() > 0 ? uri.getPort() : "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            address = new InetSocketAddress(resolver.resolve(uri.getHost()), port);
        } catch (UnknownHostException e) {
            c.error = e;
            onClosed(c, ABNORMAL_CLOSURE, null, false);
            return;
        }
        ChannelFuture f = bootstrap.clone().attr(BinanceChannelInitializer.CONNECTION, c).connect(address);
        c.channel = f.channel();
        // A connect that fails at once can close the channel before its future fails; the reason is
        // that failure, so the close is handled once the future is done.
        // The frame decoder closes the channel on a protocol violation before it raises the error
        // that says why (an oversize frame): one more turn of the loop lets the handler record it.
        f.channel().closeFuture().addListener(cf -> f.addListener(done -> {
            if (!f.isSuccess() && c.error == null) {
                c.error = f.cause();
            }
            Runnable report = () -> runOnScheduler(() -> onClosed(c, c.closeCode, c.closeReason, c.closedByPeer));
            try {
                f.channel().eventLoop().execute(report);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                report.run();
            }
        }));
        f.addListener(cf -> {
            if (!cf.isSuccess()) {
                f.channel().close();
            }
        });
    }

    /** The WebSocket handshake completed; event loop. */
    void onHandshakeComplete(Connection c) {
        c.lastDataNanoTime = System.nanoTime();
        c.opened = true;
        runOnScheduler(() -> onOpened(c));
    }

    /**
     * A frame or message over {@link #maxFrameBytes}: refused from its header, so nothing that size
     * is allocated. Closing and redialling at once is all a client can do; event loop.
     */
    void onOversizeFrame(Connection c, String detail) {
        oversizeFrames.incrementAndGet();
        if (c.abortReason == null) {
            String why = detail == null ? "" : detail.endsWith(".") ? detail.substring(0, detail.length() - 1) : detail;
            c.abortReason = "oversize WebSocket frame refused (" + why + "; limit BINANCE_MAX_FRAME_BYTES="
                + maxFrameBytes + ")";
        }
        c.oversize = true;
        Channel ch = c.channel;
        if (ch != null) {
            ch.close();
        }
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
        if (c.oversize && c.opened) {
            // The peer misbehaved, not the network: redial at once (the attempt limit still applies).
            LOG.warn("Binance connection lost: {}; reconnecting now", why);
            lastLoggedError = why;
            lastLoggedNanoTime = System.nanoTime();
            scheduler.execute(this::connectNew);
            return;
        }
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
        malformedLog.flush(); // a burst of bad messages gets its count now, not with the next one
        Connection c = newest;
        if (c == null || !c.opened || c.ended || closed) {
            return;
        }
        long silentNanos = System.nanoTime() - c.lastDataNanoTime;
        if (silentNanos > stallTimeoutNanos) {
            abort(c, "no data for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms on an open connection (silent stall)");
        }
    }

    /** Ends a connection whatever state it is in; closing the channel also breaks a hanging handshake. */
    private void abort(Connection c, String reason) {
        if (c.ended) {
            return;
        }
        if (c.abortReason == null) {
            c.abortReason = reason;
        }
        Channel ch = c.channel;
        if (ch != null) {
            ch.close();
        }
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

    /** Connections closed because a frame or message exceeded the size limit. */
    public long oversizeFrames() {
        return oversizeFrames.get();
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
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
        for (Connection c : new Connection[] {active, newest, retiring}) {
            if (c != null && c.channel != null) {
                ChannelFuture f = c.channel.close();
                if (!loop.inEventLoop()) {
                    f.awaitUninterruptibly(2, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** One WebSocket connection: its channel, and the parser, frame and buffer its messages reuse. */
    static final class Connection {
        final BookTickerParser parser = new BookTickerParser();
        final QuoteFrame frame = new QuoteFrame();
        private byte[] bytes = new byte[4096];
        volatile Channel channel;
        volatile long lastDataNanoTime;
        volatile boolean opened;
        volatile boolean ended;
        volatile String abortReason;
        volatile Throwable error;
        volatile boolean oversize;
        volatile int closeCode = ABNORMAL_CLOSURE;
        volatile String closeReason;
        volatile boolean closedByPeer;

        /** A reused copy buffer of at least {@code length} bytes (bounded by the frame limit). */
        byte[] bytes(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, Math.min(bytes.length * 2, Integer.MAX_VALUE - 8))];
            }
            return bytes;
        }
    }
}
