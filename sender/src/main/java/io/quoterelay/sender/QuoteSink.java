package io.quoterelay.sender;

import io.quoterelay.protocol.QuoteFrame;

/**
 * Receives every parsed quote on the event loop the Binance connections run on. Must copy what it
 * keeps, and must not block.
 */
@FunctionalInterface
interface QuoteSink {
    void onQuote(QuoteFrame quote);

    /** The end of one socket read's quotes: a sink that wrote without flushing flushes now, once. */
    default void onBatchEnd() {
    }
}
