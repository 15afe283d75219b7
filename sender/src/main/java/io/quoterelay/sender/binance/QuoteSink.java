package io.quoterelay.sender.binance;

import io.quoterelay.protocol.QuoteFrame;

/** Receives every parsed quote on the WebSocket read thread. Must copy what it keeps, and must not block. */
@FunctionalInterface
public interface QuoteSink {
    void onQuote(QuoteFrame quote);
}
