package io.quoterelay.sender;

/** What one WebSocket text message turned out to be. */
enum ParseResult {
    /** A bookTicker update; the quote frame holds it. */
    QUOTE,
    /** Valid JSON that is not a quote: acknowledgements, errors, {@code serverShutdown}, other events. */
    NON_QUOTE,
    /** Not JSON, or a bookTicker with missing or wrongly typed fields. */
    MALFORMED
}
