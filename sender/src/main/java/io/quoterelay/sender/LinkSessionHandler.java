package io.quoterelay.sender;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.ScheduledFuture;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.FrameDecoder;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The sender's session on one connection. After the TLS handshake, in this order: hello (session
 * id, next sequence number), the snapshot (repeats of already-sent latest quotes under their
 * original sequence numbers, ascending, then every pending quote under a new number), a session
 * report, then live quotes drained from the link's {@link PendingQuotes} while the channel is writable.
 * While the session is up and the channel writable the pending quotes queue every update (nothing is
 * conflated); when the channel turns unwritable or the connection ends it conflates per symbol.
 * Session reports follow every heartbeat interval.
 *
 * <p>Runs on the channel's event loop only. The FrameEncoder encodes a written QuoteFrame
 * synchronously, so the pending quotes' own last-sent frame is written as it is, without a copy.
 */
final class LinkSessionHandler extends ChannelInboundHandlerAdapter {
    private final SessionOwner link;
    private final LinkSettings settings;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> reports;
    private boolean started;
    private boolean unflushed;
    private long startedNanoTime;

    LinkSessionHandler(SessionOwner link, LinkSettings settings) {
        this.link = link;
        this.settings = settings;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                startSession();
            } else {
                link.closeWith(ctx, e.cause(), true);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void startSession() {
        PendingQuotes quotes = link.quotes();
        // Quotes queued for the previous connection become at most one per symbol: the snapshot.
        quotes.collapseQueueIntoSlots();
        ctx.write(new ControlFrame.Hello(ControlFrame.Role.SENDER, link.sessionId(), FrameFormat.PROTOCOL_VERSION,
            quotes.nextSeq()), ctx.voidPromise());
        // An earlier (Python) receiver takes every frame's seq as the next number: a repeat's older
        // number looks like a step back, and the next live quote like a gap. So repeats go only to
        // a receiver that showed it speaks this protocol (see SessionOwner#repeatsWanted).
        List<QuoteFrame> repeats = link.repeatsWanted() ? quotes.takeRepeats() : List.of();
        for (QuoteFrame q : repeats) {
            writeQuote(q);
        }
        // Pending quotes are new updates: new numbers, flagged snapshot, sent regardless of
        // writability (there is at most one per symbol, so this is bounded).
        for (QuoteFrame q; (q = quotes.pollPending(true)) != null; ) {
            writeQuote(q);
        }
        writeReport();
        ctx.flush();
        long every = settings.heartbeatInterval().toNanos();
        reports = ctx.executor().scheduleAtFixedRate(() -> {
            writeReport();
            ctx.flush();
        }, every, every, TimeUnit.NANOSECONDS);
        link.onSessionStarted(this, repeats.size());
        started = true;
        startedNanoTime = System.nanoTime();
        quotes.live(ctx.channel().isWritable());
        drain();
    }

    private void writeReport() {
        PendingQuotes.Counts c = link.quotes().counts();
        ctx.write(new ControlFrame.SessionReport(c.upstream(), c.conflated(), c.repeats(), c.highestSeq()), ctx.voidPromise());
    }

    /** Writes pending quotes while the channel accepts them, then flushes once. Event loop only. */
    void drain() {
        if (!ctx.channel().isActive()) {
            return;
        }
        PendingQuotes quotes = link.quotes();
        int written = 0;
        for (QuoteFrame q; ctx.channel().isWritable() && (q = quotes.pollPending(false)) != null; ) {
            writeQuote(q);
            written++;
        }
        if (written > 0) {
            ctx.flush();
        }
    }

    /**
     * The direct path: writes {@code quote} now, numbered, without a flush (see {@link #flushWrites()}),
     * when the session is up, the channel writable and no quote pending. False: the caller gives it
     * to the pending quotes instead. Event loop only.
     */
    boolean writeDirect(QuoteFrame quote) {
        QuoteFrame numbered = started && ctx.channel().isWritable() ? link.quotes().takeDirect(quote) : null;
        if (numbered == null) {
            return false;
        }
        writeQuote(numbered);
        unflushed = true;
        return true;
    }

    /** Stamps and writes one of PendingQuotes' own frames; the encoder has encoded it when this returns. */
    private void writeQuote(QuoteFrame q) {
        q.sendTimeNs(settings.clock().epochNanos());
        ctx.write(q, ctx.voidPromise());
    }

    /** One flush for every direct write since the last: one syscall per Binance read batch. Event loop only. */
    void flushWrites() {
        if (unflushed) {
            unflushed = false;
            ctx.flush();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        if (started) {
            // Unwritable: the receiver (or the network) cannot keep up, so new quotes conflate per symbol.
            link.quotes().live(writable);
        }
        if (writable) {
            drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Quotes, session reports or unknown frames from a receiver mean nothing to a sender.
        if (msg == FrameDecoder.IGNORED || msg instanceof QuoteFrame || msg instanceof ControlFrame) {
            return;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (started) {
            LivenessHandler liveness = ctx.pipeline().get(LivenessHandler.class);
            link.onSessionVerdict(liveness != null && liveness.receiverHello(), System.nanoTime() - startedNanoTime);
        }
        started = false;
        link.quotes().live(false);
        if (reports != null) {
            reports.cancel(false);
        }
        link.onSessionEnded(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        link.closeWith(ctx, cause, false);
    }
}
