package io.quoterelay.simulator;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes bookTicker updates: a random walk of each symbol's best bid/ask in integer ticks, written
 * as Binance's exact JSON into one reused {@link StringBuilder}. Single-threaded (the generator
 * thread); after {@link #next(long)} the accessors describe the update just made.
 *
 * <p>{@code u} is one counter across symbols, as on Binance: strictly increasing, sometimes
 * skipping (Binance numbers every book change but sends only top-of-book ones).
 */
final class BookTickerGenerator {
    private final Market market;
    private final boolean positionFields;
    private final String[] symbols;
    private final String[] streamPrefixes;
    private final long[] tickUnits;
    private final long[] bid;
    private final long[] ask;
    private final long[] bidQty;
    private final long[] askQty;
    private final long qtyStepUnits;
    private final int maxQtySteps;
    private final SplittableRandom random;
    private final StringBuilder sb = new StringBuilder(256);

    private long updateId;
    private int symbolIndex;
    private long lastEventTimeMs;
    private long lastTransactionTimeMs;
    private int dataStart;

    BookTickerGenerator(Market market, List<String> symbols, Map<String, String> startPrices,
                        boolean positionFields, long seed) {
        this.market = market;
        this.positionFields = positionFields;
        int n = symbols.size();
        this.symbols = symbols.toArray(new String[0]);
        this.streamPrefixes = new String[n];
        this.tickUnits = new long[n];
        this.bid = new long[n];
        this.ask = new long[n];
        this.bidQty = new long[n];
        this.askQty = new long[n];
        this.random = new SplittableRandom(seed);
        // Spot BTC moves in 0.00001 lots; USD-M in 0.001 contracts (its qty scale is 3).
        this.qtyStepUnits = market == Market.SPOT ? 1_000 : 1;
        this.maxQtySteps = market == Market.SPOT ? 500_000 : 5_000;
        this.updateId = market.firstUpdateId;
        for (int i = 0; i < n; i++) {
            String symbol = this.symbols[i];
            streamPrefixes[i] = "{\"stream\":\"" + streamName(symbol) + "\",\"data\":";
            // USD-M BTCUSDT ticks by 0.10 ("61800.20" -> "61800.30"); everything else here by 0.01.
            String tick = market == Market.USDM_FUTURES && symbol.equals("BTCUSDT") ? "0.1" : "0.01";
            tickUnits[i] = DecimalText.parse(tick, market.priceScale);
            String start = startPrices.getOrDefault(symbol, defaultStartPrice(symbol));
            long startUnits = DecimalText.parse(start, market.priceScale);
            long ticks = Math.max(startUnits / tickUnits[i], 10);
            bid[i] = ticks * tickUnits[i];
            ask[i] = bid[i] + tickUnits[i];
            bidQty[i] = randomQty();
            askQty[i] = randomQty();
        }
    }

    static String defaultStartPrice(String symbol) {
        switch (symbol) {
            case "BTCUSDT":
                return "97000";
            case "ETHUSDT":
                return "3500";
            default:
                return "100";
        }
    }

    static String streamName(String symbol) {
        return symbol.toLowerCase(java.util.Locale.ROOT) + "@bookTicker";
    }

    /**
     * Advances one symbol's book and writes the combined-stream text.
     *
     * @param eventTimeMs wall-clock ms for futures' {@code E}/{@code T}; ignored for spot
     * @return the index of the symbol updated
     */
    int next(long eventTimeMs) {
        return next(eventTimeMs, -1);
    }

    /**
     * As {@link #next(long)}, but with {@code u} set to {@code updateId} when it is not negative
     * (the benchmark mode that carries each update's due time in {@code u}).
     */
    int next(long eventTimeMs, long updateId) {
        int i = symbols.length == 1 ? 0 : random.nextInt(symbols.length);
        symbolIndex = i;
        step(i);
        if (updateId >= 0) {
            this.updateId = updateId;
        } else {
            // Strictly increasing, with occasional gaps like Binance's non-top-of-book changes.
            this.updateId += 1 + (random.nextInt(4) == 0 ? random.nextInt(1, 20) : 0);
        }
        lastTransactionTimeMs = eventTimeMs;
        lastEventTimeMs = eventTimeMs;
        write(i);
        return i;
    }

    private void step(int i) {
        long tick = tickUnits[i];
        int r = random.nextInt(10);
        if (r < 3) {
            long move = random.nextBoolean() ? tick : -tick;
            if (bid[i] + move >= tick) {
                bid[i] += move;
                ask[i] += move;
            }
        } else if (r == 3) {
            // Spread of 1..3 ticks: bid < ask always.
            ask[i] = bid[i] + tick * random.nextInt(1, 4);
        }
        if (random.nextBoolean()) {
            bidQty[i] = randomQty();
        } else {
            askQty[i] = randomQty();
        }
    }

    private long randomQty() {
        return qtyStepUnits * random.nextInt(1, maxQtySteps + 1);
    }

    private void write(int i) {
        StringBuilder b = sb;
        int ps = market.priceScale;
        int qs = market.qtyScale;
        b.setLength(0);
        b.append(streamPrefixes[i]);
        dataStart = b.length();
        if (market == Market.SPOT) {
            b.append("{\"u\":").append(updateId);
        } else {
            b.append("{\"e\":\"bookTicker\",\"u\":").append(updateId);
        }
        b.append(",\"s\":\"").append(symbols[i]).append('"');
        if (positionFields) {
            b.append(",\"ps\":\"").append(symbols[i]).append('"');
        }
        b.append(",\"b\":\"");
        DecimalText.append(b, bid[i], ps);
        b.append("\",\"B\":\"");
        DecimalText.append(b, bidQty[i], qs);
        b.append("\",\"a\":\"");
        DecimalText.append(b, ask[i], ps);
        b.append("\",\"A\":\"");
        DecimalText.append(b, askQty[i], qs);
        b.append('"');
        if (market == Market.USDM_FUTURES) {
            b.append(",\"T\":").append(lastTransactionTimeMs).append(",\"E\":").append(lastEventTimeMs);
            if (positionFields) {
                b.append(",\"st\":1");
            }
        }
        b.append("}}");
    }

    /** The combined-stream text of the last update; the caller makes the one String shared by all connections. */
    CharSequence combinedText() {
        return sb;
    }

    /** Where the inner data object starts in {@link #combinedText()}; it ends one char before the end. */
    int dataStart() {
        return dataStart;
    }

    SentQuote describe(long index, String combinedJson, String rawJson, long dueNanos, long sentNanos) {
        int i = symbolIndex;
        boolean futures = market == Market.USDM_FUTURES;
        return new SentQuote(index, symbols[i], updateId,
            DecimalText.toText(bid[i], market.priceScale), DecimalText.toText(bidQty[i], market.qtyScale),
            DecimalText.toText(ask[i], market.priceScale), DecimalText.toText(askQty[i], market.qtyScale),
            futures ? lastEventTimeMs : -1, futures ? lastTransactionTimeMs : -1,
            combinedJson, rawJson, dueNanos, sentNanos);
    }

    int symbolCount() {
        return symbols.length;
    }
}
