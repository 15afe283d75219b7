package io.quoterelay.sender;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * How many hot-hot connections ("lines") the sender keeps to the same Binance streams, and how a
 * silent one is recognised.
 *
 * @param connections     lines to the same streams, 1 to {@link #MAX_CONNECTIONS}; 1 is a single
 *                        connection as before hot-hot (two only during a rollover)
 * @param localAddresses  source addresses the lines bind to, line {@code i} taking entry
 *                        {@code i % size}; empty: the system picks
 * @param silenceMultiple a line is silent after this many of the stream's observed update intervals
 *                        without data while another line delivered
 * @param silenceFloor    but never after less than this
 */
public record BinanceLines(int connections, List<InetAddress> localAddresses, int silenceMultiple,
                           Duration silenceFloor) {
    /** Each line costs Binance one connection of its 300 per 5 minutes per IP; more than 4 buys nothing. */
    public static final int MAX_CONNECTIONS = 4;
    public static final int DEFAULT_CONNECTIONS = 2;
    public static final int DEFAULT_SILENCE_MULTIPLE = 10;
    public static final Duration DEFAULT_SILENCE_FLOOR = Duration.ofSeconds(1);

    public BinanceLines {
        if (connections < 1 || connections > MAX_CONNECTIONS) {
            throw new IllegalArgumentException("Binance connections must be 1.." + MAX_CONNECTIONS + ", got " + connections);
        }
        if (silenceMultiple < 1) {
            throw new IllegalArgumentException("silence multiple must be >= 1, got " + silenceMultiple);
        }
        if (silenceFloor.isNegative() || silenceFloor.isZero()) {
            throw new IllegalArgumentException("silence floor must be positive, got " + silenceFloor);
        }
        localAddresses = List.copyOf(localAddresses);
    }

    /** One connection, as before hot-hot. */
    public static BinanceLines single() {
        return new BinanceLines(1, List.of(), DEFAULT_SILENCE_MULTIPLE, DEFAULT_SILENCE_FLOOR);
    }

    /** {@code n} lines with the default watchdog and no source addresses. */
    public static BinanceLines of(int n) {
        return new BinanceLines(n, List.of(), DEFAULT_SILENCE_MULTIPLE, DEFAULT_SILENCE_FLOOR);
    }
}
