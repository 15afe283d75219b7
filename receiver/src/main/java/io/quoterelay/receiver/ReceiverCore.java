package io.quoterelay.receiver;

import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.RateLimitedLog;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State shared by all connections and the per-quote path: accounting, latency, the latest-quote
 * store and dispatch to the executor. Everything mutating runs on the one I/O (quote) thread,
 * except what a connection does before and during its TLS handshake, which runs on the handshake
 * thread and writes counters of its own; the counters and histograms are readable from any thread.
 */
final class ReceiverCore {
    private static final Logger LOG = LoggerFactory.getLogger(RelayReceiver.class);
    private static final int MAX_SESSIONS = 256;

    final ReceiverConfig config;
    final EpochNanoClock clock;
    final LatestQuotes latest = new LatestQuotes();
    final LatencyStats corrected = new LatencyStats();
    final LatencyStats raw = new LatencyStats();
    final LatencyStats callbackTime = new LatencyStats();
    /** What the threads count; read through {@link ReceiverCounters}. */
    final EventCounters events = new EventCounters();
    /** Every open connection, whichever loop it is on, so close() can close them all (closed ones leave by themselves). */
    final ChannelGroup connections = new DefaultChannelGroup("quoterelay-receiver-connections", GlobalEventExecutor.INSTANCE);
    final ConcurrentHashMap<Long, SessionState> sessions = new ConcurrentHashMap<>();
    /** First copy of each (symbol, u) wins when several senders carry the feed; I/O thread only. */
    final FeedArbiter arbiter;
    /** The newest quote per symbol not yet handed to the executor (both modes). */
    final ConflatingQueue waiting;
    /** Polling mode: the executor takes quotes with {@link #poll}; else the I/O thread calls {@link #listener}. */
    final boolean polling;
    /** Where connection events go: the receiver's log, or nowhere for the warm-up's own core. */
    final Logger log;
    /** Closed connections that had completed TLS (timeouts, protocol errors), one kind per log so no summary mixes them. */
    final RateLimitedLog connectionLog;
    final RateLimitedLog handshakeFailureLog;
    final RateLimitedLog notAllowedLog;
    final RateLimitedLog rateLimitedLog;
    /** Tests only: which thread did each handshake and accept-time refusal. */
    volatile HandshakeProbe handshakeProbe;
    private final RateLimitedLog callbackLog;
    private final Map<String, Long> lastSessionOfPeer = new HashMap<>();
    private final Quote view = new Quote();
    /** The polling thread's copy of the quote it hands its listener. */
    private final Quote polled = new Quote();
    private long legacyIds;
    /** The executor's listener in callback mode (the warm-up swaps in its own); I/O thread only. */
    QuoteListener listener;
    volatile EventLoop ioLoop;
    /** The latest estimate of any link, published whole so no reader sees an offset with another exchange's rtt; null until one exists. */
    volatile ClockReading clockReading;
    /** {@link LatencyClock#HOST}: record host-clock (raw) latency for every quote, estimate or not. */
    private final boolean trustHostClocks;
    volatile String lastSymbol;
    volatile double lastMid;

    ReceiverCore(ReceiverConfig config) {
        this(config, LOG, null);
    }

    /**
     * @param logFlusher runs the rate-limited logs' end-of-burst summaries (the handshake loop); null: none
     */
    ReceiverCore(ReceiverConfig config, Logger log, ScheduledExecutorService logFlusher) {
        this.log = log;
        this.connectionLog = new RateLimitedLog(log, "closed connections", 1_000_000_000L, logFlusher);
        this.handshakeFailureLog = new RateLimitedLog(log, "TLS handshakes failed", 1_000_000_000L, logFlusher);
        this.notAllowedLog = new RateLimitedLog(log, "connections refused (not in ALLOWED_SENDERS)", 1_000_000_000L,
            logFlusher);
        this.rateLimitedLog = new RateLimitedLog(log, "connections refused (handshake rate)", 1_000_000_000L,
            logFlusher);
        this.callbackLog = new RateLimitedLog(log, "executor callback errors", 10_000_000_000L, logFlusher);
        this.arbiter = new FeedArbiter(new RateLimitedLog(log, "copies that disagree with the delivered copy",
            10_000_000_000L, logFlusher), new RateLimitedLog(log, "stale marks abandoned", 10_000_000_000L, logFlusher));
        this.config = config;
        this.clock = config.clock();
        this.polling = config.pollCapacity() > 0;
        this.waiting = new ConflatingQueue(polling ? config.pollCapacity() : LatestQuotes.MAX_SYMBOLS);
        this.listener = config.listener();
        this.trustHostClocks = config.latencyClock() == LatencyClock.HOST;
    }

