package io.quoterelay.receiver;

import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFlow;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * The receiver's cumulative counters and histograms, read live where the I/O thread keeps them:
 * for an exporter that polls (the optional {@code receiver-prometheus} module reads everything
 * it exports from here), or an embedder's own monitoring. Unlike {@link RelayReceiver#stats()}
 * nothing here is a snapshot or has an interval: each call reads one value now, copies nothing
 * large and never touches the quote path. Any thread; obtained from {@link RelayReceiver#counters()}.
 *
 * <p>Counts only grow, from 0 at start; the names match the fields of {@link ReceiverStats},
 * where docs/embedding.md explains them.
 */
public final class ReceiverCounters {
    private final ReceiverCore core;
    private final QuoteFlow quoteFlow;
    private final long healthMaxQuoteAgeNs;

    ReceiverCounters(ReceiverCore core, QuoteFlow quoteFlow, Duration healthMaxQuoteAge) {
        this.core = core;
        this.quoteFlow = quoteFlow;
        this.healthMaxQuoteAgeNs = healthMaxQuoteAge.toNanos();
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

    /**
     * {@return quotes delivered to the executor (a snapshot repeat only when the executor lacks its
     *         update); in polling mode, or while the I/O thread is between a read and its callbacks,
     *         those waiting for it too, as {@link ReceiverStats#delivered()}}
     */
    public long delivered() {
        return core.deliveredToExecutor();
    }

    /** {@return accounting of each sender session this receiver knows, most recent first} */
    public List<SessionStats> sessions() {
        return core.sessions.values().stream()
            .sorted(Comparator.comparingLong((SessionState s) -> s.lastActivityNanoTime).reversed())
            .map(SessionState::snapshot).toList();
    }

    /**
     * Reads each line's counters now and copies its lag histogram (small: 2 significant digits),
     * so call it per scrape, not per quote.
     *
     * @return per-line arbitration (one line per sender session), most recent first, as
     *         {@link ReceiverStats#lines()}
     */
    public List<LineStats> lines() {
        return core.sessions.values().stream()
            .sorted(Comparator.comparingLong((SessionState s) -> s.lastActivityNanoTime).reversed())
            .map(s -> s.line.snapshot(s)).toList();
    }

    /** {@return times a sender started a new session (it restarted)} */
    public long sessionResets() {
        return core.sessionResets.get();
    }

    /** {@return executor callbacks (or polled listeners) that threw} */
    public long callbackErrors() {
        return core.callbackErrors.get();
    }

    /**
     * {@return quotes of symbols beyond the bound on waiting symbols ({@code polling(maxSymbols)}, else
     *         4096) that never reached the executor; should stay 0, as
     *         {@link ReceiverStats#droppedOverSymbolLimit()}}
     */
    public long droppedOverSymbolLimit() {
        return core.waiting.droppedOverSymbolLimit.get();
    }

    /**
     * {@return quotes replaced by a newer quote of the same symbol before the executor took them (it
     *         was slower than the quotes came), as {@link ReceiverStats#conflatedAtReceiver()}}
     */
    public long conflatedAtReceiver() {
        return core.waiting.conflated.get();
    }

    /** {@return latency samples outside 0..60 s, clamped (e.g. a negative raw latency)} */
    public long latencyClamped() {
        return core.corrected.clamped() + core.raw.clamped();
    }

    /** {@return frames that closed their connection because they could not be decoded} */
    public long malformedFrames() {
        return core.malformedFrames.get();
    }

    /** {@return frames that closed their connection because they were longer than the maximum} */
    public long oversizeFrames() {
        return core.oversizeFrames.get();
    }

    /** {@return valid frames that were neither a quote nor a known control frame} */
    public long ignoredFrames() {
        return core.ignoredFrames.get();
    }

    /** {@return TCP connections accepted that went on to TLS (refusals at accept not included)} */
    public long acceptedConnections() {
        return core.acceptedConnections.get();
    }

    /** {@return connections whose TLS handshake failed (no or wrong certificate, plaintext)} */
    public long refusedConnections() {
        return core.refusedConnections.get();
    }

    /** {@return connections closed because the peer went silent} */
    public long timedOutConnections() {
        return core.timedOutConnections.get();
    }

    /** {@return connections closed at accept because their source is not in the allowed senders} */
    public long notAllowedConnections() {
        return core.notAllowedConnections.get();
    }

    /** {@return connections closed at accept because their address went over the handshake rate} */
    public long rateLimitedConnections() {
        return core.rateLimitedConnections.get();
    }

    /** {@return sender connections open now} */
    public int activeConnections() {
        return core.activeConnections.get();
    }

    /** {@return the clock-offset estimate and the clock exchanges' counts} */
    public ClockStats clock() {
        return core.clockStats();
    }

    /** {@return nanoseconds since a quote last arrived (since start when none did), sampled once a second} */
    public long nanosSinceLastQuote() {
        return quoteFlow.nanosSinceLastQuote();
    }

    /** {@return whether quotes are flowing, as {@link RelayReceiver#health()} says} */
    public Health health() {
        int connections = core.activeConnections.get();
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
