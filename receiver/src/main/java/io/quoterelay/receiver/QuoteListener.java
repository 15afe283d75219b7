package io.quoterelay.receiver;

/**
 * Receives the quotes, in the order the sender numbered them. Called on the receiver's single I/O
 * thread (named {@code quoterelay-receiver-io-*}) once a read is complete: no hand-off to another
 * thread. The {@link Quote} is reused after the call returns.
 *
 * <p>While the executor keeps up, every quote comes, in the read that brought it. Time spent here
 * is time no socket is read: what arrives meanwhile is read in one go afterwards, and only each
 * symbol's newest quote is handed over; the quotes skipped are counted
 * ({@link ReceiverStats#conflatedAtReceiver()}), so a slow callback is never fed a backlog of
 * stale prices and memory does not grow. A callback that throws is counted and logged
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