    /**
     * A sender announced its session. Counts a reset when the peer had a different one before.
     * Returns null when the session belongs to another address and this peer has no client
     * certificate (legacy mode): without a certificate the address is all that tells senders apart.
     */
    SessionState senderSession(long sessionId, String peer, boolean certified) {
        SessionState s = sessions.get(sessionId);
        if (s != null && !certified && !s.peer.equals(peer)) {
            return null;
        }
        if (s == null) {
            s = new SessionState(sessionId, peer, false);
            Long previous = lastSessionOfPeer.put(peer, sessionId);
            SessionState previousState = previous == null ? null : sessions.get(previous);
            if (previousState != null && previousState.openConnections > 0) {
                // Two senders with one certificate on one host (A/B lines): both carry on, nothing restarted.
                log.info("peer {} started session {} while its session {} is still connected: a second line",
                    peer, Long.toHexString(sessionId), Long.toHexString(previous));
            } else if (previous != null) {
                events.sessionResets.increment();
                log.info("peer {} started session {} (previous session {}): the sender restarted",
                    peer, Long.toHexString(sessionId), Long.toHexString(previous));
            }
            addSession(s);
        }
        s.connections.increment();
        s.openConnections++;
        return s;
    }

    /**
     * A peer that sent a quote without a hello: the Python sender, keyed by its source IP (it
     * reconnects from a new port each time, and has no session id or certificate). A connection
     * continues a legacy session of its address that has no connection open and whose numbering
     * its first quote goes on from (the closest one, if several); otherwise it starts a new one.
     * Numbering that starts again is a restart (counted as a reset). A second connection from the
     * same address while the first is still open gets a session of its own: two numberings never
     * mix, so neither sees false gaps. Another address never joins: it has sessions of its own.
     * Runs once per connection, never per quote.
     */
    SessionState legacySession(String peer, long firstSeq) {
        SessionState best = null;
        boolean anyOpen = false;
        boolean any = false;
        for (SessionState s : sessions.values()) {
            if (!s.legacy || !s.peer.equals(peer)) {
                continue;
            }
            any = true;
            if (s.openConnections > 0) {
                anyOpen = true;
            } else if (firstSeq > s.sequence.highestSeq()
                && (best == null || s.sequence.highestSeq() > best.sequence.highestSeq())) {
                best = s;
            }
        }
        if (best != null) {
            best.connections.increment();
            best.openConnections++;
            return best;
        }
        SessionState s = new SessionState(-(++legacyIds), peer, true);
        if (anyOpen) {
            log.info("second legacy connection from {} while another is open there: numbered as a session of its own",
                peer);
        } else if (any) {
            events.sessionResets.increment();
            log.info("peer {} restarted its numbering at seq {}: counted as a new session", peer, firstSeq);
        }
        addSession(s);
        s.connections.increment();
        s.openConnections++;
        return s;
    }

