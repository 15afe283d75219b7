/**
 * The receiver an executor embeds: quotes from relay senders over mutual TLS, handed to the
 * executor's code in the same JVM. docs/embedding.md is the guide; this page is the summary a
 * reader of the Javadoc needs first.
 *
 * <h2>Starting and stopping</h2>
 *
 * <pre>{@code
 * try (RelayReceiver receiver = RelayReceiver.builder()
 *         .port(9001)
 *         .tls(serverCert, serverKey, caCert)        // PEM files from certs-tool
 *         .onQuote(quote -> strategy.onQuote(quote)) // or .polling(maxSymbols)
 *         .start()) {
 *     ...
 * }
 * }</pre>
 *
 * {@link io.quoterelay.receiver.RelayReceiver.Builder#start()} validates every setting before
 * anything listens and names the first bad one; {@link io.quoterelay.receiver.RelayReceiver#close()}
 * stops listening, closes the connections and joins the receiver's threads.
 *
 * <h2>Threads</h2>
 *
 * <ul>
 *   <li>{@code quoterelay-receiver-io-*}: one I/O thread reads every authenticated sender, decodes,
 *       accounts, keeps each symbol's newest quote and, in callback mode, calls the
 *       {@link io.quoterelay.receiver.QuoteListener} with it once the socket has nothing more to
 *       read: no thread hand-off. All senders share it, so the callback is never called
 *       concurrently with itself. While it runs, no frame is read.</li>
 *   <li>{@code quoterelay-receiver-handshake-*}: accepts connections, refuses unknown sources and
 *       floods, and does every TLS handshake, so strangers never cost the I/O thread anything.</li>
 *   <li>{@code quoterelay-receiver-stats}: logs the stats line and samples the quote flow for
 *       {@link io.quoterelay.receiver.RelayReceiver#health()}.</li>
 * </ul>
 *
 * {@link io.quoterelay.receiver.RelayReceiver#stats()},
 * {@link io.quoterelay.receiver.RelayReceiver#counters()},
 * {@link io.quoterelay.receiver.RelayReceiver#health()} and
 * {@link io.quoterelay.receiver.RelayReceiver#latest(String)} may be called from any thread.
 *
 * <h2>The quote is a reused view</h2>
 *
 * The {@link io.quoterelay.receiver.Quote} handed to the listener is overwritten by the next
 * quote as soon as the listener returns: read what you need during the call, or keep
 * {@link io.quoterelay.receiver.Quote#copy()}. Nothing is allocated per quote on the receiver's
 * side; {@link io.quoterelay.receiver.RelayReceiver#latest(String)} returns private copies.
 *
 * <h2>Polling instead of a callback</h2>
 *
 * With {@link io.quoterelay.receiver.RelayReceiver.Builder#polling(int)} the I/O thread makes
 * each quote its symbol's waiting one (replacing an older one not yet taken, counted) and the
 * executor takes the waiting quotes on its own thread with
 * {@link io.quoterelay.receiver.RelayReceiver#poll(QuoteListener, int)}, from one thread only.
 * Memory is one quote per symbol, for at most {@code maxSymbols} symbols (quotes of further
 * symbols are dropped and counted: {@link io.quoterelay.receiver.ReceiverStats.Accounting#droppedOverSymbolLimit()});
 * reading never pauses for a slow poller. A listener that throws is counted
 * ({@link io.quoterelay.receiver.ReceiverStats.Accounting#callbackErrors()}) as in callback mode.
 *
 * <h2>Accounting: every update is accounted for</h2>
 *
 * Per sender session ({@link io.quoterelay.receiver.SessionStats}), once the sender has reported:
 * {@code reportedUpstream = delivered + gaps + reportedConflated + conflatedAtReceiver (+ joinedAtSeq - 1)}:
 * what the sender got from the exchange was delivered to the executor, lost in flight (a gap in
 * the sequence numbers), deliberately skipped by the sender because the link was slower than the
 * market, or replaced at the receiver by a newer quote of its symbol before the executor took it
 * (conflation: only the latest quote per symbol is kept). Duplicates are
 * counted and not delivered again; the snapshot a sender sends after a reconnect is delivered,
 * its quotes that repeat one already sent flagged {@link io.quoterelay.receiver.Quote#repeat()}
 * and counted apart.
 * The identity may gain terms as the engine changes: docs/embedding.md and docs/operations.md
 * state the current one.
 *
 * <h2>A slow executor and stale quotes</h2>
 *
 * Time spent in the callback is time the link is not read. When the callback returns, the I/O
 * thread reads everything the sockets hold and hands over only each symbol's newest quote, so a
 * slow executor is never fed a backlog: no quote it gets is older than one read batch while a
 * newer one of its symbol had reached the receiver (what it skipped is
 * {@link io.quoterelay.receiver.ReceiverStats.Accounting#conflatedAtReceiver()}). A price can still be old
 * when it arrives (a slow link, a reconnect): {@link io.quoterelay.receiver.Quote#ageNanos(long)}
 * says how old, so a strategy refuses quotes older than its own limit.
 *
 * <h2>Several senders</h2>
 *
 * Two or more senders of the same feed may connect at once: per symbol the receiver delivers the
 * first copy of each Binance update id ({@link io.quoterelay.receiver.Quote#updateId()}) and
 * drops later copies, so the executor sees each update once.
 * {@link io.quoterelay.receiver.ReceiverStats#lines()} says how each sender fared
 * ({@link io.quoterelay.receiver.LineStats}), {@link io.quoterelay.receiver.ReceiverStats.Merged#gaps()}
 * what all of them missed.
 *
 * <h2>Monitoring</h2>
 *
 * The stats line is logged every {@link io.quoterelay.receiver.RelayReceiver.Builder#statsInterval};
 * {@link io.quoterelay.receiver.RelayReceiver#stats()} is the same as a record,
 * {@link io.quoterelay.receiver.RelayReceiver#counters()} the live cumulative counters an exporter
 * polls, {@link io.quoterelay.receiver.RelayReceiver#health()} a one-line verdict. Prometheus
 * metrics and a {@code /metrics} and {@code /health} endpoint come from the optional
 * {@code receiver-prometheus} module; this package depends on nothing Prometheus.
 *
 * <p>The library logs through SLF4J and brings no logging backend.
 */
package io.quoterelay.receiver;
