package io.quoterelay.sender;

import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.simulator.SentListener;
import io.quoterelay.simulator.SentQuote;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the exchange simulator sent against what a {@link BinanceStream} forwarded and dropped, to
 * judge that every update was forwarded once, in order per symbol, or (where the test allows it)
 * dropped as superseded. Thread-safe: the simulator's generator, the event loop and the test thread.
 */
final class ForwardLedger implements SentListener, QuoteSink {
    private final List<String> symbols;
    private final List<SentQuote> sent = new ArrayList<>();
    private final List<long[]> forwarded = new ArrayList<>(); // {symbol index, u}
    /** The arbiter's drops; hand {@link #dropListener()} to {@link BinanceStream#overlapDropListener}. */
    private final Set<Long> dropped = ConcurrentHashMap.newKeySet();
    private long lastCount = -1;
    private long stableSince;

    ForwardLedger(String... symbols) {
        this.symbols = List.of(symbols);
    }

    record Verdict(long forwarded, long forwardedTwice, long superseded, long lost, long outOfOrder) {
    }

    @Override
    public void onSent(SentQuote q) {
        synchronized (sent) {
            sent.add(q);
        }
    }

    @Override
    public void onQuote(QuoteFrame q) {
        synchronized (forwarded) {
            forwarded.add(new long[] {symbols.indexOf(q.symbol()), q.updateId()});
        }
    }

    QuoteSink dropListener() {
        return q -> dropped.add(q.updateId());
    }

    long forwardedCount() {
        synchronized (forwarded) {
            return forwarded.size();
        }
    }

    long sentCount() {
        synchronized (sent) {
            return sent.size();
        }
    }

    /** The forwarded count has not changed for 300 ms; call it repeatedly once the exchange finished. */
    boolean settled() {
        long n = forwardedCount();
        long now = System.nanoTime();
        if (n != lastCount) {
            lastCount = n;
            stableSince = now;
            return false;
        }
        return now - stableSince > 300_000_000L;
    }

    Verdict verdict() {
        List<long[]> f;
        List<SentQuote> s;
        synchronized (forwarded) {
            f = new ArrayList<>(forwarded);
        }
        synchronized (sent) {
            s = new ArrayList<>(sent);
        }
        Set<Long> seen = new HashSet<>();
        long twice = 0;
        long outOfOrder = 0;
        long[] lastU = new long[symbols.size()];
        Arrays.fill(lastU, Long.MIN_VALUE);
        for (long[] q : f) {
            if (q[0] < 0) {
                continue; // a symbol the test injected by hand
            }
            if (!seen.add(q[1])) {
                twice++;
            }
            int sym = (int) q[0];
            if (q[1] <= lastU[sym]) {
                outOfOrder++;
            }
            lastU[sym] = q[1];
        }
        long superseded = 0;
        long lost = 0;
        for (SentQuote q : s) {
            if (seen.contains(q.updateId())) {
                continue;
            }
            if (dropped.contains(q.updateId())) {
                superseded++; // only on an old connection, and by then older than what was forwarded
            } else {
                lost++;
            }
        }
        return new Verdict(seen.size(), twice, superseded, lost, outOfOrder);
    }
}
