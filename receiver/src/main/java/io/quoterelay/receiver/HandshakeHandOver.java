package io.quoterelay.receiver;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Moves a connection from the handshake thread to the quote thread once its TLS handshake
 * succeeded, so that no stranger's bytes and no handshake ever run where quotes are decoded and
 * the executor is called.
 *
 * <p>The connection is accepted and its handshake done on the handshake loop; on success the
 * channel is deregistered from it and registered with the quote loop (Netty keeps the pipeline and
 * its state; with epoll the socket leaves one epoll set and joins the other, and a read that was
 * pending in between is reported by the new one). Data decrypted in the same read as the
 * handshake's last message is held here and passed on after the move, on the quote loop. The
 * first-frame timeout starts there too. Then this handler removes itself: the quote path has one
 * handler less to pass, not one more.
 *
 * <p>Why moving a registered channel is safe here, although Netty's maintainers call it tricky in
 * general (netty#4372, netty#8513): it happens once, from the channel's own loop, at a moment when
 * nothing of the pipeline is scheduled on the old loop (the TLS handshake timeout is cancelled on
 * success, the silence timeout and the clock pings are only started on the quote loop), and
 * Netty 4.2 clears the contexts' cached executors on deregistration (netty#14923, fixed by
 * netty#14924 in 4.2.0). {@code HandOverTest} checks it with the epoll transport.
 */
final class HandshakeHandOver extends ChannelInboundHandlerAdapter {
    private final ReceiverCore core;
    private final EventLoop quoteLoop;
    private ArrayDeque<Object> held;
    private boolean readCompleteHeld;

    HandshakeHandOver(ReceiverCore core, EventLoop quoteLoop) {
        this.core = core;
        this.quoteLoop = quoteLoop;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        HandshakeProbe probe = core.handshakeProbe;
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (probe != null) {
                probe.handshakeCompleted(Thread.currentThread(), e.isSuccess());
            }
            // The connection handler learns the outcome first: it reads the client's certificate
            // here, or counts and logs the refusal.
            ctx.fireUserEventTriggered(evt);
            if (e.isSuccess() && ctx.channel().isOpen()) {
                handOver(ctx);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void handOver(ChannelHandlerContext ctx) {
        held = new ArrayDeque<>(4);
        Channel channel = ctx.channel();
        channel.deregister().addListener((ChannelFuture d) -> {
            if (!d.isSuccess()) {
                fail(ctx, d.cause());
                return;
            }
            quoteLoop.register(channel).addListener((ChannelFuture r) -> {
                if (!r.isSuccess()) {
                    fail(ctx, r.cause());
                    return;
                }
                arrived(ctx);
            });
        });
    }

    /** On the quote loop, the channel registered with it. */
    private void arrived(ChannelHandlerContext ctx) {
        long firstFrameMs = core.config.firstFrameTimeout().toMillis();
        // Until the peer says who it is, it must send something soon: a client that completes TLS and
        // goes quiet would otherwise hold a connection forever.
        ctx.pipeline().addAfter(ctx.name(), ReceiverInitializer.IDLE,
            new IdleStateHandler(firstFrameMs, 0, 0, TimeUnit.MILLISECONDS));
        ArrayDeque<Object> pending = held;
        held = null;
        if (!pending.isEmpty()) {
            core.events.heldAtHandOver.increment();
        }
        boolean readComplete = readCompleteHeld;
        for (Object m; (m = pending.poll()) != null; ) {
            ctx.fireChannelRead(m);
        }
        if (readComplete) {
            ctx.fireChannelReadComplete();
        }
        if (ctx.pipeline().context(this) != null) { // a frame above may have closed the connection already
            ctx.pipeline().remove(this);
        }
        // A write that waited for the socket on the old loop asked that loop's epoll to say when; ask this one.
        ctx.flush();
        HandshakeProbe probe = core.handshakeProbe;
        if (probe != null) {
            probe.handedOver(ctx.channel());
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        releaseHeld();
        core.log.warn("could not move the connection from {} to the quote thread: {}", ctx.channel().remoteAddress(),
            cause.toString());
        ctx.channel().unsafe().closeForcibly();
        // Unregistered, the channel fires no channelInactive: account for it here.
        core.events.activeConnections.decrementAndGet();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held != null) {
            held.add(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (held != null) {
            readCompleteHeld = true;
        } else {
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseHeld();
        ctx.fireChannelInactive();
    }

    private void releaseHeld() {
        if (held != null) {
            for (Object m; (m = held.poll()) != null; ) {
                ReferenceCountUtil.release(m);
            }
            held = null;
        }
    }
}
