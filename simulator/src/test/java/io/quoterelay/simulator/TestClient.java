package io.quoterelay.simulator;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;

/** A Java-WebSocket client that queues what it receives; every wait has a deadline. */
final class TestClient extends WebSocketClient {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** How the connection ended. */
    record Close(int code, String reason, boolean remote) {
    }

    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    /** Per message text, when it arrived ({@link System#nanoTime()}). */
    final java.util.Map<String, Long> arrivalNanos = new java.util.concurrent.ConcurrentHashMap<>();
    final CompletableFuture<Close> closed = new CompletableFuture<>();
    private final boolean answerPings;

    TestClient(URI uri) {
        this(uri, true);
    }

    TestClient(URI uri, boolean answerPings) {
        super(uri);
        this.answerPings = answerPings;
        setTcpNoDelay(true);
        setConnectionLostTimeout(0);
    }

    static TestClient open(URI uri) throws InterruptedException {
        TestClient c = new TestClient(uri);
        c.connectOrFail();
        return c;
    }

    void connectOrFail() throws InterruptedException {
        if (!connectBlocking(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("could not connect to " + getURI() + ": " + awaitCloseOrNull());
        }
    }

    private Close awaitCloseOrNull() {
        try {
            return closed.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            return null;
        }
    }

    String next() throws InterruptedException {
        String m = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new AssertionError("no message within " + WAIT);
        }
        return m;
    }

    List<String> next(int n) throws InterruptedException {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(next());
        }
        return out;
    }

    /** The next message that is not a quote (acks, errors, injected text), skipping quotes. */
    String nextNonQuote() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String m = messages.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (m != null && !m.contains("\"b\":\"")) {
                return m;
            }
        }
        throw new AssertionError("no non-quote message within " + WAIT);
    }

    Close awaitClose() throws Exception {
        return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        arrivalNanos.putIfAbsent(message, System.nanoTime());
        messages.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.complete(new Close(code, reason, remote));
    }

    @Override
    public void onError(Exception ex) {
    }

    @Override
    public void onWebsocketPing(WebSocket conn, Framedata f) {
        if (answerPings) {
            super.onWebsocketPing(conn, f);
        }
    }
}
