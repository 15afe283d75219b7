package io.quoterelay.sender;

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
import io.quoterelay.protocol.RateLimitedLog;
import io.quoterelay.protocol.netty.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Binance WebSocket subscription, kept alive for as long as the sender runs, over one or more
 * hot-hot connections ("lines") to the same streams.
 *
 * <p>Every connection is a Netty channel ({@link BinanceChannelInitializer}) registered on one
 * event loop given by the caller: the receiver links' loop, so that a quote goes from the
 * WebSocket frame to the TLS write on one thread (see the package description). That loop runs the
 * hot path: stamp the receive time, parse the frame's bytes into the connection's reused
 * {@link QuoteFrame}, let the {@link UpdateArbiter} decide whether this copy is the first, hand it
 * to the {@link QuoteSink}, and at the end of each read batch tell the sink to flush. No lock of
 * its own (all connections share the loop), and no logging but rate-limited warnings on bad data;
 * the links behind the sink take their {@link PendingQuotes} lock once per quote, uncontended
 * unless a stats or metrics reader holds it for a moment. Dialling, deadlines and the watchdogs run on the
 * control scheduler (one thread), which also resolves the host name, so a slow DNS answer never
 * holds up the loop.
 *
 * <p><b>Hot-hot lines, first copy wins.</b> With {@link BinanceLines#connections()} above one, every
 * line subscribes to the same streams and each update arrives once per line. Per symbol the first
 * copy of each {@code u} is forwarded; later copies are dropped and counted as duplicates (lost
 * races, {@link #overlapDuplicates()}) with how far they trailed the winner; an update older than
 * the last forwarded {@code u} of its symbol is never forwarded ({@link #staleUpdates()}), except by
 * the arbiter's bounded reset rule for a line that ran far ahead (see {@link UpdateArbiter}). A line
 * that delivered nothing for {@code silenceMultiple} times the stream's observed update interval
 * (at least {@code silenceFloor}) while another line delivered is replaced at once by the
 * <b>silence watchdog</b> ({@link #silenceReplacements()}): seconds, where a dead TCP connection
 * would take the stall timeout.
 *
 * <p>Failures handled, per line: connect and TLS/WebSocket handshakes that hang (own deadline, since
 * the library's connect timeout covers TCP only), silent stalls (no data for the stall timeout on an
 * open connection), closes of any kind (exponential backoff 100 ms to 10 s with +/-20% jitter,
 * reset once a connection delivered data; close code 1008 "too many requests" waits at least 60 s),
 * and frames or messages larger than {@code maxFrameBytes} (the decoder refuses them from their
 * header, before allocating the payload; the connection is closed, counted in
 * {@link #oversizeFrames()} and redialled at once).
 *
 * <p><b>Binance's limits.</b> 300 connection attempts per 5 minutes per IP: one budget shared by
 * all lines ({@link AttemptBudget}), so N lines never dial more than one line could. 1024 streams
 * per connection: the URL is built by {@link BinanceEndpoints}, which refuses more. 5 incoming
 * messages per second per connection: the streams are named in the URL, so the sender sends
 * Binance no message at all (pongs are control frames, not counted).
 *
 * <p><b>Rollover, make before break.</b> Binance ends every connection after 24 hours, and earlier
 * on maintenance after a {@code serverShutdown} event. On that event, and proactively once a
 * connection has lived {@code connectionLifetime} (default {@value #DEFAULT_LIFETIME_TEXT}), a fresh
 * connection is opened for that line while the old one still delivers. Both are read during an
 * overlap: the fresh one becomes the line's connection at its first message, the old one is closed
 * {@link #ROLLOVER_OVERLAP} later, so whatever the old one still had in flight arrives too; the
 * arbiter drops what the overlap delivers twice. With a single line, outside an overlap, nothing
 * is dropped by {@code u}, so an exchange (or simulator) that restarts its numbering is not
 * silenced. <b>Staggered:</b> line {@code i}'s first connection lives {@code lifetime * (N - i) / N},
 * so the lines' rollovers fall {@code lifetime / N} apart, and a rollover due while another line is
 * in one waits until that one is done; reconnect delays carry their own jitter per line.
 *
 * <p>All connections run on the same event loop, so forwarding needs no lock.
 */
final class BinanceStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.quoterelay.sender.binance");
    private static final Duration TOO_MANY_REQUESTS_WAIT = Duration.ofSeconds(60);
    private static final int POLICY_VIOLATION = 1008;
    private static final long REPEAT_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Ten minutes inside Binance's 24 hour cut: time to roll over, and to retry should the first try fail. */
    public static final Duration DEFAULT_CONNECTION_LIFETIME = Duration.ofHours(23).plusMinutes(50);
    static final String DEFAULT_LIFETIME_TEXT = "23 h 50 min";
    /** How long the old connection is still read after the fresh one delivered its first message. */
    public static final Duration ROLLOVER_OVERLAP = Duration.ofSeconds(2);
    /** Symbols whose update ids are arbitrated; more are forwarded without the check. */
    private static final int MAX_TRACKED_SYMBOLS = 4096;
    /** The reset rule (see {@link UpdateArbiter}): this many stale updates in a row ... */
    static final int RESET_AFTER_STALE = 10;
    /** ... and this long without a forward for the symbol. */
    static final Duration RESET_AFTER = Duration.ofSeconds(1);
    /**
     * A connection that starts while another line delivers holds back its updates that are ahead of
     * the forwarded stream (see {@link UpdateArbiter}) until one of its updates turns out not to be
     * ahead (the other line had it first: from there on the two are in step), the other line stops
     * delivering, or this long has passed (a joining line that stays ahead of the other for this long
     * may then skip what the other still has in flight).
     */
    static final Duration JOIN_HOLD_MAX = Duration.ofSeconds(2);
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
    private final BinanceLines settings;
    private final StreamLine[] lines;
    private final UpdateArbiter arbiter = new UpdateArbiter(MAX_TRACKED_SYMBOLS, RESET_AFTER_STALE, RESET_AFTER.toNanos());
    private static final String MALFORMED = "malformed message from Binance";
    private final RateLimitedLog malformedLog =
        new RateLimitedLog(LOG, MALFORMED, TimeUnit.SECONDS.toNanos(10), null);

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong quotes = new AtomicLong();
    private final AtomicLong nonQuotes = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong rollovers = new AtomicLong();
    private final AtomicLong oversizeFrames = new AtomicLong();
    private final AtomicLong silenceReplacements = new AtomicLong();
    private volatile long reconnects;
    private volatile boolean closed;

    /** Host name to address, on the scheduler; tests map a certificate's name to loopback. */
    interface HostResolver {
        InetAddress resolve(String host) throws UnknownHostException;
    }

    /** Tests may replace it before {@link #start()}. */
    volatile HostResolver resolver = InetAddress::getByName;

    /** Tests: sees each update the arbiter dropped (on the event loop). */
    volatile QuoteSink overlapDropListener;

    // Scheduler thread only.
    private final AttemptBudget attempts = new AttemptBudget();
    private long watchedQuotes;
    private long watchedAtNanos;
    private long observedIntervalNanos;
    /** {@code silenceMultiple} observed update intervals, at least the floor; written by the watchdog. */
    private volatile long silenceLimitNanos;

    /**
     * @param connectionLifetime age at which a connection is replaced, make before break; zero: never
     * @param maxFrameBytes      largest WebSocket frame, and message, accepted; a larger one closes its connection
     * @param loop               the event loop every connection's channel runs on (the links' loop)
     * @param scheduler          one thread for dialling, deadlines and the watchdogs
     */
    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                         ScheduledExecutorService scheduler, QuoteSink sink) {
        this(uri, clock, stallTimeout, handshakeTimeout, connectionLifetime, maxFrameBytes, transport, loop, scheduler,
            sink, BinanceLines.single());
    }

    /** As above, over {@code lines.connections()} hot-hot connections. */
    public BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                         Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                         ScheduledExecutorService scheduler, QuoteSink sink, BinanceLines lines) {
        this(uri, clock, stallTimeout, handshakeTimeout, connectionLifetime, maxFrameBytes, transport, loop, scheduler, sink,
            "wss".equalsIgnoreCase(uri.getScheme()) ? clientTls(null) : null, lines);
    }

    /** Tests: {@code tls} from {@link #clientTls(Path)} with their own CA. */
    BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                  Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                  ScheduledExecutorService scheduler, QuoteSink sink, SslContext tls) {
        this(uri, clock, stallTimeout, handshakeTimeout, connectionLifetime, maxFrameBytes, transport, loop, scheduler,
            sink, tls, BinanceLines.single());
    }

    /** Tests: {@code tls} from {@link #clientTls(Path)} with their own CA, over several lines. */
    BinanceStream(URI uri, EpochNanoClock clock, Duration stallTimeout, Duration handshakeTimeout,
                  Duration connectionLifetime, int maxFrameBytes, Transport transport, EventLoop loop,
                  ScheduledExecutorService scheduler, QuoteSink sink, SslContext tls, BinanceLines settings) {
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
        this.settings = settings;
        this.silenceLimitNanos = settings.silenceFloor().toNanos();
        this.lines = new StreamLine[settings.connections()];
        for (int i = 0; i < lines.length; i++) {
            List<InetAddress> local = settings.localAddresses();
            lines[i] = new StreamLine(i, lines.length,
                local.isEmpty() ? null : new InetSocketAddress(local.get(i % local.size()), 0));
        }
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

    /** Opens every line's first connection and starts the watchdogs; returns at once. */
    public void start() {
        long checkEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(50), Math.min(stallTimeoutNanos / 5, TimeUnit.SECONDS.toNanos(1)));
        scheduler.scheduleWithFixedDelay(this::checkStall, checkEvery, checkEvery, TimeUnit.NANOSECONDS);
        if (lines.length > 1) {
            long silenceEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(50), settings.silenceFloor().toNanos() / 4);
            watchedAtNanos = System.nanoTime();
            scheduler.scheduleWithFixedDelay(this::checkSilence, silenceEvery, silenceEvery, TimeUnit.NANOSECONDS);
        }
        for (StreamLine line : lines) {
            scheduler.execute(() -> connectNew(line));
        }
    }

    // ---------------------------------------------------------------- event loop (hot path)

    /** One text message (a final frame, or a fragmented message aggregated); event loop. */
    void onText(Connection c, ByteBuf content) {
        long receivedNs = clock.epochNanos();
        long now = System.nanoTime();
        c.lastDataNanoTime = now;
        StreamLine line = c.line;
        if (c != line.active && !promote(c) && c != line.retiring) {
            return;
        }
        messages.incrementAndGet();
        line.tally.onMessage();
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
                forward(c, now);
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
                malformedLog.warn(() -> MALFORMED + ": " + why + "; text: " + RateLimitedLog.truncate(text, 200));
            }
        }
    }

    /** Binance sends text only; a binary frame is counted as a non-quote rather than guessed at. Event loop. */
    void onBinary(Connection c) {
        c.lastDataNanoTime = System.nanoTime();
        if (c == c.line.active) {
            messages.incrementAndGet();
            nonQuotes.incrementAndGet();
        }
    }

    /** The end of one read from a connection's socket: the sink writes what it holds in one flush. Event loop. */
    void onReadComplete() {
        sink.onBatchEnd();
    }

    /** One quote to the sink if it is the first copy of its update. Event loop only. */
    private void forward(Connection c, long nowNanos) {
        StreamLine line = c.line;
        QuoteFrame frame = c.frame;
        // One line outside a rollover is trusted as is (see the class comment).
        boolean enforce = lines.length > 1 || line.overlapping;
        boolean holding = c.joinDeadlineNanos != 0 && stillJoining(c, nowNanos);
        UpdateArbiter.Verdict verdict = arbiter.offer(line.index, frame, nowNanos, enforce, holding, !c.inStep);
        if (holding && (verdict == UpdateArbiter.Verdict.DUPLICATE || verdict == UpdateArbiter.Verdict.STALE)) {
            c.joinDeadlineNanos = 0; // the other line was ahead here: everything this one held, it had
        }
        if (verdict == UpdateArbiter.Verdict.FORWARD || verdict == UpdateArbiter.Verdict.DUPLICATE) {
            c.inStep = true;
        }
        switch (verdict) {
            case FORWARD -> {
                line.tally.onWin();
                quotes.incrementAndGet();
                sink.onQuote(frame);
            }
            case DUPLICATE -> {
                line.tally.onDuplicate(arbiter.lastTrailNanos());
                duplicates.incrementAndGet();
                dropped(frame);
            }
            case STALE, HELD -> {
                line.tally.onStale();
                stale.incrementAndGet();
                dropped(frame);
            }
        }
    }

    /** Whether {@code c} is still joining: within {@link #JOIN_HOLD_MAX}, and another line delivers. */
    private boolean stillJoining(Connection c, long nowNanos) {
        if (nowNanos - c.joinDeadlineNanos < 0 && anotherLineDelivers(c.line, nowNanos)) {
            return true;
        }
        c.joinDeadlineNanos = 0;
        return false;
    }

    /** Event loop: another line's connection delivered within the silence limit. */
    private boolean anotherLineDelivers(StreamLine line, long nowNanos) {
        for (StreamLine other : lines) {
            Connection oc = other.active;
            if (other != line && oc != null && !oc.ended && nowNanos - oc.lastDataNanoTime <= silenceLimitNanos) {
                return true;
            }
        }
        return false;
    }

    private void dropped(QuoteFrame frame) {
        QuoteSink l = overlapDropListener;
        if (l != null) {
            l.onQuote(frame);
        }
    }

    /**
     * First message on a line's new connection: it becomes the one whose data counts. The one it
     * replaces is still read for {@link #ROLLOVER_OVERLAP} when it is alive (a rollover), then closed.
     */
    private boolean promote(Connection c) {
        StreamLine line = c.line;
        if (c != line.newest) {
            return false; // a superseded connection: retiring (read on) or dead (ignored)
        }
        Connection previous = line.active;
        // retiring first: the old connection, seeing itself no longer active, must already see
        // itself retiring, or it drops what it reads in between (lost updates).
        if (previous != null && previous != c && line.overlapping && !previous.ended) {
            line.retiring = previous;
        }
        if (lines.length > 1 && anotherLineDelivers(line, c.lastDataNanoTime)) {
            c.joinDeadlineNanos = c.lastDataNanoTime + JOIN_HOLD_MAX.toNanos();
            if (c.joinDeadlineNanos == 0) {
                c.joinDeadlineNanos = 1; // 0 means "not joining"
            }
        }
        line.active = c;
        runOnScheduler(() -> {
            line.backoff.reset();
            if (previous == null || previous == c) {
                return;
            }
            if (line.retiring == previous) {
                scheduler.schedule(() -> retire(line, previous), ROLLOVER_OVERLAP.toNanos(), TimeUnit.NANOSECONDS);
            } else {
                abort(previous, "replaced by a fresh connection");
                runOnLoop(() -> line.overlapping = false);
            }
        });
        return true;
    }

    private void retire(StreamLine line, Connection previous) {
        // The overlap ends on the event loop, between two reads: a read of the old connection still
        // in flight must see it retiring AND the line enforcing, or its copy of an update the fresh
        // connection already forwarded goes out a second time.
        runOnLoop(() -> {
            if (line.retiring == previous) {
                line.retiring = null;
                line.overlapping = false;
                LOG.info("{}rollover complete: {} duplicate updates dropped so far", line.tag, duplicates.get());
            }
        });
        abort(previous, "replaced by a fresh connection (rollover)");
    }

    /** Hands work from the scheduler to the event loop. */
    private void runOnLoop(Runnable task) {
        runUnlessClosed(loop, task);
    }

    /** Hands work from the event loop to the scheduler. */
    private void runOnScheduler(Runnable task) {
        runUnlessClosed(scheduler, task);
    }

    /** After close() the other thread may be gone, and then there is nothing left to do. */
    private static void runUnlessClosed(java.util.concurrent.Executor thread, Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // shutting down
        }
    }

    // ---------------------------------------------------------------- scheduler thread

    private void connectNew(StreamLine line) {
        if (closed) {
            return;
        }
        long wait = attempts.take(System.nanoTime());
        if (wait > 0) {
            LOG.warn("{}{} Binance connection attempts in 5 minutes (Binance's limit); next attempt in {} s",
                line.tag, AttemptBudget.MAX_ATTEMPTS, TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
            scheduler.schedule(() -> connectNew(line), wait, TimeUnit.NANOSECONDS);
            return;
        }
        Connection c = new Connection(line);
        line.newest = c;
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
        Bootstrap b = bootstrap.clone().attr(BinanceChannelInitializer.CONNECTION, c);
        ChannelFuture f = c.line.localAddress == null ? b.connect(address) : b.connect(address, c.line.localAddress);
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
        StreamLine line = c.line;
        if (c.ended || closed) {
            return;
        }
        if (line.everOpened) {
            reconnects++;
        }
        if (!connectionLifetime.isZero()) {
            // Staggered: line i's first connection lives (N - i) / N of the lifetime.
            long lifetime = connectionLifetime.toNanos();
            long first = line.everOpened ? lifetime : lifetime - lifetime / lines.length * line.index;
            scheduleRollover(c, first);
        }
        line.everOpened = true;
        line.state = LinkState.UP;
        line.lastError = null;
        LOG.info("{}connected to {}{}{}", line.tag, uri,
            line.localAddress == null ? "" : " from " + line.localAddress.getAddress().getHostAddress(),
            line.failedAttempts > 0 ? " after " + line.failedAttempts + " failed attempts" : "");
        line.failedAttempts = 0;
        line.lastLoggedError = null;
    }

    /** A rollover of {@code c}'s line in {@code delayNanos}; postponed while another line is in one. */
    private void scheduleRollover(Connection c, long delayNanos) {
        scheduler.schedule(() -> {
            StreamLine line = c.line;
            if (closed || c != line.active || c != line.newest || c.ended) {
                return;
            }
            for (StreamLine other : lines) {
                if (other != line && other.overlapping) {
                    scheduleRollover(c, ROLLOVER_OVERLAP.plus(handshakeTimeout).toNanos());
                    return;
                }
            }
            startRollover(c, "connection lifetime " + connectionLifetime + " reached");
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void onClosed(Connection c, int code, String reason, boolean remote) {
        if (c.ended) {
            return;
        }
        c.ended = true;
        if (closed) {
            return;
        }
        StreamLine line = c.line;
        String why = c.abortReason != null ? c.abortReason
            : c.error != null && !c.opened ? "cannot connect: " + rootMessage(c.error)
            : "closed (code " + code + (reason == null || reason.isEmpty() ? "" : ", " + reason) + ")"
                + (remote ? " by Binance" : "");
        if (c != line.newest) {
            if (c == line.active && !line.newest.opened) {
                // The delivering connection ended before the fresh one is up: nothing delivers now.
                line.state = LinkState.CONNECTING;
                line.lastError = why + "; its replacement is still connecting";
            }
            return; // the fresh connection's own outcome decides what comes next
        }
        Connection current = line.active;
        if (current != null && current != c && !current.ended) {
            // A rollover's fresh connection failed while the current one still delivers: the line
            // is up; try again for a fresh one while the current connection lasts.
            LOG.warn("{}fresh Binance connection for the rollover failed: {}; the current one still delivers, retrying",
                line.tag, why);
            scheduler.schedule(() -> connectNew(line), retryDelayNanos(line, code), TimeUnit.NANOSECONDS);
            return;
        }
        boolean wasUp = line.state == LinkState.UP;
        line.lastError = why; // first: whoever sees DOWN sees why
        line.state = LinkState.DOWN;
        if (c.oversize && c.opened) {
            // The peer misbehaved, not the network: redial at once (the attempt limit still applies).
            LOG.warn("{}Binance connection lost: {}; reconnecting now", line.tag, why);
            line.lastLoggedError = why;
            line.lastLoggedNanoTime = System.nanoTime();
            scheduler.execute(() -> connectNew(line));
            return;
        }
        long now = System.nanoTime();
        if (wasUp) {
            LOG.warn("{}Binance connection lost: {}; reconnecting", line.tag, why);
            line.lastLoggedError = why;
            line.lastLoggedNanoTime = now;
        } else {
            line.failedAttempts++;
            if (!why.equals(line.lastLoggedError) || line.failedAttempts % 10 == 0
                || now - line.lastLoggedNanoTime >= REPEAT_LOG_NANOS) {
                LOG.warn("{}Binance connection to {} failed: {} (attempt {}, retrying with backoff)", line.tag, uri, why,
                    line.failedAttempts);
                line.lastLoggedError = why;
                line.lastLoggedNanoTime = now;
            }
        }
        scheduler.schedule(() -> connectNew(line), retryDelayNanos(line, code), TimeUnit.NANOSECONDS);
    }

    private long retryDelayNanos(StreamLine line, int closeCode) {
        long delay = line.backoff.nextDelayNanos();
        if (closeCode == POLICY_VIOLATION) {
            // 1008: Binance says we asked too often; returning quickly would prolong the ban.
            line.backoff.atLeast(TOO_MANY_REQUESTS_WAIT);
            delay = Math.max(delay, TOO_MANY_REQUESTS_WAIT.toNanos());
            LOG.warn("{}Binance closed with 1008 (too many requests); waiting {} s", line.tag,
                TimeUnit.NANOSECONDS.toSeconds(delay));
        }
        return delay;
    }

    private void onServerShutdown(Connection c) {
        StreamLine line = c.line;
        if (closed || c != line.active || c != line.newest) {
            return;
        }
        startRollover(c, "Binance announced serverShutdown");
    }

    /** Make before break: a fresh connection while {@code c} still delivers; see the class comment. */
    private void startRollover(Connection c, String why) {
        LOG.info("{}{}; opening a fresh connection before this one ends (make before break)", c.line.tag, why);
        rollovers.incrementAndGet();
        c.line.overlapping = true;
        connectNew(c.line);
    }

    private void checkStall() {
        malformedLog.flush(); // a burst of bad messages gets its count now, not with the next one
        arbiter.flushLogs();
        for (StreamLine line : lines) {
            Connection c = line.newest;
            if (c == null || !c.opened || c.ended || closed) {
                continue;
            }
            long silentNanos = System.nanoTime() - c.lastDataNanoTime;
            if (silentNanos > stallTimeoutNanos) {
                abort(c, "no data for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms on an open connection (silent stall)");
            }
        }
    }

    /**
     * The silence watchdog (two or more lines): a line whose connection delivered nothing for
     * the silence limit while another line delivered within that time is replaced.
     */
    private void checkSilence() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long forwarded = quotes.get();
        if (forwarded > watchedQuotes) {
            observedIntervalNanos = (now - watchedAtNanos) / (forwarded - watchedQuotes);
        }
        watchedQuotes = forwarded;
        watchedAtNanos = now;
        long limit = Math.max(settings.silenceFloor().toNanos(), settings.silenceMultiple() * observedIntervalNanos);
        silenceLimitNanos = limit;
        for (StreamLine line : lines) {
            Connection c = line.active;
            if (c == null || c != line.newest || !c.opened || c.ended || c.abortReason != null
                || now - c.lastDataNanoTime <= limit) {
                continue; // healthy, or already on its way out
            }
            StreamLine twin = deliveringTwin(line, now, limit);
            if (twin != null) {
                silenceReplacements.incrementAndGet();
                line.tally.onSilenceReplacement();
                String why = "silent for " + TimeUnit.NANOSECONDS.toMillis(now - c.lastDataNanoTime) + " ms while line "
                    + twin.index + " delivered (limit " + TimeUnit.NANOSECONDS.toMillis(limit) + " ms); replaced";
                LOG.warn("{}Binance connection {}", line.tag, why);
                abort(c, why);
            }
        }
    }

    private StreamLine deliveringTwin(StreamLine line, long now, long limit) {
        for (StreamLine other : lines) {
            Connection oc = other.active;
            if (other != line && oc != null && !oc.ended && now - oc.lastDataNanoTime <= limit) {
                return other;
            }
        }
        return null;
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

    /** Text messages read, every line's copy counted. */
    public long messages() {
        return messages.get();
    }

    /** Quotes forwarded to the sink: first copies only (see {@link #overlapDuplicates()}). */
    public long quotes() {
        return quotes.get();
    }

    public long nonQuotes() {
        return nonQuotes.get();
    }

    public long malformed() {
        return malformed.get();
    }

    /** Copies dropped because their {@code u} was already forwarded: lost races, and a rollover's overlap. */
    public long overlapDuplicates() {
        return duplicates.get();
    }

    /**
     * Updates not forwarded because they are older than their symbol's last forwarded {@code u}, or
     * ahead of it on a connection still joining while another line delivers (that line forwards them).
     */
    public long staleUpdates() {
        return stale.get();
    }

    /** Copies of one update whose content differed from the forwarded copy (the first copy is kept). */
    public long conflicts() {
        return arbiter.conflicts();
    }

    /** Times a symbol's mark was reset by the rule for a line that ran far ahead (see {@link UpdateArbiter}). */
    public long markResets() {
        return arbiter.markResets();
    }

    /** Connections the silence watchdog replaced while another line delivered. */
    public long silenceReplacements() {
        return silenceReplacements.get();
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

    /** Connections opened after each line's first one. */
    public long reconnects() {
        return reconnects;
    }

    /** UP while any line delivers; CLOSED once closed; otherwise CONNECTING while any line is, else DOWN. */
    public LinkState state() {
        if (closed) {
            return LinkState.CLOSED;
        }
        LinkState worst = LinkState.DOWN;
        for (StreamLine line : lines) {
            LinkState s = line.state;
            if (s == LinkState.UP) {
                return LinkState.UP;
            }
            if (s == LinkState.CONNECTING) {
                worst = LinkState.CONNECTING;
            }
        }
        return worst;
    }

    /** Why the stream is not up (the first line's reason that has one), or null while it is. */
    public String lastError() {
        if (state() == LinkState.UP) {
            return null;
        }
        for (StreamLine line : lines) {
            String e = line.lastError;
            if (e != null) {
                return line.tag + e;
            }
        }
        return null;
    }

    /** One snapshot per line, in line order. */
    public List<SenderStats.BinanceConnectionStats> lineStats() {
        List<SenderStats.BinanceConnectionStats> out = new ArrayList<>(lines.length);
        for (StreamLine line : lines) {
            LineTally t = line.tally;
            long[] trail = t.trailPercentilesUs();
            out.add(new SenderStats.BinanceConnectionStats(line.index, closed ? LinkState.CLOSED : line.state,
                line.lastError, line.localAddress == null ? null : line.localAddress.getAddress().getHostAddress(),
                t.messages(), t.wins(), t.duplicates(), t.stale(), trail[0], trail[1], t.silenceReplacements()));
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        for (StreamLine line : lines) {
            line.state = LinkState.CLOSED;
            for (Connection c : new Connection[] {line.active, line.newest, line.retiring}) {
                if (c != null && c.channel != null) {
                    ChannelFuture f = c.channel.close();
                    if (!loop.inEventLoop()) {
                        f.awaitUninterruptibly(2, TimeUnit.SECONDS);
                    }
                }
            }
        }
    }

    /** One WebSocket connection of a line: its channel, and the parser, frame and buffer its messages reuse. */
    static final class Connection {
        final StreamLine line;
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
        /** Event loop: while non-zero the connection is joining, until this at the latest (see {@link #JOIN_HOLD_MAX}). */
        long joinDeadlineNanos;
        /** Event loop: something it delivered was forwarded, or found forwarded already (see {@link UpdateArbiter}). */
        boolean inStep;

        Connection(StreamLine line) {
            this.line = line;
        }

        /** A reused copy buffer of at least {@code length} bytes (bounded by the frame limit). */
        byte[] bytes(int length) {
            if (bytes.length < length) {
                bytes = new byte[Math.max(length, Math.min(bytes.length * 2, Integer.MAX_VALUE - 8))];
            }
            return bytes;
        }
    }
}
