package io.quoterelay.receiver;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest quote per symbol, for {@link RelayReceiver#latest}. The I/O thread copies each quote
 * into its symbol's slot under the slot's monitor (uncontended unless someone is polling that very
 * symbol); readers copy out under the same monitor. Nothing is allocated per quote. The number of
 * symbols is bounded so a peer cannot grow it without limit.
 */
final class LatestQuotes {
    static final int MAX_SYMBOLS = 4096;

    private final ConcurrentHashMap<String, Quote> slots = new ConcurrentHashMap<>();

    /** I/O thread only. */
    void update(Quote q) {
        Quote slot = slots.get(q.symbol());
        if (slot == null) {
            if (slots.size() >= MAX_SYMBOLS) {
                return;
            }
            slot = new Quote();
            slots.put(q.symbol(), slot);
        }
        synchronized (slot) {
            slot.copyFrom(q);
        }
    }

    Quote latest(String symbol) {
        Quote slot = slots.get(symbol);
        if (slot == null) {
            return null;
        }
        synchronized (slot) {
            return slot.copy();
        }
    }
}
