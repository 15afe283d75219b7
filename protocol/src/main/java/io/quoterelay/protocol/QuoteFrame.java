package io.quoterelay.protocol;

/**
 * One best bid/ask update as it crosses the wire. Mutable and reused: a reader or writer holds one
 * instance and refills it per frame, so the hot path allocates nothing. Copy what must outlive the
 * call that handed it to you ({@link #copyFrom}).
 *
 * <p>Times are epoch nanoseconds on the clock named: {@code sendTimeNs} and
 * {@code senderReceiveTimeNs} on the sender's clock, exchange times in epoch milliseconds on
 * Binance's clock. Exact prices and quantities are (unscaled, scale) pairs, scale
 * {@link ExactDecimal#ABSENT} when the peer did not send them.
 */
public final class QuoteFrame {
    public static final long ABSENT_TIME = 0;

    private long seq;
    private long sendTimeNs;
    private String symbol;
    private double bid;
    private double ask;
    private double mid;
    private double bidQty = Double.NaN;
    private double askQty = Double.NaN;
    private long bidUnscaled;
    private int bidScale = ExactDecimal.ABSENT;
    private long askUnscaled;
    private int askScale = ExactDecimal.ABSENT;
    private long bidQtyUnscaled;
    private int bidQtyScale = ExactDecimal.ABSENT;
    private long askQtyUnscaled;
    private int askQtyScale = ExactDecimal.ABSENT;
    private long updateId = -1;
    private long eventTimeMs = ABSENT_TIME;
    private long transactionTimeMs = ABSENT_TIME;
    private long senderReceiveTimeNs = ABSENT_TIME;
    private boolean snapshot;
    private boolean repeat;

    /** Returns this frame to the state of a freshly constructed one. */
    public QuoteFrame clear() {
        seq = 0;
        sendTimeNs = 0;
        symbol = null;
        bid = 0;
        ask = 0;
        mid = 0;
        bidQty = Double.NaN;
        askQty = Double.NaN;
        bidUnscaled = 0;
        bidScale = ExactDecimal.ABSENT;
        askUnscaled = 0;
        askScale = ExactDecimal.ABSENT;
        bidQtyUnscaled = 0;
        bidQtyScale = ExactDecimal.ABSENT;
        askQtyUnscaled = 0;
        askQtyScale = ExactDecimal.ABSENT;
        updateId = -1;
        eventTimeMs = ABSENT_TIME;
        transactionTimeMs = ABSENT_TIME;
        senderReceiveTimeNs = ABSENT_TIME;
        snapshot = false;
        repeat = false;
        return this;
    }

    public QuoteFrame copyFrom(QuoteFrame o) {
        seq = o.seq;
        sendTimeNs = o.sendTimeNs;
        symbol = o.symbol;
        bid = o.bid;
        ask = o.ask;
        mid = o.mid;
        bidQty = o.bidQty;
        askQty = o.askQty;
        bidUnscaled = o.bidUnscaled;
        bidScale = o.bidScale;
        askUnscaled = o.askUnscaled;
        askScale = o.askScale;
        bidQtyUnscaled = o.bidQtyUnscaled;
        bidQtyScale = o.bidQtyScale;
        askQtyUnscaled = o.askQtyUnscaled;
        askQtyScale = o.askQtyScale;
        updateId = o.updateId;
        eventTimeMs = o.eventTimeMs;
        transactionTimeMs = o.transactionTimeMs;
        senderReceiveTimeNs = o.senderReceiveTimeNs;
        snapshot = o.snapshot;
        repeat = o.repeat;
        return this;
    }

    /** Sets bid and ask from exact decimals, deriving the doubles and the mid. */
    public QuoteFrame exactPrices(long bidUnscaled, int bidScale, long askUnscaled, int askScale) {
        this.bidUnscaled = bidUnscaled;
        this.bidScale = bidScale;
        this.askUnscaled = askUnscaled;
        this.askScale = askScale;
        this.bid = ExactDecimal.toDouble(bidUnscaled, bidScale);
        this.ask = ExactDecimal.toDouble(askUnscaled, askScale);
        this.mid = (bid + ask) * 0.5;
        return this;
    }

