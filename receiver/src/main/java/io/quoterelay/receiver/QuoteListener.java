package io.quoterelay.receiver;

/**
 * Receives the quotes, in the order the sender numbered them. Which thread calls it depends on
 * the mode the receiver was built in:
 *
 * <ul>
 *   <li><b>callback mode</b> (the default, {@link RelayReceiver.Builder#onQuote}): the receiver's
 *       single I/O thread (named {@code quoterelay-receiver-io-*}), in the read that brought the
 *       quote or once that read is complete, with no hand-off to another thread;</li>
 *   <li><b>polling mode</b> ({@link RelayReceiver.Builder#polling(int)}): the executor's own
 *       thread, inside {@link RelayReceiver#poll(QuoteListener, int)}; the I/O thread only leaves
 *       each symbol's newest quote waiting for it.</li>
 * </ul>
 *
 * The {@link Quote} is reused after the call returns.
 *
 * <p>While the executor keeps up, every quote comes. Time spent here in callback mode is time no
 * socket is read (in polling mode, time between polls): what arrives meanwhile waits, and only each
 * symbol's newest quote is handed over; the quotes skipped are counted
 * ({@link ReceiverStats.Accounting#conflatedAtReceiver()}), so a slow executor is never fed a
 * backlog of stale prices and memory does not grow. A listener that throws is counted and logged
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
