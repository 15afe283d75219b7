package io.quoterelay.simulator;

/**
 * Sees every update the simulator broadcasts (not those swallowed by {@link ExchangeSimulator#stall},
 * and not replayed lines that are not bookTicker events). Called on the generator thread after the
 * update was handed to every connection: a slow listener slows the generator. Building the
 * {@link SentQuote} costs a few allocations, paid only while a listener is registered.
 */
@FunctionalInterface
public interface SentListener {
    void onSent(SentQuote quote);
}
