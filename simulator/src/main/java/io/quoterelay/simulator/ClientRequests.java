package io.quoterelay.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a client may send on Binance's market-data socket, answered as Binance answers it:
 * SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY and GET_PROPERTY ({@link ControlRequest}
 * parses them), an error for anything else, and a 1008 close for a client over its request rate.
 * Runs on Java-WebSocket's worker thread.
 */
final class ClientRequests {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRequests.class);

    private final int maxPerSecond;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong rateLimitCloses = new AtomicLong();

    ClientRequests(int maxPerSecond) {
        this.maxPerSecond = maxPerSecond;
    }

    /** Client text frames received (garbage included). */
    long requests() {
        return requests.get();
    }

    /** Connections closed for sending more than the allowed requests per second. */
    long rateLimitCloses() {
        return rateLimitCloses.get();
    }

    /** Counts, rate-limits (a 1008 close, as Binance) and answers one text frame from a client. */
    void handle(Session session, String text) {
        requests.incrementAndGet();
        if (!session.admitRequest(System.nanoTime(), maxPerSecond)) {
            rateLimitCloses.incrementAndGet();
            LOG.info("closing {}: more than {} requests per second", session.conn.getRemoteSocketAddress(),
                maxPerSecond);
            session.conn.close(CloseFrame.POLICY_VALIDATION, "Too many requests");
            return;
        }
        ControlRequest request;
        try {
            request = ControlRequest.parse(text);
        } catch (ControlRequest.BadRequestException e) {
            session.trySend(e.replyJson());
            return;
        }
        String reply = reply(session, request);
        if (reply != null) {
            session.trySend(reply);
        }
    }

    /** The answer to send, or null when it was already sent (SUBSCRIBE acks before data starts). */
    private String reply(Session session, ControlRequest request) {
        String id = request.idJson();
        switch (request.method()) {
            case "SUBSCRIBE":
            case "UNSUBSCRIBE": {
                List<String> streams = new ArrayList<>();
                for (Object p : request.params()) {
                    if (!(p instanceof String) || !StreamPath.isValidStream((String) p)) {
                        return ControlRequest.errorJson(2, "Invalid request: invalid stream", id);
                    }
                    streams.add((String) p);
                }
                // Ack before the first quote of a new stream, and after the last quote of a dropped one,
                // so a client can treat the ack as the boundary.
                if (request.method().equals("SUBSCRIBE")) {
                    session.trySend(ControlRequest.resultNullJson(id));
                    session.subscribe(streams);
                    return null;
                }
                session.unsubscribe(streams);
                return ControlRequest.resultNullJson(id);
            }
            case "LIST_SUBSCRIPTIONS": {
                StringBuilder sb = new StringBuilder("[");
                for (String s : session.streams()) {
                    sb.append(sb.length() == 1 ? "" : ",").append('"').append(s).append('"');
                }
                return ControlRequest.resultJson(sb.append(']').toString(), id);
            }
            case "SET_PROPERTY":
                if (request.params().size() == 2 && "combined".equals(request.params().get(0))
                    && request.params().get(1) instanceof Boolean) {
                    session.combined = (Boolean) request.params().get(1);
                    return ControlRequest.resultNullJson(id);
                }
                return ControlRequest.errorJson(2, "Invalid request: unknown property", id);
            case "GET_PROPERTY":
                if (request.params().size() == 1 && "combined".equals(request.params().get(0))) {
                    return ControlRequest.resultJson(Boolean.toString(session.combined), id);
                }
                return ControlRequest.errorJson(2, "Invalid request: unknown property", id);
            default:
                return ControlRequest.errorJson(2, "Invalid request: unknown variant `" + request.method()
                    + "`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`,"
                    + " `GET_PROPERTY`", id);
        }
    }
}
