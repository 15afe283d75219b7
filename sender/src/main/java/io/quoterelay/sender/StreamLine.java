package io.quoterelay.sender;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * One hot-hot line of a {@link BinanceStream}: the connection that delivers for it now, the one
 * opened last (it takes over at its first message) and, during a rollover, the one it replaced;
 * plus its own backoff, state and race record. A line lives as long as the stream; its connections
 * come and go.
 */
final class StreamLine {
    final int index;
    /** Prefix of this line's log lines; empty with a single line, so its log reads as before hot-hot. */
    final String tag;
    /** Source address to bind, or null. */
    final InetSocketAddress localAddress;
    final LineTally tally = new LineTally();
    /** Scheduler thread only. */
    final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), 0.2);

    /** The connection whose messages are processed. */
    volatile BinanceStream.Connection active;
    /** The connection opened last; it replaces {@link #active} when it delivers data. */
    volatile BinanceStream.Connection newest;
    /** The connection a rollover replaced, still read until the overlap has passed. */
    volatile BinanceStream.Connection retiring;
    /** True from the start of a rollover until the old connection is closed. */
    volatile boolean overlapping;
    volatile LinkState state = LinkState.CONNECTING;
    volatile String lastError;

    // Scheduler thread only.
    boolean everOpened;
    int failedAttempts;
    String lastLoggedError;
    long lastLoggedNanoTime;

    StreamLine(int index, int lines, InetSocketAddress localAddress) {
        this.index = index;
        this.tag = lines == 1 ? "" : "line " + index + ": ";
        this.localAddress = localAddress;
    }
}
