package io.quoterelay.receiver;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the receiver's threads count as it happens: each counter written where its event occurs
 * (the I/O thread, or the handshake thread for what happens before a connection reaches it),
 * read only through {@link ReceiverCounters}, which builds the stats record and what the metrics
 * export from them.
 */
final class EventCounters {
    /**
     * Quotes accepted for the executor (snapshot repeats included); those it got are this minus
     * {@link ConflatingQueue#conflated}, {@link ConflatingQueue#droppedOverSymbolLimit} and what waits.
     */
    final Counter delivered = new Counter();
    final Counter callbackErrors = new Counter();
    final Counter sessionResets = new Counter();
    final Counter malformedFrames = new Counter();
    final Counter oversizeFrames = new Counter();
    final Counter ignoredFrames = new Counter();
    final Counter acceptedConnections = new Counter();
    final Counter timedOutConnections = new Counter();
    /** TLS handshakes that failed; handshake thread only. */
    final Counter refusedConnections = new Counter();
    /** Refused at accept, before TLS: outside ALLOWED_SENDERS; handshake thread only. */
    final Counter notAllowedConnections = new Counter();
    /** Refused at accept, before TLS: over the handshake rate; handshake thread only. */
    final Counter rateLimitedConnections = new Counter();
    /** Connections whose first frames came in the same read as the handshake's end, held and replayed; quote thread. */
    final Counter heldAtHandOver = new Counter();
    final AtomicInteger activeConnections = new AtomicInteger();
    final Counter clockExchanges = new Counter();
    final Counter clockRejected = new Counter();
    final Counter clockUnanswered = new Counter();
}
