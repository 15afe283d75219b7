package io.quoterelay.sender;

/** Which Binance market's bookTicker streams to subscribe to when no URL is given. */
public enum Market {
    /** Spot: no exchange time in bookTicker, so exchange-to-sender latency is unknown. */
    SPOT,
    /** USD-M futures: bookTicker carries the event time {@code E} and transaction time {@code T}. */
    USDM
}
