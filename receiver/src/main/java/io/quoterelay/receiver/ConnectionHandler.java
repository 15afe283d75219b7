package io.quoterelay.receiver;

import static io.quoterelay.protocol.Throwables.rootMessage;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.MalformedFrameException;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.RateLimitedLog;
import io.quoterelay.protocol.netty.FrameDecoder;
import io.quoterelay.protocol.netty.SocketStamps;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * One sender connection: its hello, liveness, clock sync and session accounting. Quotes go
 * straight to {@link ReceiverCore#onQuote} on this (the I/O) thread, which keeps each symbol's
 * newest. While the executor keeps up, the callback gets each quote as soon as it is decoded, so
 * a burst that arrives in one read reaches it whole, in order, with no hop. Once the executor's
 * callbacks have held a read (or a dispatch) for longer than {@link ReceiverCore#FRESH_READ_NS}, what the
 * socket holds is only conflated per symbol, and the callback gets each symbol's newest when the
 * read is complete (see {@link ReceiverInitializer#READS_PER_BATCH}), until a dispatch is quick
 * again. Until its TLS handshake
 * succeeded the connection lives on the handshake thread (channelActive, a refusal and its log
 * line happen there); {@link HandshakeHandOver} then moves it, before any frame is read. Every way
 * a connection can end is logged once, with the peer and the reason.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final ReceiverCore core;
    private final ClockSync clockSync = new ClockSync();
    private String peer = "?";
    private boolean handshakeDone;
    private SessionState session;
    /**
     * Pings per burst, each sent as the previous pong arrives. The first of a burst pays the
     * wake-ups of two sleeping threads and runs code that has been idle for a second; the next
     * ones find both threads awake and the code hot, and give the quiet samples the estimate needs.
     */
    static final int BURST = 6;
    private static final int STARTUP_BURSTS = 5;
    private static final long STARTUP_BURST_SPACING_NS = 50_000_000L;
    /** How late a burst may be before the read path starts it itself (see channelRead). */
    private static final long PING_OVERDUE_NS = 250_000_000L;

    private final SocketStamps socketStamps;
    private ScheduledFuture<?> pings;
    private int burstsStarted;
    private int burstLeft;
    /** When the next burst is due (System.nanoTime); 0 until hello. */
    private long pingDueNanoTime;
    private boolean pingOutstanding;
    /** t1 as written in the outstanding ping: the pong must echo it. */
    private long pingWireT1;
    /** t1 as used: our clock as the encrypted ping reached the socket end of the pipeline. */
    private long pingSentNs;
    private String closeReason;
    /** Where the close line goes: one log per kind, so a burst's summary counts only its own kind. */
    private RateLimitedLog closeLog;
    private String clientSubject;
    /**
     * Set when this side decided to close. Frames already decoded from the same read (they sit
     * behind the bad one in the buffer) are dropped, and further errors are not counted again:
     * one hostile connection is one count and one log line.
     */
    private boolean closing;
    private ChannelHandlerContext ctx;
    /** When the callbacks that followed this connection's last read ended (System.nanoTime); 0: none. */
    private long dispatchEndNanoTime;
    /** When this read's first frame was handled (System.nanoTime); 0 between reads. */
    private long readStartNanoTime;
    /** Between callbacks of a long dispatch, the pings the sender needs to see this side alive. */
    private final LongConsumer pingIfOverdue = now -> pingIfOverdue(ctx, now);

    ConnectionHandler(ReceiverCore core, SocketStamps socketStamps) {
        this.core = core;
        this.socketStamps = socketStamps;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        core.connections.add(ctx.channel());
        core.events.acceptedConnections.increment();
        core.events.activeConnections.incrementAndGet();
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a) {
            peer = a.getAddress().getHostAddress() + ":" + a.getPort();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof QuoteFrame q) {
            long receiveNs = core.clock.epochNanos();
            if (session == null) {
                session = core.legacySession(peerIdentity(), q.seq());
                core.log.info("connection from {}: no hello, treating it as a legacy (Python) sender; latency is raw", peer);
                replaceIdleTimeout(ctx, core.config.legacyIdleTimeout().toMillis());
            }
            long now = System.nanoTime();
            if (readStartNanoTime == 0) {
                readStartNanoTime = now;
            }
            session.lastActivityNanoTime = now;
            core.onQuote(session, clockSync, q, receiveNs);
            if (core.keepsUp(readStartNanoTime, now)) {
                dispatch();
            }
            pingIfOverdue(ctx, now);
        } else if (msg instanceof ControlFrame c) {
            onControl(ctx, c);
        } else if (msg == FrameDecoder.IGNORED) {
            core.events.ignoredFrames.increment();
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Everything readable has been read: the executor's callback gets each symbol's newest quote now. */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readStartNanoTime = 0;
        dispatch();
        ctx.fireChannelReadComplete();
    }

    /** The executor gets what waits; the end of its last callback excuses this connection's silence timer. */
    private void dispatch() {
        long end = core.dispatchWaiting(pingIfOverdue);
        if (end != 0) {
            dispatchEndNanoTime = end;
        }
    }

    private void pingIfOverdue(ChannelHandlerContext ctx, long now) {
        if (pingDueNanoTime != 0 && now - pingDueNanoTime > PING_OVERDUE_NS && ctx.channel().isActive()) {
            // A slow callback keeps this thread from its scheduled tasks (the pings) for longer
            // than the ping interval: they only run between reads. The sender takes 2.5 s
            // without a frame from us as a dead link, so ping from here instead.
            startBurst(ctx);
        }
    }

    private void onControl(ChannelHandlerContext ctx, ControlFrame c) {
        if (c instanceof ControlFrame.ClockPong p) {
            onPong(ctx, p);
        } else if (c instanceof ControlFrame.Hello h) {
            onHello(ctx, h);
        } else if (c instanceof ControlFrame.SessionReport r) {
            // The quotes the report covers reach the executor first: a reader of the stats who sees
            // the report sees them delivered (or conflated), not still waiting for this read to end.
            core.dispatchWaiting(pingIfOverdue);
            if (session != null) {
                session.reportedUpstream.set(r.upstream());
                session.reportedConflated.set(r.conflated());
                session.reportedRepeats.set(r.repeats());
                session.reportedHighestSeq.set(r.highestSeq());
            }
        } else if (c instanceof ControlFrame.Unknown) {
            core.events.ignoredFrames.increment();
        }
        // Heartbeats need no action: any frame resets the idle timer.
    }

    private void onHello(ChannelHandlerContext ctx, ControlFrame.Hello h) {
        if (h.role() != ControlFrame.Role.SENDER || h.version() > FrameFormat.PROTOCOL_VERSION || h.sessionId() == 0
            || session != null) {
            closeReason = "protocol error: unacceptable hello " + h + " (this receiver speaks protocol version "
                + FrameFormat.PROTOCOL_VERSION + ")";
            core.events.malformedFrames.increment();
            close(ctx);
            return;
        }
        session = core.senderSession(h.sessionId(), peerIdentity(), clientSubject != null);
        if (session == null) {
            closeReason = "protocol error: session " + Long.toHexString(h.sessionId())
                + " belongs to another address, and without a client certificate the address is what tells senders apart";
            core.events.malformedFrames.increment();
            close(ctx);
            return;
        }
        session.lastActivityNanoTime = System.nanoTime();
        core.log.info("sender {} connected: session {}, next seq {}", peer, Long.toHexString(h.sessionId()), h.nextSeq());
        ctx.writeAndFlush(new ControlFrame.Hello(ControlFrame.Role.RECEIVER, 0, FrameFormat.PROTOCOL_VERSION, 0),
            ctx.voidPromise());
        replaceIdleTimeout(ctx, core.config.idleTimeout().toMillis());
        schedulePing(ctx, 0);
    }

    /**
     * A peer's pong. Only the answer to the ping outstanding counts (it echoes that ping's t1);
     * anything else, and answers with impossible times, is counted and ignored: latency stays raw
     * until a good exchange arrives, and quotes flow regardless.
     */
    private void onPong(ChannelHandlerContext ctx, ControlFrame.ClockPong p) {
        // The socket read that completed this frame, before decryption and decoding (see SocketStamps).
        long t4 = socketStamps.lastReadNs();
        if (!pingOutstanding || p.t1() != pingWireT1) {
            core.events.clockRejected.increment();
            return;
        }
        pingOutstanding = false;
        socketStamps.disarmReads();
        if (clockSync.onExchange(pingSentNs, p.t2(), p.t3(), t4)) {
            core.onClockEstimate(clockSync);
        } else {
            core.events.clockRejected.increment();
        }
        if (burstLeft > 0 && ctx.channel().isActive()) {
            burstLeft--;
            ping(ctx);
        }
    }

    /**
     * A few bursts in quick succession right after hello, so the first estimate does not wait
     * for the slow cadence, then one burst per interval. The first ping of each burst also
     * tells the sender that this side is alive.
     */
    private void schedulePing(ChannelHandlerContext ctx, long delayNs) {
        pingDueNanoTime = System.nanoTime() + delayNs;
        pings = ctx.executor().schedule(() -> {
            if (!ctx.channel().isActive()) {
                return;
            }
            long early = pingDueNanoTime - System.nanoTime();
            if (early > 0) {
                schedulePing(ctx, early); // an inline burst went out meanwhile
                return;
            }
            startBurst(ctx);
        }, delayNs, TimeUnit.NANOSECONDS);
    }

    /** Starts a burst now and sets when the next one is due. */
    private void startBurst(ChannelHandlerContext ctx) {
        if (pingOutstanding) {
            core.events.clockUnanswered.increment();
        }
        burstsStarted++;
        burstLeft = BURST - 1;
        ping(ctx);
        long next = burstsStarted < STARTUP_BURSTS ? STARTUP_BURST_SPACING_NS : core.config.clockPingInterval().toNanos();
        if (pings != null) {
            pings.cancel(false);
        }
        schedulePing(ctx, next);
    }

    private void ping(ChannelHandlerContext ctx) {
        long wireT1 = core.clock.epochNanos();
        socketStamps.armReads();
        socketStamps.stampNextFlush();
        ctx.writeAndFlush(new ControlFrame.ClockPing(wireT1), ctx.voidPromise());
        // t1 is when the encrypted ping reached the socket end of the pipeline, just before the
        // write system call: this side's encoding and encryption (cold code, run a few times a
        // second, hundreds of microseconds) are then not counted as time on the wire. Not after
        // the write: a thread preempted between the write and the stamp would make t1 late and
        // the exchange look faster than it was, which is the one error the filter cannot see.
        // The pong echoes the written t1, which identifies it.
        long flushed = socketStamps.lastFlushNs();
        pingSentNs = flushed >= wireT1 ? flushed : wireT1;
        pingWireT1 = wireT1;
        pingOutstanding = true;
    }

    private long idleTimeoutNanos() {
        return (session != null && session.legacy ? core.config.legacyIdleTimeout() : core.config.idleTimeout()).toNanos();
    }

    private void replaceIdleTimeout(ChannelHandlerContext ctx, long millis) {
        if (ctx.pipeline().get(ReceiverInitializer.IDLE) == null) {
            return;
        }
        if (millis <= 0) {
            ctx.pipeline().remove(ReceiverInitializer.IDLE);
        } else {
            ctx.pipeline().replace(ReceiverInitializer.IDLE, ReceiverInitializer.IDLE,
                new IdleStateHandler(millis, 0, 0, TimeUnit.MILLISECONDS));
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                handshakeDone = true;
                clientSubject = clientSubject(ctx);
            } else {
                if (!closing) {
                    core.events.refusedConnections.increment();
                    closeReason = RefusalReason.ofHandshakeFailure(e.cause()).text() + " (" + rootMessage(e.cause()) + ")";
                    closeLog = core.handshakeFailureLog;
                }
                close(ctx);
            }
        } else if (evt instanceof IdleStateEvent) {
            if (closing || dispatchEndNanoTime != 0 && System.nanoTime() - dispatchEndNanoTime < idleTimeoutNanos()) {
                // The timer counts from this connection's last read, but the executor's callbacks
                // ran after it: that was our time, not the peer's silence, and the socket is read
                // right after this. The timer keeps running; a peer that really went silent is
                // caught on its next turn.
                return;
            }
            core.events.timedOutConnections.increment();
            closeReason = session == null ? "sent no frame in time after connecting" : "went silent (no frame, no heartbeat)";
            close(ctx);
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (closing) {
            return; // already closing for a reason counted and logged once
        }
        if (!handshakeDone) {
            // The handshake completion event reports (and counts) this; plaintext and bad certificates land here too.
            if (closeReason == null) {
                closeReason = RefusalReason.ofHandshakeFailure(cause).text() + " (" + rootMessage(cause) + ")";
                closeLog = core.handshakeFailureLog;
            }
            ctx.close(); // not close(ctx): the handshake completion event still has to count the refusal
            return;
        }
        if (cause instanceof TooLongFrameException) {
            core.events.oversizeFrames.increment();
            closeReason = "protocol error: " + cause.getMessage() + " (maximum " + core.config.maxFrameBytes() + " bytes)";
        } else if (cause instanceof MalformedFrameException || cause.getCause() instanceof MalformedFrameException) {
            core.events.malformedFrames.increment();
            closeReason = "protocol error: malformed frame: " + cause.getMessage();
        } else if (closeReason == null) {
            closeReason = rootMessage(cause);
        }
        close(ctx);
    }

    private void close(ChannelHandlerContext ctx) {
        closing = true;
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        core.dispatchWaiting(pingIfOverdue); // whatever this connection's last read left waiting
        core.events.activeConnections.decrementAndGet();
        if (pings != null) {
            pings.cancel(false);
        }
        if (session != null) {
            session.openConnections--;
        }
        String sessionText = session == null ? "" : " (session " + Long.toHexString(session.sessionId) + ", highest seq "
            + session.sequence.highestSeq() + ")";
        if (closeReason != null) {
            (closeLog != null ? closeLog : core.connectionLog).warn(
                "closed connection from " + peer + sessionText + ": " + closeReason, null);
        } else {
            core.log.info("connection from {} closed by the peer{}", peer, sessionText);
        }
        ctx.fireChannelInactive();
    }

    /** The remote IP, with the client certificate's subject when mutual TLS is on: stable across reconnects. */
    private String peerIdentity() {
        String ip = peer.contains(":") ? peer.substring(0, peer.lastIndexOf(':')) : peer;
        return clientSubject == null ? ip : clientSubject + "@" + ip;
    }

    private static String clientSubject(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        try {
            if (ssl != null && ssl.engine().getSession().getPeerCertificates()[0] instanceof X509Certificate c) {
                return c.getSubjectX500Principal().getName();
            }
        } catch (SSLPeerUnverifiedException e) {
            // No client certificate: mutual TLS is off.
        }
        return null;
    }
}
