package io.quoterelay.sender;

import static io.quoterelay.protocol.Throwables.rootMessage;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS client to one receiver: dials, keeps the session going, and redials with backoff
 * (100 ms doubling to 5 s, +/-20% jitter) for as long as the sender runs. Independent of Binance
 * and of other links: each link has its own {@link PendingQuotes}, its own random session id and
 * its own sequence numbers 1, 2, 3... which continue across reconnects.
 *
 * <p>Threads: everything runs on the link's event loop, {@link #offer} included when the Binance
 * connections share that loop (as {@link io.quoterelay.sender.RelaySender} arranges): then a quote
 * is numbered, encoded and written at once, and {@link #flush()} sends a read batch's writes in one
 * syscall. From another thread, {@link #offer} only touches the pending quotes and, when they turn
 * non-empty, schedules one drain task on the loop (at most one outstanding, so a burst costs one
 * wake-up).
 * Internal: the public API is {@link io.quoterelay.sender.RelaySender}.
 */
final class ReceiverLink implements AutoCloseable, SessionOwner {
    private static final Logger LOG = LoggerFactory.getLogger("io.quoterelay.sender.link");
    private static final long STABLE_UP_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A session up this long without the receiver's hello was with an earlier (Python) receiver. */
    static final long LEGACY_VERDICT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long REPEAT_LOG_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final String host;
    private final int port;
    private final String name;
    private final long sessionId;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final PendingQuotes quotes = new PendingQuotes();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::runDrain;
    // Capped at 0.5 s, unlike the exchange's: the receiver is our own single peer, a refused dial
    // costs it nothing, and every moment of waiting after it is back is conflation.
    private final Backoff backoff = new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 0.2);

    private volatile LinkState state = LinkState.CONNECTING;
    private volatile String lastError;
    private volatile LinkSessionHandler live;
    private volatile long reconnects;
    private volatile boolean closed;

    // Event loop only.
    private boolean receiverSpeaksProtocol = true;
    private Channel channel;
    private String closeReason;
    private long upSinceNanoTime;
    private boolean everUp;
    private int failedAttempts;
    private String lastLoggedError;
    private long lastLoggedNanoTime;

    public ReceiverLink(String host, int port, long sessionId, SslContext sslContext, LinkSettings settings,
                        Transport transport, EventLoop loop) {
        this.host = host;
        this.port = port;
        this.name = host + ":" + port;
        this.sessionId = sessionId;
        this.loop = loop;
        this.bootstrap = new Bootstrap()
            .group(loop)
            .channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_KEEPALIVE, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, LinkSettings.CONNECT_TIMEOUT_MILLIS)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(LinkSettings.WRITE_BUFFER_LOW_BYTES, LinkSettings.WRITE_BUFFER_HIGH_BYTES))
            .remoteAddress(host, port)
            .handler(new LinkInitializer(this, host, port, sslContext, settings));
    }

    /** Starts dialling; returns at once. */
    public void start() {
        loop.execute(this::connect);
    }

    /**
     * Hands a quote to this link. The quote is copied; the caller may reuse it. While the link is
     * up and writable every quote is sent (at once, unflushed, when called on the link's loop with
     * nothing pending; else queued and drained); while it is down or the receiver slow, only the
     * latest quote per symbol is kept.
     */
    public void offer(QuoteFrame quote) {
        LinkSessionHandler h = live;
        if (h != null && loop.inEventLoop() && h.writeDirect(quote)) {
            return;
        }
        if (quotes.offer(quote)) {
            scheduleDrain();
        }
    }

    /** Flushes the quotes {@link #offer} wrote since the last flush; on the link's loop, else nothing to do. */
    public void flush() {
        LinkSessionHandler h = live;
        if (h != null && loop.inEventLoop()) {
            h.flushWrites();
        }
    }

    private void scheduleDrain() {
        if (live != null && !drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
            loop.execute(drainTask);
        }
    }

    private void runDrain() {
        drainScheduled.set(false);
        LinkSessionHandler h = live;
        if (h != null) {
            h.drain();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        closeReason = null;
        if (state != LinkState.DOWN) {
            state = LinkState.CONNECTING;
        }
        ChannelFuture f = bootstrap.connect();
        channel = f.channel();
        // A connect that fails at once (no route, link down) can close the channel before its
        // future fails; the reason is that failure, so the close is handled once the future is done.
        f.channel().closeFuture().addListener(cf -> f.addListener(done -> {
            noteConnectFailure(f);
            onClosed();
        }));
        f.addListener(cf -> {
            if (!cf.isSuccess()) {
                noteConnectFailure(f);
                f.channel().close();
            }
        });
    }

    private void noteConnectFailure(ChannelFuture connect) {
        if (closeReason == null && connect.isDone() && !connect.isSuccess()) {
            closeReason = "cannot connect to " + name + ": " + rootMessage(connect.cause());
        }
    }

    @Override
    public void closeWith(ChannelHandlerContext ctx, String reason) {
        if (closeReason == null) {
            closeReason = reason;
        }
        ctx.close();
    }

    @Override
    public void closeWith(ChannelHandlerContext ctx, Throwable cause, boolean inHandshake) {
        closeWith(ctx, inHandshake ? describeHandshakeFailure(cause) : describeFailure(cause));
    }

    @Override
    public void onSessionStarted(LinkSessionHandler handler, int repeats) {
        if (everUp) {
            reconnects++;
        }
        everUp = true;
        upSinceNanoTime = System.nanoTime();
        state = LinkState.UP;
        lastError = null;
        PendingQuotes.Counts c = quotes.counts();
        LOG.info("link to {} up{}: session {}, snapshot repeated {} quotes, next seq {}", name,
            failedAttempts > 0 ? " after " + failedAttempts + " failed attempts" : "", Long.toHexString(sessionId),
            repeats, c.highestSeq() + 1);
        failedAttempts = 0;
        lastLoggedError = null;
        live = handler;
        if (quotes.hasPending()) {
            scheduleDrain();
        }
    }

    /**
     * Whether the next session's snapshot repeats already-sent quotes. True until a session that
     * lasted {@link #LEGACY_VERDICT_NANOS} ended without the receiver's hello: an earlier (Python)
     * receiver, which would count each repeat's older number as a step back and the next live
     * quote as a gap. Event loop only.
     */
    @Override
    public boolean repeatsWanted() {
        return receiverSpeaksProtocol;
    }

    @Override
    public void onSessionVerdict(boolean receiverAnswered, long upNanos) {
        if (!receiverAnswered && upNanos < LEGACY_VERDICT_NANOS) {
            return; // too short to tell: ours answers within a round trip, but this one may have died first
        }
        if (receiverSpeaksProtocol && !receiverAnswered) {
            LOG.info("receiver at {} never answered the hello: an earlier (Python) receiver; snapshots after a reconnect"
                + " leave out repeats of quotes it already has (it would count them as gaps)", name);
        }
        receiverSpeaksProtocol = receiverAnswered;
    }

    @Override
    public void onSessionEnded(LinkSessionHandler handler) {
        if (live == handler) {
            live = null;
        }
    }

    private void onClosed() {
        live = null;
        channel = null;
        String reason = closeReason != null ? closeReason : "connection closed by the receiver";
        boolean wasUp = state == LinkState.UP;
        if (closed) {
            state = LinkState.CLOSED;
            return;
        }
        state = LinkState.DOWN;
        lastError = reason;
        if (wasUp) {
            if (System.nanoTime() - upSinceNanoTime >= STABLE_UP_NANOS) {
                backoff.reset();
            }
            LOG.warn("link to {} down: {}; reconnecting", name, reason);
            lastLoggedError = reason;
            lastLoggedNanoTime = System.nanoTime();
        } else {
            failedAttempts++;
            long now = System.nanoTime();
            // Once per change of error, then every 10th attempt or 30 s: enough to see it is still failing.
            if (!reason.equals(lastLoggedError) || failedAttempts % 10 == 0 || now - lastLoggedNanoTime >= REPEAT_LOG_NANOS) {
                LOG.warn("link to {}: {} (attempt {}, retrying with backoff)", name, reason, failedAttempts);
                lastLoggedError = reason;
                lastLoggedNanoTime = now;
            }
        }
        loop.schedule(this::connect, backoff.nextDelayNanos(), TimeUnit.NANOSECONDS);
    }

    private String describeHandshakeFailure(Throwable cause) {
        String root = rootMessage(cause);
        String lower = root.toLowerCase(java.util.Locale.ROOT);
        String hint = "";
        if (lower.contains("subject alternative name") || lower.contains("no name matching") || lower.contains("hostname")
            || lower.contains("ip address")) {
            hint = "; the receiver's certificate does not name " + host + " (reissue it with certs-tool "
                + (Character.isDigit(host.charAt(0)) || host.contains(":") ? "--ip " : "--dns ") + host + ")";
        } else if (lower.contains("unable to find valid certification path") || lower.contains("certificate_unknown")
            || lower.contains("unknown ca") || lower.contains("pkix")) {
            hint = "; the receiver's certificate is not signed by the configured CA";
        }
        return "TLS handshake with " + name + " failed: " + root + hint;
    }

    private String describeFailure(Throwable cause) {
        if (cause instanceof TooLongFrameException || cause.getCause() instanceof TooLongFrameException) {
            return "protocol error from " + name + ": " + rootMessage(cause);
        }
        if (cause instanceof SSLException || (cause instanceof DecoderException && cause.getCause() instanceof SSLException)) {
            return describeHandshakeFailure(cause);
        }
        return "connection to " + name + " failed: " + rootMessage(cause);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public PendingQuotes quotes() {
        return quotes;
    }

    public LinkState state() {
        return state;
    }

    /** Why the link is down (null while up or before the first failure). */
    public String lastError() {
        return lastError;
    }

    /** Sessions started after the first one. */
    public long reconnects() {
        return reconnects;
    }

    /** One consistent reading: {@code upstream == highestSeq + conflated + pending}. */
    public Counters counters() {
        PendingQuotes.Counts c = quotes.counts();
        return new Counters(c.upstream(), c.highestSeq(), c.conflated(), c.repeats(), c.pending());
    }

    /** The link's accounting at one instant. */
    public record Counters(long upstream, long highestSeq, long conflated, long repeats, int pending) {
    }

    @Override
    public void close() {
        closed = true;
        state = LinkState.CLOSED;
        if (loop.isShuttingDown()) {
            return;
        }
        try {
            loop.submit(() -> {
                if (channel != null) {
                    channel.close();
                }
            }).await(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
