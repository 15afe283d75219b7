package io.quoterelay.simulator;

/**
 * Which Binance market the simulator imitates. The market fixes the data object's fields and their
 * order, the decimal scales, where {@code u} starts and which URL paths are served.
 *
 * <pre>
 * SPOT          {"u":50000000001,"s":"BTCUSDT","b":"97000.00000000","B":"1.25869000","a":"97000.01000000","A":"2.44816000"}
 * USDM_FUTURES  {"e":"bookTicker","u":10000000000001,"s":"BTCUSDT","b":"97000.00","B":"2.507","a":"97000.10","A":"2.510","T":1723161256313,"E":1723161256313}
 * </pre>
 */
public enum Market {
    /** Spot ({@code stream.binance.com}): {@code u,s,b,B,a,A}, 8 dp everywhere, no exchange time. */
    SPOT(8, 8, "/stream", "/ws", 50_000_000_000L),
    /**
     * USD-M futures ({@code fstream.binance.com/public}): {@code e,u,s,b,B,a,A,T,E}, prices 2 dp,
     * quantities 3 dp. The un-routed {@code /stream} and {@code /ws} paths are served too.
     */
    USDM_FUTURES(2, 3, "/public/stream", "/public/ws", 10_000_000_000_000L);

    final int priceScale;
    final int qtyScale;
    final String combinedPath;
    final String rawPath;
    final long firstUpdateId;

    Market(int priceScale, int qtyScale, String combinedPath, String rawPath, long firstUpdateId) {
        this.priceScale = priceScale;
        this.qtyScale = qtyScale;
        this.combinedPath = combinedPath;
        this.rawPath = rawPath;
        this.firstUpdateId = firstUpdateId;
    }

    /** Decimal places of {@code b} and {@code a}. */
    public int priceScale() {
        return priceScale;
    }

    /** Decimal places of {@code B} and {@code A}. */
    public int qtyScale() {
        return qtyScale;
    }

    /** Path of the combined endpoint, e.g. {@code /stream}; streams follow as {@code ?streams=a/b}. */
    public String combinedPath() {
        return combinedPath;
    }

    /** Path prefix of the raw endpoint, e.g. {@code /ws}; one stream follows as {@code /btcusdt@bookTicker}. */
    public String rawPath() {
        return rawPath;
    }
}
