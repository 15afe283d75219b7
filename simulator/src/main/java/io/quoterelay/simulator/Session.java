package io.quoterelay.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

/**
 * One client connection: its subscriptions, its request-rate window and its pong time. The
 * generator thread reads {@link #wants(int)} and {@link #combined} without locks; subscription
 * changes (on the WebSocket worker thread) publish a fresh array.
 */
final class Session {
    final WebSocket conn;
    private final Map<String, Integer> symbolIndexByStream;
    private final int symbolCount;
    private final LinkedHashSet<String> streams = new LinkedHashSet<>();
    private volatile boolean[] wantedSymbols;
    volatile boolean combined;
    volatile long lastPongNanos;
    volatile ScheduledFuture<?> lifetimeClose;
    /** Updates go through here: at once, or jittered, delayed or stalled for this connection alone. */
    final ConnectionDelivery delivery;
    // Touched only by the connection's WebSocket worker thread.
    private long windowStartNanos;
    private int requestsInWindow;

    Session(WebSocket conn, StreamPath path, Map<String, Integer> symbolIndexByStream, int symbolCount,
            Duration jitterMean, long jitterSeed, String name) {
        this.conn = conn;
        this.delivery = new ConnectionDelivery(this, jitterMean, jitterSeed, name);
        this.symbolIndexByStream = symbolIndexByStream;
        this.symbolCount = symbolCount;
        this.combined = path.combined();
        this.lastPongNanos = System.nanoTime();
        subscribe(path.streams());
    }

    boolean wants(int symbolIndex) {
        return wantedSymbols[symbolIndex];
    }

    synchronized void subscribe(List<String> names) {
        streams.addAll(names);
        publish();
    }

    synchronized void unsubscribe(List<String> names) {
        streams.removeAll(names);
        publish();
    }

    synchronized List<String> streams() {
        return new ArrayList<>(streams);
    }

    private void publish() {
        boolean[] wanted = new boolean[symbolCount];
        for (String stream : streams) {
            Integer index = symbolIndexByStream.get(stream);
            if (index != null) {
                wanted[index] = true;
            }
        }
        wantedSymbols = wanted;
    }

    /** Counts one client request in a fixed one-second window; false when it is over {@code limit}. */
    boolean admitRequest(long nowNanos, int limit) {
        if (requestsInWindow == 0 || nowNanos - windowStartNanos >= 1_000_000_000L) {
            windowStartNanos = nowNanos;
            requestsInWindow = 0;
        }
        return ++requestsInWindow <= limit;
    }

    /** Sends unless the connection closed meanwhile (a race the generator loses harmlessly). */
    boolean trySend(String text) {
        if (!conn.isOpen()) {
            return false;
        }
        try {
            conn.send(text);
            return true;
        } catch (WebsocketNotConnectedException e) {
            return false;
        }
    }
}
