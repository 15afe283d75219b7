package io.quoterelay.protocol.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.quoterelay.protocol.EpochNanoClock;

/**
 * Notes when raw bytes came off the socket and when a flush went to it, at the socket end of the
 * pipeline (ahead of TLS), so a clock exchange times a frame's arrival and departure without the
 * encryption, decryption, encoding and decoding around it. A link that carries few control frames
 * runs that code rarely, so it stays cold and slow (hundreds of microseconds per frame), and a
 * stamp taken behind it would count that as time on the wire.
 *
 * <p>Which side of the work each stamp sits on matters for an estimate that keeps the fastest
 * exchange: a departure must be stamped before the bytes leave and an arrival after they came, so
 * that a delay anywhere (a preempted thread included) makes the exchange look slower, never
 * faster. A flush is stamped as it enters the socket end, just before the write system call; a
 * read as it leaves it, just after the read system call. Each read overwrites the read stamp; the
 * frames decoded from one read are handed on before the next read, so the stamp a handler sees
 * while handling a frame is that of the read which completed it.
 *
 * <p>Reads the clock only when asked ({@link #armReads}, {@link #stampNextFlush}), so a link that
 * carries quotes pays one branch per socket read and flush outside clock exchanges. Event loop only.
 */
public final class SocketStamps extends ChannelDuplexHandler {
    public static final String NAME = "socketStamps";

    private final EpochNanoClock clock;
    private boolean readsArmed;
    private boolean flushArmed;
    private long lastReadNs;
    private long lastFlushNs;

    public SocketStamps(EpochNanoClock clock, boolean armReads) {
        this.clock = clock;
        this.readsArmed = armReads;
    }

    /** Stamps every read from now on. */
    public void armReads() {
        readsArmed = true;
    }

    public void disarmReads() {
        readsArmed = false;
    }

    /** Epoch nanoseconds of the latest read while armed; 0 before any. */
    public long lastReadNs() {
        return lastReadNs;
    }

    /** Stamps the next flush that reaches the socket end (see {@link #lastFlushNs()}). */
    public void stampNextFlush() {
        flushArmed = true;
    }

    /** Epoch nanoseconds at which the stamped flush entered the socket end; 0 before any. */
    public long lastFlushNs() {
        return lastFlushNs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (readsArmed) {
            lastReadNs = clock.epochNanos();
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (flushArmed) {
            flushArmed = false;
            lastFlushNs = clock.epochNanos();
        }
        ctx.flush();
    }
}
