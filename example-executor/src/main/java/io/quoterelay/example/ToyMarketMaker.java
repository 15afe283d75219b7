package io.quoterelay.example;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.QuoteListener;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A stand-in for real trading logic: keeps the Binance mid per symbol and decides where it would
 * quote on the other venue (mid +/- half a spread). It only ever runs on one thread (the receiver's
 * I/O thread in callback mode, the executor's own thread in polling mode), so it needs no locks.
 *
 * <p>What a real strategy must keep from this: do not block, do not allocate per quote, do not keep
 * the {@link Quote} (it is reused after the call; use {@link Quote#copy()} to keep one), and refuse
 * a price older than the strategy can trade on ({@link Quote#ageNanos}).
 */
public final class ToyMarketMaker implements QuoteListener {
    /** The default age limit: a price older than this is not traded on. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(1);

    private final double halfSpreadBps;
    private final long maxAgeNs;
    private final EpochNanoClock clock;
    private long tooOld;
    private final Map<String, double[]> quotesBySymbol = new HashMap<>(); // symbol -> {bid, ask} we would show
    private long quotes;
    private long snapshots;
    private long maxLatencyNs;

    public ToyMarketMaker(double halfSpreadBps) {
        this(halfSpreadBps, DEFAULT_MAX_AGE);
    }

    /** {@code maxAge}: quotes older than this (sender write to now, see {@link Quote#ageNanos}) are refused. */
    public ToyMarketMaker(double halfSpreadBps, Duration maxAge) {
        this(halfSpreadBps, maxAge, EpochNanoClock.system()); // reads the time without allocating
    }

    /** With another clock than the system's: for tests. */
    ToyMarketMaker(double halfSpreadBps, Duration maxAge, EpochNanoClock clock) {
        this.halfSpreadBps = halfSpreadBps;
        this.maxAgeNs = maxAge.toNanos();
        this.clock = clock;
    }

    @Override
    public void onQuote(Quote quote) {
        quotes++;
        if (quote.snapshot()) {
            snapshots++; // sent first after every (re)connect: the book is current at once
        }
        maxLatencyNs = Math.max(maxLatencyNs, quote.latencyNs()); // offset-corrected when quote.latencyCorrected()
        if (quote.ageNanos(clock.epochNanos()) > maxAgeNs) {
            tooOld++; // the receiver never hands a backlog, but the link or this thread may have been slow
            return;
        }
        double[] ours = quotesBySymbol.computeIfAbsent(quote.symbol(), s -> new double[2]); // allocates once per symbol
        double half = quote.mid() * halfSpreadBps / 10_000;
        ours[0] = quote.mid() - half;
        ours[1] = quote.mid() + half;
        // A real executor would now amend its orders on the other venue if ours moved enough.
    }

    /** Quotes seen. Read it from the strategy's thread, or after the receiver is closed. */
    public long quotes() {
        return quotes;
    }

    /** Quotes refused as older than the age limit. */
    public long tooOld() {
        return tooOld;
    }

    public long snapshots() {
        return snapshots;
    }

    public long maxLatencyNs() {
        return maxLatencyNs;
    }

    /** The bid we would show for {@code symbol}, or NaN before its first quote. */
    public double ourBid(String symbol) {
        double[] q = quotesBySymbol.get(symbol);
        return q == null ? Double.NaN : q[0];
    }
}
