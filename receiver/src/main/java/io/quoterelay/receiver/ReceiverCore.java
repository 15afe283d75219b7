package io.quoterelay.receiver;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State shared by all connections and the per-quote path: accounting, latency, the latest-quote
 * store and dispatch to the executor. Everything mutating runs on the one I/O thread; the
 * counters and histograms are readable from any thread.
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
    final Counter delivered = new Counter();
    final Counter callbackErrors = new Counter();
    final Counter malformedFrames = new Counter();
    final Counter oversizeFrames = new Counter();
    final Counter ignoredFrames = new Counter();
    final Counter refusedConnections = new Counter();
    final Counter timedOutConnections = new Counter();
    final Counter acceptedConnections = new Counter();
    final Counter sessionResets = new Counter();
    final AtomicInteger activeConnections = new AtomicInteger();
    final ConcurrentHashMap<Long, SessionState> sessions = new ConcurrentHashMap<>();
    final QuoteRing ring;
    /** Where connection events go: the receiver's log, or nowhere for the warm-up's own core. */
    final Logger log;
    final RateLimitedLog connectionLog;
    private final RateLimitedLog callbackLog;
    private final Map<String, Long> lastSessionOfPeer = new HashMap<>();
    private final List<Channel> pausedChannels = new ArrayList<>();
    private final Quote view = new Quote();
    private long legacyIds;
    /** The executor's listener in callback mode (the warm-up swaps in its own); I/O thread only. */
    QuoteListener listener;
    volatile EventLoop ioLoop;
    volatile boolean paused;
    final Counter clockExchanges = new Counter();
    final Counter clockRejected = new Counter();
    final Counter clockUnanswered = new Counter();
    /** The latest estimate of any link, published whole so no reader sees an offset with another exchange's rtt; null until one exists. */
    volatile ClockReading clockReading;
    /** {@link LatencyClock#HOST}: record host-clock (raw) latency for every quote, estimate or not. */
    private final boolean trustHostClocks;
    volatile String lastSymbol;
    volatile double lastMid;

    ReceiverCore(ReceiverConfig config) {
        this(config, LOG);
    }

    ReceiverCore(ReceiverConfig config, Logger log) {
        this.log = log;
        this.connectionLog = new RateLimitedLog(log, 1_000_000_000L);
        this.callbackLog = new RateLimitedLog(log, 10_000_000_000L);
        this.config = config;
        this.clock = config.clock();
        this.ring = config.pollCapacity() > 0 ? new QuoteRing(config.pollCapacity()) : null;
        this.listener = config.listener();
        this.trustHostClocks = config.latencyClock() == LatencyClock.HOST;
    }

    /** A sender announced its session. Counts a reset when the peer had a different one before. */
    SessionState senderSession(long sessionId, String peer) {
        SessionState s = sessions.get(sessionId);
        if (s == null) {
            s = new SessionState(sessionId, peer, false);
            Long previous = lastSessionOfPeer.put(peer, sessionId);
            if (previous != null) {
                sessionResets.increment();
                log.info("peer {} started session {} (previous session {}): the sender restarted",
                    peer, Long.toHexString(sessionId), Long.toHexString(previous));
            }
            addSession(s);
        }
        s.connections.increment();
        return s;
    }

    /**
     * A peer that sent a quote without a hello: the Python sender. Its numbering continues across
     * reconnects unless it restarted, which shows as numbering that starts again.
     */
    SessionState legacySession(String peer, long firstSeq) {
        Long previousId = lastSessionOfPeer.get(peer);
        SessionState previous = previousId == null ? null : sessions.get(previousId);
        if (previous != null && previous.legacy && firstSeq > previous.sequence.highestSeq()) {
            previous.connections.increment();
            return previous;
        }
        SessionState s = new SessionState(-(++legacyIds), peer, true);
        if (previousId != null) {
            sessionResets.increment();
            log.info("peer {} restarted its numbering at seq {}: counted as a new session", peer, firstSeq);
        }
        lastSessionOfPeer.put(peer, s.sessionId);
        addSession(s);
        s.connections.increment();
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
     * The per-quote path. Returns false when the poll queue is full and the caller must stop
     * reading (backpressure). No allocation, no logging except a rate-limited callback failure.
     */
    boolean onQuote(Channel channel, SessionState session, ClockSync clockSync, QuoteFrame q, long receiveNs) {
        if (session.sequence.onQuote(q.seq(), q.repeat()) == SequenceTracker.Verdict.DUPLICATE) {
            return true;
        }
        boolean isCorrected = !trustHostClocks && !session.legacy && clockSync.hasEstimate();
        long latency = receiveNs - q.sendTimeNs() + (isCorrected ? clockSync.offsetNs() : 0);
        (isCorrected ? corrected : raw).record(latency);
        view.wrap(q, session.sessionId, receiveNs, latency, isCorrected);
        latest.update(view);
        delivered.increment();
        lastSymbol = q.symbol();
        lastMid = q.mid();
        if (ring != null) {
            if (!ring.offer(view)) {
                pause(channel);
                return false;
            }
            return true;
        }
        long start = System.nanoTime();
        try {
            listener.onQuote(view);
        } catch (Throwable t) {
            callbackErrors.increment();
            callbackLog.warn("executor callback threw on " + q.symbol() + " seq " + q.seq()
                + "; the link carries on (callback errors so far: " + callbackErrors.get() + ")", t);
        }
        callbackTime.record(System.nanoTime() - start);
        return true;
    }

    private void pause(Channel channel) {
        channel.config().setAutoRead(false);
        pausedChannels.add(channel);
        paused = true;
    }

    /** I/O thread: whether reading from {@code channel} is paused by polling-mode backpressure. */
    boolean isPaused(Channel channel) {
        return !channel.config().isAutoRead() && pausedChannels.contains(channel);
    }

    /** Consumer side of polling mode. */
    int poll(QuoteListener listener, int limit) {
        int n = ring.drain(listener, limit);
        if (paused && ring.belowHalf()) {
            paused = false;
            EventLoop loop = ioLoop;
            if (loop != null) {
                loop.execute(this::resumeReading);
            }
        }
        return n;
    }

    private void resumeReading() {
        for (Channel c : pausedChannels) {
            c.config().setAutoRead(true);
        }
        pausedChannels.clear();
    }

    /** I/O thread: a link's estimate changed (each answered ping may choose another exchange). */
    void onClockEstimate(ClockSync sync) {
        clockExchanges.increment();
        clockReading = new ClockReading(sync.offsetNs(), sync.rttNs(), sync.sampleAgeNs());
    }

    ClockStats clockStats() {
        ClockReading r = clockReading;
        LatencyClock mode = config.latencyClock();
        if (r == null) {
            return new ClockStats(mode, false, 0, 0, 0, 0, clockExchanges.get(), clockRejected.get(), clockUnanswered.get());
        }
        return new ClockStats(mode, true, r.offsetNs(), r.rttNs(), r.rttNs() / 2, r.sampleAgeNs(), clockExchanges.get(),
            clockRejected.get(), clockUnanswered.get());
    }

    record ClockReading(long offsetNs, long rttNs, long sampleAgeNs) {
    }
}
