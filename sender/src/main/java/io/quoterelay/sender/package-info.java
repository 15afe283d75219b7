/**
 * The sender: subscribes to Binance bookTicker and forwards every update, numbered, to one or more
 * receivers over TLS. The public API is {@link io.quoterelay.sender.RelaySender} (with its
 * {@code Builder}), its configuration ({@link io.quoterelay.sender.SenderConfig},
 * {@link io.quoterelay.sender.BinanceLines}, {@link io.quoterelay.sender.Market},
 * {@link io.quoterelay.sender.SenderConfigException}), its counters
 * ({@link io.quoterelay.sender.SenderStats}, {@link io.quoterelay.sender.LinkState}) and health
 * ({@code io.quoterelay.protocol.Health}), and the two mains ({@link io.quoterelay.sender.SenderMain},
 * {@link io.quoterelay.sender.HealthProbe}); everything else is package-private. The package is
 * flat on purpose: a sub-package would force its classes public.
 *
 * <h2>A quote's path, on one thread</h2>
 * Every step below runs on the one Netty event loop ({@code relay-link}) that
 * {@link io.quoterelay.sender.RelaySender} creates for its receiver links; the Binance connections
 * are registered on that same loop, so nothing is handed from one thread to another.
 * <ol>
 *   <li><b>Frame.</b> The socket read is decrypted ({@code SslHandler}, wss), split into WebSocket
 *       frames (Netty's decoder, which refuses a frame over {@code BINANCE_MAX_FRAME_BYTES} from its
 *       header) and reaches {@link io.quoterelay.sender.BinanceFrameHandler} as a text frame.
 *       Pings were answered further up the pipeline.</li>
 *   <li><b>Parse.</b> {@link io.quoterelay.sender.BinanceStream#onText} stamps the receive
 *       time and hands the frame's bytes to the connection's
 *       {@link io.quoterelay.sender.BookTickerParser}, which fills the connection's reused
 *       {@code QuoteFrame} without allocating.</li>
 *   <li><b>Forward.</b> With several hot-hot connections (and during a rollover's overlap) the
 *       {@link io.quoterelay.sender.UpdateArbiter} keeps the first copy of each (symbol,
 *       {@code u}) and drops later or older ones; the quote goes to the
 *       {@link io.quoterelay.sender.QuoteSink}: the
 *       sender records exchange latency and offers the quote to every
 *       {@link io.quoterelay.sender.ReceiverLink}.</li>
 *   <li><b>Write.</b> A link that is up and writable with nothing pending numbers the quote (its
 *       {@code PendingQuotes} counts it, so {@code upstream == highestSeq + conflated + pending}
 *       holds at every instant), encodes it into a pooled buffer and writes it to the TLS channel
 *       without flushing. A link that is down, unwritable or still sending older quotes keeps it in
 *       its pending quotes instead (queued while live, latest per symbol otherwise; the snapshot on reconnect).</li>
 *   <li><b>Flush.</b> When the socket read that delivered the frames is done ({@code channelReadComplete}),
 *       {@link io.quoterelay.sender.QuoteSink#onBatchEnd} flushes each link once: a burst of
 *       updates read together costs one TLS record write and one syscall per link.</li>
 * </ol>
 * Dialling, deadlines, the stall and silence watchdogs and DNS resolution run on the control thread,
 * never on the loop.
 */
package io.quoterelay.sender;
