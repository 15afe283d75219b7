package io.quoterelay.receiver;

/**
 * Receives every quote, in the order the sender numbered them. Called on the receiver's single
 * I/O thread (named {@code quoterelay-receiver-io-*}), directly after decoding: no queue, no
 * hand-off. The {@link Quote} is reused after the call returns.
 *
 * <p>Time spent here is time the link is not read: a callback slower than the quote rate makes
 * TCP push back on the sender, which then conflates (keeps the latest quote per symbol) and
 * counts what it skipped. Memory does not grow. A callback that throws is counted and logged
 * (rate-limited); the link carries on.
 */
@FunctionalInterface
public interface QuoteListener {
    /**
     * One quote, in the sender's order.
     *
     * @param quote the quote; valid during this call only (keep {@link Quote#copy()} to hold on to it)
     */
    void onQuote(Quote quote);
}
