package io.quoterelay.receiver;

import io.quoterelay.protocol.ExactDecimal;
import io.quoterelay.protocol.QuoteFrame;
import java.math.BigDecimal;

/**
 * One best bid/ask update as the executor sees it.
 *
 * <p>The instance handed to {@link QuoteListener#onQuote} is reused for the next quote: read it
 * during the call, or keep {@link #copy()}. Instances returned by {@link RelayReceiver#latest}
 * are private copies.
 *
 * <p>Prices and quantities come twice: as doubles, and exactly as the exchange wrote them
 * ({@link #bidDecimal()}; {@code null} when the sender did not send them, as the Python sender
 * does not). Times say their unit and clock in their names.
 */
public final class Quote {
    private QuoteFrame frame;
    private long sessionId;
    private long receiveTimeNs;
    private long latencyNs;
    private boolean latencyCorrected;

    Quote() {
        this(new QuoteFrame());
    }

    private Quote(QuoteFrame frame) {
        this.frame = frame;
    }

    void set(QuoteFrame source, long sessionId, long receiveTimeNs, long latencyNs, boolean latencyCorrected) {
        frame.copyFrom(source);
        setMeta(sessionId, receiveTimeNs, latencyNs, latencyCorrected);
    }

    /** Points this view at a frame without copying it (the I/O thread's reused view). */
    void wrap(QuoteFrame source, long sessionId, long receiveTimeNs, long latencyNs, boolean latencyCorrected) {
        frame = source;
        setMeta(sessionId, receiveTimeNs, latencyNs, latencyCorrected);
    }

    void setMeta(long sessionId, long receiveTimeNs, long latencyNs, boolean latencyCorrected) {
        this.sessionId = sessionId;
        this.receiveTimeNs = receiveTimeNs;
        this.latencyNs = latencyNs;
        this.latencyCorrected = latencyCorrected;
    }

    void copyFrom(Quote other) {
        set(other.frame, other.sessionId, other.receiveTimeNs, other.latencyNs, other.latencyCorrected);
    }

    QuoteFrame frame() {
        return frame;
    }

    /** {@return a copy that stays valid after the callback returns} */
    public Quote copy() {
        Quote q = new Quote();
        q.copyFrom(this);
        return q;
    }

    /** {@return the symbol as Binance spells it, e.g. "BTCUSDT"} */
    public String symbol() { return frame.symbol(); }
    /** {@return the best bid price} */
    public double bid() { return frame.bid(); }
    /** {@return the best ask price} */
    public double ask() { return frame.ask(); }
    /** {@return (bid + ask) / 2} */
    public double mid() { return frame.mid(); }
    /** {@return the quantity at the best bid}, NaN when the sender did not send quantities */
    public double bidQty() { return frame.bidQty(); }
    /** {@return the quantity at the best ask}, NaN when the sender did not send quantities */
    public double askQty() { return frame.askQty(); }
    /** {@return the bid exactly as the exchange wrote it, or null}. Allocates. */
    public BigDecimal bidDecimal() { return ExactDecimal.toBigDecimal(frame.bidUnscaled(), frame.bidScale()); }
    /** {@return the ask exactly as the exchange wrote it, or null}. Allocates. */
    public BigDecimal askDecimal() { return ExactDecimal.toBigDecimal(frame.askUnscaled(), frame.askScale()); }
    /** {@return the bid quantity exactly as the exchange wrote it, or null}. Allocates. */
    public BigDecimal bidQtyDecimal() { return ExactDecimal.toBigDecimal(frame.bidQtyUnscaled(), frame.bidQtyScale()); }
    /** {@return the ask quantity exactly as the exchange wrote it, or null}. Allocates. */
    public BigDecimal askQtyDecimal() { return ExactDecimal.toBigDecimal(frame.askQtyUnscaled(), frame.askQtyScale()); }
    /** {@return the exact bid without allocating: unscaled digits}; see {@link #bidScale()}. */
    public long bidUnscaled() { return frame.bidUnscaled(); }
    /** {@return the digits after the point of {@link #bidUnscaled()}, or -1 when absent} */
    public int bidScale() { return frame.bidScale(); }
    /** {@return the exact ask without allocating: unscaled digits}; see {@link #askScale()}. */
    public long askUnscaled() { return frame.askUnscaled(); }
    /** {@return the digits after the point of {@link #askUnscaled()}, or -1 when absent} */
    public int askScale() { return frame.askScale(); }
    /** {@return the sender's sequence number within {@link #sessionId()}} */
    public long seq() { return frame.seq(); }
    /** {@return the sender's session: a new value each time the sender process starts} */
    public long sessionId() { return sessionId; }
    /** {@return Binance's order book update id {@code u}, or -1} */
    public long updateId() { return frame.updateId(); }
    /** {@return the exchange event time {@code E} in epoch ms (futures only), or 0} */
    public long exchangeEventTimeMs() { return frame.eventTimeMs(); }
    /** {@return the exchange transaction time {@code T} in epoch ms (futures only), or 0} */
    public long exchangeTransactionTimeMs() { return frame.transactionTimeMs(); }
    /** {@return when the sender read the update off the exchange socket, epoch ns on the sender's clock, or 0} */
    public long senderReceiveTimeNs() { return frame.senderReceiveTimeNs(); }
    /** {@return when the sender wrote the frame, epoch ns on the sender's clock} */
    public long sendTimeNs() { return frame.sendTimeNs(); }
    /** {@return when this receiver decoded the frame, epoch ns on this host's clock} */
    public long receiveTimeNs() { return receiveTimeNs; }
    /** {@return sender write to receiver decode, ns; offset-corrected when {@link #latencyCorrected()}, else raw} */
    public long latencyNs() { return latencyNs; }

    /**
     * How old this price is at {@code nowEpochNs} (epoch ns on this host's clock, e.g.
     * {@code EpochNanoClock.system().epochNanos()}): the time since the sender wrote it, that is
     * {@link #latencyNs()} plus the time it then waited on this host ({@code nowEpochNs -}
     * {@link #receiveTimeNs()}). Offset-corrected when {@link #latencyCorrected()}, else it
     * includes the hosts' clock difference. A strategy that trades only on fresh prices refuses
     * quotes whose age exceeds its own limit; no allocation.
     *
     * @param nowEpochNs the time now, epoch nanoseconds on this host's clock
     * @return the quote's age in nanoseconds (a very fresh corrected quote may show a small negative age)
     */
    public long ageNanos(long nowEpochNs) {
        return latencyNs + (nowEpochNs - receiveTimeNs);
    }
    /**
     * True when {@link #latencyNs()} is corrected for the clock offset measured on the link (true
     * within {@link ClockStats#errorBoundNs()}); false for raw latency, which is also what
     * {@link LatencyClock#HOST} reports for every quote, trusting the hosts' clocks.
     *
     * @return whether the latency is offset-corrected
     */
    public boolean latencyCorrected() { return latencyCorrected; }
    /** {@return whether this is part of the snapshot a sender sends first on every (re)connect} */
    public boolean snapshot() { return frame.snapshot(); }
    /** {@return whether this snapshot quote repeats one already sent (same seq): current, but not a new update} */
    public boolean repeat() { return frame.repeat(); }

    @Override
    public String toString() {
        return "Quote{" + symbol() + " bid=" + bid() + " ask=" + ask() + " seq=" + seq() + " session="
            + Long.toHexString(sessionId) + " u=" + updateId() + " latencyNs=" + latencyNs
            + (latencyCorrected ? " (corrected)" : " (raw)") + (snapshot() ? " snapshot" : "")
            + (repeat() ? " repeat" : "") + "}";
    }
}
