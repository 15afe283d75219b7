package io.quoterelay.simulator;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.java_websocket.framing.CloseFrame;

/**
 * One open connection of an {@link ExchangeSimulator}, to fault it alone: stall it, delay it, cut
 * it, or send it text no other connection gets. Faults stay with the connection; a client that
 * reconnects gets a fresh, healthy one. See {@link ExchangeSimulator#connection(int)}.
 */
public final class SimConnection {
    private final Session session;

    SimConnection(Session session) {
        this.session = session;
    }

    /**
     * While on, the connection stays open and pings continue, but no update reaches it (counted in
     * {@link #stalledMessages()}): the silent stall of one line while others still deliver.
     */
    public SimConnection stall(boolean on) {
        session.delivery.stall(on);
        return this;
    }

    public boolean isStalled() {
        return session.delivery.isStalled();
    }

    /** Every update from now on reaches this connection {@code extra} later (on top of any jitter); zero ends it. */
    public SimConnection delay(Duration extra) {
        session.delivery.delay(extra);
        return this;
    }

    /** Abrupt end: the socket is closed without a close frame (the client sees 1006). */
    public void cut() {
        session.conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "cut by simulator");
    }

    /** Sends {@code text} verbatim to this connection only, at once (a bad line, a conflicting copy). */
    public void sendRawText(String text) {
        session.trySend(text);
    }

    /** The client's address and port, as this connection sees it. */
    public InetSocketAddress remoteAddress() {
        return session.conn.getRemoteSocketAddress();
    }

    public boolean isOpen() {
        return session.conn.isOpen();
    }

    /** Updates this connection did not get because it was stalled. */
    public long stalledMessages() {
        return session.delivery.stalledMessages();
    }

    @Override
    public String toString() {
        return "SimConnection[" + remoteAddress() + "]";
    }
}