    private void addSession(SessionState s) {
        sessions.put(s.sessionId, s);
        if (sessions.size() > MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparingLong(x -> x.lastActivityNanoTime))
                .ifPresent(oldest -> sessions.remove(oldest.sessionId));
        }
    }

    /**
     * The per-quote path, on the I/O thread: sequence accounting, latency, {@link #latest}, and the
     * quote becomes its symbol's waiting one; the executor gets it when the connection dispatches
     * ({@link #dispatchWaiting}: at once while the executor keeps up, else after the read) or when
     * it polls. No allocation, no logging.
     */
    void onQuote(SessionState session, ClockSync clockSync, QuoteFrame q, long receiveNs) {
        SequenceTracker.Verdict verdict = session.sequence.onQuote(q.seq(), q.repeat());
        if (verdict == SequenceTracker.Verdict.DUPLICATE) {
            return;
        }
        if (!arbiter.admit(session, q, receiveNs)) {
            return;
        }
        boolean isCorrected = !trustHostClocks && !session.legacy && clockSync.hasEstimate();
        long latency = receiveNs - q.sendTimeNs() + (isCorrected ? clockSync.offsetNs() : 0);
        (isCorrected ? corrected : raw).record(latency);
        view.wrap(q, session.sessionId, receiveNs, latency, isCorrected);
        // Delivery from here on: the quote becomes its symbol's waiting one.
        // Waiting before latest: whoever sees a quote in latest() finds it (or a newer one) waiting.
        waiting.offer(view, session, verdict == SequenceTracker.Verdict.DELIVER);
        latest.update(view);
        events.delivered.increment();
        lastSymbol = q.symbol();
        lastMid = q.mid();
    }

    /**
     * How long the callbacks may hold one read, or one dispatch, before what is read is conflated:
     * an executor that handles a burst within this gets every quote; a slower one gets the newest
     * of each symbol, never a backlog (docs/embedding.md, "What a slow callback costs").
     */
    static final long FRESH_READ_NS = 1_000_000L;
    /** I/O thread: the last dispatch held this thread over {@link #FRESH_READ_NS}, so quotes read now waited behind it. */
    private boolean executorBehind;

    /**
     * I/O thread: whether a quote decoded at {@code now}, in a read whose first frame was handled at
     * {@code readStartNanoTime}, goes to the executor at once rather than at the end of the read.
     */
    boolean keepsUp(long readStartNanoTime, long now) {
        return !executorBehind && now - readStartNanoTime <= FRESH_READ_NS;
    }

    /**
     * Callback mode, I/O thread, once everything readable has been read and decoded: hands the
     * listener each symbol's newest quote, in the order they were read. When the executor keeps up this
     * is the one quote the read brought, in the same read, with no hop. {@code afterCallback}
     * gets the time each callback ended (the connection's overdue clock pings). Returns when the
     * last callback ended (System.nanoTime), 0 when none ran.
     */
    long dispatchWaiting(LongConsumer afterCallback) {
        EventLoop loop = ioLoop;
        if (polling || loop != null && !loop.inEventLoop()) {
            // Polling: the executor takes them. Not the I/O thread: a connection still on the
            // handshake thread (its handshake's reads, a refusal) must never call the executor.
            return 0;
        }
        long end = 0;
        long began = 0;
        for (Quote q; (q = waiting.takeInPlace()) != null; ) {
            long start = System.nanoTime();
            if (began == 0) {
                began = start;
            }
            try {
                listener.onQuote(q);
            } catch (RuntimeException e) {
                // An Error (out of memory, a linkage error) is not a strategy bug to count and ride over:
                // it propagates, the connection closes with it as the reason, and the JVM's own policy applies.
                onListenerException(q, e);
            }
            end = System.nanoTime();
            callbackTime.record(end - start);
            afterCallback.accept(end);
        }
        if (end != 0) {
            // What reached the host while these callbacks ran is stale by the time it is read:
            // until a dispatch is quick again, reads are conflated before the executor sees them.
            executorBehind = end - began > FRESH_READ_NS;
        }
        return end;
    }

    /** A listener threw: counted, logged rate-limited, and the quotes go on (callback or poll). */
    void onListenerException(Quote quote, RuntimeException e) {
        events.callbackErrors.increment();
        callbackLog.warn("executor callback threw on " + quote.symbol() + " seq " + quote.seq()
            + "; the link carries on (callback errors so far: " + events.callbackErrors.get() + ")", e);
    }

    /**
     * Polling mode, the executor's one polling thread: hands {@code listener} up to {@code limit}
     * waiting quotes, each its symbol's newest, in the order they were read; returns how many. A listener
     * that throws an exception is counted and the next quote follows; an {@code Error} propagates,
     * with the quote it was thrown on consumed.
     */
    int poll(QuoteListener listener, int limit) {
        int n = 0;
        while (n < limit && waiting.takeCopy(polled)) {
            n++;
            try {
                listener.onQuote(polled);
            } catch (RuntimeException e) {
                onListenerException(polled, e);
            }
        }
        return n;
    }

    /** I/O thread: a link's estimate changed (each answered ping may choose another exchange). */
    void onClockEstimate(ClockSync sync) {
        events.clockExchanges.increment();
        clockReading = new ClockReading(sync.offsetNs(), sync.rttNs(), sync.sampleAgeNs());
    }

    record ClockReading(long offsetNs, long rttNs, long sampleAgeNs) {
    }
}
