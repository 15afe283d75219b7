package io.quoterelay.receiver;

import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFlow;
import io.quoterelay.receiver.ReceiverStats.Accounting;
import io.quoterelay.receiver.ReceiverStats.Connections;
import io.quoterelay.receiver.ReceiverStats.Frames;
import io.quoterelay.receiver.ReceiverStats.Merged;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The receiver's cumulative counters and histograms, read live where the I/O thread keeps them:
 * for an exporter that polls (the optional {@code receiver-prometheus} module reads everything
 * it exports from here), or an embedder's own monitoring. The one reader of what the receiver's
 * threads count: {@link RelayReceiver#stats()} is built here too, from the same groups, so the
 * stats line and the metrics never disagree on what a count means. Unlike that snapshot nothing
 * here has an interval: each call reads the counts now, copies nothing large and never touches the
 * quote path. Any thread; obtained from {@link RelayReceiver#counters()}.
 *
 * <p>Counts only grow, from 0 at start; the groups are those of {@link ReceiverStats}, whose
 * components docs/embedding.md explains.
 */
public final class ReceiverCounters {
    private final ReceiverCore core;
    private final EventCounters events;
    private final QuoteFlow quoteFlow;
    private final long healthMaxQuoteAgeNs;
    private final long startNanoTime;
    // The stats interval; under this object's lock.
    private long intervalStartNanoTime;
    private long deliveredAtIntervalStart;

    ReceiverCounters(ReceiverCore core, QuoteFlow quoteFlow, Duration healthMaxQuoteAge, long startNanoTime) {
        this.core = core;
        this.events = core.events;
        this.quoteFlow = quoteFlow;
        this.healthMaxQuoteAgeNs = healthMaxQuoteAge.toNanos();
        this.startNanoTime = startNanoTime;
        this.intervalStartNanoTime = startNanoTime;
    }

    /**
     * The snapshot behind {@link RelayReceiver#stats()} and the stats line; {@code rollover} (the
     * stats line) starts the next interval.
     */
    synchronized ReceiverStats stats(boolean rollover) {
        long now = System.nanoTime();
        LatencySummary[] corrected = core.corrected.summarize(rollover);
        LatencySummary[] raw = core.raw.summarize(rollover);
        LatencySummary[] callback = core.callbackTime.summarize(rollover);
        List<SessionState> states = sessionStates();
        List<SessionStats> sessions = states.stream().map(SessionState::snapshot).toList();
        List<LineStats> lines = states.stream().map(s -> s.line.snapshot(s)).toList();
        Accounting accounting = accounting(sessions);
        ClockStats clock = clock();
        ReceiverStats.Interval interval = new ReceiverStats.Interval(Duration.ofNanos(now - intervalStartNanoTime),
            accounting.delivered() - deliveredAtIntervalStart, corrected[0], raw[0]);
        ReceiverStats s = new ReceiverStats(Duration.ofNanos(now - startNanoTime), interval, accounting,
            new ReceiverStats.Latency(corrected[1], raw[1], callback[1], latencyClamped()), clock, connections(),
            frames(), merged(lines), sessions, lines, core.lastSymbol, core.lastMid);
        if (rollover) {
            intervalStartNanoTime = now;
            deliveredAtIntervalStart = accounting.delivered();
        }
        return s;
    }

    /** Which latency histogram {@link #readHistogram} reads. */
    public enum Latency {
        /** One-way latency with the estimated clock offset removed (see {@link LatencyClock}). */
        CORRECTED,
        /** One-way latency by the hosts' own clocks, offset included. */
        RAW,
        /** Time spent inside the executor's callback (callback mode only). */
        CALLBACK
    }

    /** Receives a histogram's recorded values, one call per distinct value. */
    @FunctionalInterface
    public interface HistogramVisitor {
        /**
         * {@code count} samples of about {@code valueNanos} (the middle of a bucket 0.1% wide).
         *
         * @param valueNanos the bucket's value, nanoseconds
         * @param count      how many samples it holds
         */
        void bucket(long valueNanos, long count);
    }

    /**
     * Hands every value of the cumulative histogram {@code which} to {@code visitor}, on the
     * calling thread, under the histogram's lock (the I/O thread never waits for it: it records
     * into a buffer of its own). Values are nanoseconds with 3 significant digits; samples outside
     * 0..60 s were clamped to it and are counted by {@link #latencyClamped()}.
     *
     * @param which   the histogram
     * @param visitor called once per distinct value
     */
    public void readHistogram(Latency which, HistogramVisitor visitor) {
        LatencyStats stats = switch (which) {
            case CORRECTED -> core.corrected;
            case RAW -> core.raw;
            case CALLBACK -> core.callbackTime;
        };
        stats.readCumulative((Histogram h) -> {
            for (HistogramIterationValue v : h.recordedValues()) {
                visitor.bucket(h.medianEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
            }
            return null;
        });
    }

    /** {@return where every update went, summed over the sessions this receiver knows} */
    public Accounting accounting() {
        return accounting(sessions());
    }

    private Accounting accounting(List<SessionStats> sessions) {
        // Conflated and dropped are read before delivered, so a quote conflated meanwhile still
        // counts as delivered, never as neither.
        long conflatedAtReceiver = core.waiting.conflated.get();
        long dropped = core.waiting.droppedOverSymbolLimit.get();
        long delivered = events.delivered.get() - conflatedAtReceiver - dropped;
        long gaps = 0;
        long duplicates = 0;
        long outOfOrder = 0;
        long conflated = 0;
        long repeats = 0;
        for (SessionStats s : sessions) {
            gaps += s.gaps();
            duplicates += s.duplicates();
            outOfOrder += s.outOfOrder();
            conflated += s.reportedConflated();
            repeats += s.repeats();
        }
        return new Accounting(delivered, gaps, duplicates, outOfOrder, conflated, repeats, conflatedAtReceiver,
            dropped, events.sessionResets.get(), events.callbackErrors.get());
    }

    /** {@return accounting of each sender session this receiver knows, most recent first} */
    public List<SessionStats> sessions() {
        return sessionStates().stream().map(SessionState::snapshot).toList();
    }

    /**
     * Reads each line's counters now and copies its lag histogram (small: 2 significant digits),
     * so call it per scrape, not per quote.
     *
     * @return per-line arbitration (one line per sender session), most recent first, as
     *         {@link ReceiverStats#lines()}
     */
    public List<LineStats> lines() {
        return sessionStates().stream().map(s -> s.line.snapshot(s)).toList();
    }

    /** {@return the feed as merged from all lines: what their gaps and conflation cost the executor} */
    public Merged merged() {
        return merged(lines());
    }

    private static Merged merged(List<LineStats> lines) {
        long gaps = 0;
        long conflated = 0;
        long lostCopies = 0;
        long tooOld = 0;
        for (LineStats l : lines) {
            gaps += l.uncoveredGaps();
            conflated += l.uncoveredConflated();
            lostCopies += l.lostRaces() + l.coveredMissed();
            tooOld += l.tooOld();
        }
        return new Merged(gaps, conflated, lostCopies, tooOld);
    }

    private List<SessionState> sessionStates() {
        return core.sessions.values().stream()
            .sorted(Comparator.comparingLong((SessionState s) -> s.lastActivityNanoTime).reversed()).toList();
    }

    /** {@return latency samples outside 0..60 s, clamped (e.g. a negative raw latency)} */
    public long latencyClamped() {
        return core.corrected.clamped() + core.raw.clamped();
    }

    /** {@return sender connections: open now, accepted, and refused or closed by kind} */
    public Connections connections() {
        return new Connections(events.activeConnections.get(), events.acceptedConnections.get(),
            events.refusedConnections.get(), events.timedOutConnections.get(), events.notAllowedConnections.get(),
            events.rateLimitedConnections.get());
    }

    /** {@return frames that closed their connection (malformed, oversize) or were ignored} */
    public Frames frames() {
        return new Frames(events.malformedFrames.get(), events.oversizeFrames.get(), events.ignoredFrames.get());
    }

    /** {@return the clock-offset estimate and the clock exchanges' counts} */
    public ClockStats clock() {
        ReceiverCore.ClockReading r = core.clockReading;
        LatencyClock mode = core.config.latencyClock();
        long exchanges = events.clockExchanges.get();
        long rejected = events.clockRejected.get();
        long unanswered = events.clockUnanswered.get();
        if (r == null) {
            return new ClockStats(mode, false, 0, 0, 0, 0, exchanges, rejected, unanswered);
        }
        return new ClockStats(mode, true, r.offsetNs(), r.rttNs(), r.rttNs() / 2, r.sampleAgeNs(), exchanges, rejected,
            unanswered);
    }

    /** {@return nanoseconds since a quote last arrived (since start when none did), sampled once a second} */
    public long nanosSinceLastQuote() {
        return quoteFlow.nanosSinceLastQuote();
    }

    /** {@return whether quotes are flowing, as {@link RelayReceiver#health()} says} */
    public Health health() {
        int connections = events.activeConnections.get();
        if (connections == 0) {
            return new Health(false, "no sender connected");
        }
        if (!quoteFlow.anyQuote()) {
            return new Health(false, "no quote yet since start (" + connections + " connection(s) open)");
        }
        long age = quoteFlow.nanosSinceLastQuote();
        if (age > healthMaxQuoteAgeNs) {
            return new Health(false, "last quote " + Health.seconds(age) + " ago (limit " + Health.seconds(healthMaxQuoteAgeNs) + ")");
        }
        return new Health(true, "last quote " + Health.seconds(age) + " ago, " + connections + " connection(s)");
    }
}
