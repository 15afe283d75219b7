package io.quoterelay.simulator;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark mode shared by all peers of a latency comparison: each update's {@code u} and
 * {@code E} carry the moment it was written to the connections, in epoch nanoseconds of the host's
 * wall clock (CLOCK_REALTIME, read directly, as C's {@code clock_gettime} and Python's
 * {@code time.time_ns()} read it). A relay that forwards {@code u} (this product) or {@code E}
 * (the Python pair, as {@code binance_ts}) lets a same-host executor compute emit → callback with
 * one clock. Stamps are strictly increasing, so per-symbol {@code u} order holds.
 *
 * <p>Not Binance's meaning of either field ({@code E} is milliseconds there): never for anything
 * but same-host benchmarks. Single-threaded (the generator thread).
 */
final class EmitStamps {
    private static final Pattern U = Pattern.compile("\"u\":(\\d+)");
    private static final Pattern E = Pattern.compile("\"E\":(\\d+)");

    private long last;

    /** Now in epoch ns, at least one more than the previous stamp. */
    long next() {
        Instant now = Instant.now();
        long ns = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        last = Math.max(ns, last + 1);
        return last;
    }

    /**
     * A capture line cut around the digits of {@code u} and {@code E} (an {@code E} is added after
     * {@code u} where the line has none, as spot lines), so {@link #fill} only concatenates;
     * null for a line without a numeric {@code u} (no bookTicker update: it cannot be stamped).
     */
    static String[] template(String line) {
        Matcher u = U.matcher(line);
        if (!u.find()) {
            return null;
        }
        Matcher e = E.matcher(line);
        if (!e.find()) {
            return new String[] {line.substring(0, u.start(1)), ",\"E\":", line.substring(u.end(1))};
        }
        Matcher first = u.start() < e.start() ? u : e;
        Matcher second = first == u ? e : u;
        return new String[] {line.substring(0, first.start(1)), line.substring(first.end(1), second.start(1)),
            line.substring(second.end(1))};
    }

    /** The line of {@code template} with {@code stamp} as both {@code u} and {@code E}. */
    static String fill(String[] template, long stamp) {
        return template[0] + stamp + template[1] + stamp + template[2];
    }
}