    /** Sets bid and ask quantities from exact decimals, deriving the doubles. */
    public QuoteFrame exactQuantities(long bidQtyUnscaled, int bidQtyScale, long askQtyUnscaled, int askQtyScale) {
        this.bidQtyUnscaled = bidQtyUnscaled;
        this.bidQtyScale = bidQtyScale;
        this.askQtyUnscaled = askQtyUnscaled;
        this.askQtyScale = askQtyScale;
        this.bidQty = ExactDecimal.toDouble(bidQtyUnscaled, bidQtyScale);
        this.askQty = ExactDecimal.toDouble(askQtyUnscaled, askQtyScale);
        return this;
    }

    /** The event time the Python version called {@code binance_ts}: exchange event time in ms, 0 when absent. */
    public long binanceTsMs() {
        return eventTimeMs != ABSENT_TIME ? eventTimeMs : transactionTimeMs;
    }

    public long seq() { return seq; }
    public QuoteFrame seq(long v) { seq = v; return this; }
    public long sendTimeNs() { return sendTimeNs; }
    public QuoteFrame sendTimeNs(long v) { sendTimeNs = v; return this; }
    public String symbol() { return symbol; }
    public QuoteFrame symbol(String v) { symbol = v; return this; }
    public double bid() { return bid; }
    public QuoteFrame bid(double v) { bid = v; return this; }
    public double ask() { return ask; }
    public QuoteFrame ask(double v) { ask = v; return this; }
    public double mid() { return mid; }
    public QuoteFrame mid(double v) { mid = v; return this; }
    public double bidQty() { return bidQty; }
    public QuoteFrame bidQty(double v) { bidQty = v; return this; }
    public double askQty() { return askQty; }
    public QuoteFrame askQty(double v) { askQty = v; return this; }
    public long bidUnscaled() { return bidUnscaled; }
    public int bidScale() { return bidScale; }
    public long askUnscaled() { return askUnscaled; }
    public int askScale() { return askScale; }
    public long bidQtyUnscaled() { return bidQtyUnscaled; }
    public int bidQtyScale() { return bidQtyScale; }
    public long askQtyUnscaled() { return askQtyUnscaled; }
    public int askQtyScale() { return askQtyScale; }
    public long updateId() { return updateId; }
    public QuoteFrame updateId(long v) { updateId = v; return this; }
    public long eventTimeMs() { return eventTimeMs; }
    public QuoteFrame eventTimeMs(long v) { eventTimeMs = v; return this; }
    public long transactionTimeMs() { return transactionTimeMs; }
    public QuoteFrame transactionTimeMs(long v) { transactionTimeMs = v; return this; }
    public long senderReceiveTimeNs() { return senderReceiveTimeNs; }
    public QuoteFrame senderReceiveTimeNs(long v) { senderReceiveTimeNs = v; return this; }
    /** Part of the burst a sender writes first on every (re)connect: the latest quote of each symbol. */
    public boolean snapshot() { return snapshot; }
    public QuoteFrame snapshot(boolean v) { snapshot = v; return this; }
    /**
     * A snapshot quote that was already sent once under the same {@code seq}; it refreshes the
     * executor but is not a new update, so sequence accounting skips it.
     */
    public boolean repeat() { return repeat; }
    public QuoteFrame repeat(boolean v) { repeat = v; return this; }

    void bidExact(long unscaled, int scale) { bidUnscaled = unscaled; bidScale = scale; }
    void askExact(long unscaled, int scale) { askUnscaled = unscaled; askScale = scale; }
    void bidQtyExact(long unscaled, int scale) { bidQtyUnscaled = unscaled; bidQtyScale = scale; }
    void askQtyExact(long unscaled, int scale) { askQtyUnscaled = unscaled; askQtyScale = scale; }

    @Override
    public String toString() {
        return "QuoteFrame{seq=" + seq + ", symbol=" + symbol + ", bid=" + bid + ", ask=" + ask
            + ", bidQty=" + bidQty + ", askQty=" + askQty + ", u=" + updateId + ", E=" + eventTimeMs
            + ", T=" + transactionTimeMs + ", ts=" + sendTimeNs + (snapshot ? ", snapshot" : "")
            + (repeat ? ", repeat" : "") + '}';
    }
}
