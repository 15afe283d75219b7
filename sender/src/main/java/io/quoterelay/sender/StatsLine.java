package io.quoterelay.sender;

import java.util.List;
import java.util.Locale;

/**
 * Formats the sender's periodic stats line. Counts are for the interval except reconnects,
 * rollovers and oversize (shown once non-zero), which are cumulative; exchange latency in milliseconds.
 *
 * <pre>
 * stats 10s binance msgs=712 rate=71.2/s quotes=700 nonquote=12 malformed=0
 *   exch_lat_ms raw(p50=1.9 p99=4.1 max=7.0) excess_over_min(p50=0.4 p99=2.6 max=5.1)
 *   link[127.0.0.1:9001]=UP sent=700 conflated=0 repeats=0 reconnects(binance=0 link=0) rollovers=0
 *   lines(0=UP win=63% trail_ms(p50=0.2 p99=1.1) 1=UP win=37% trail_ms(p50=0.3 p99=1.4)) dup=700 stale=0
 * </pre>
 * The {@code lines} part appears with two or more hot-hot Binance connections ({@link Lines}).
 */
final class StatsLine {
    private StatsLine() {
    }

    /** Interval counts of the Binance side. */
    public record BinanceInterval(long messages, long quotes, long nonQuotes, long malformed) {
    }

    /** One link over the interval; {@code lastError} is shown while it is down. */
    public record LinkInterval(String name, String state, String lastError, long sent, long conflated, long repeats,
                               int pending) {
    }

    public static String format(double intervalSeconds, BinanceInterval b, boolean streamLacksExchangeTime,
                                ExchangeLatency.Interval lat, List<LinkInterval> links, long binanceReconnects,
                                long binanceRollovers, long linkReconnects, long binanceOversizeFrames) {
        StringBuilder s = new StringBuilder(256);
        s.append("stats ").append(seconds(intervalSeconds)).append("s binance msgs=").append(b.messages())
            .append(" rate=").append(String.format(Locale.ROOT, "%.1f", b.messages() / Math.max(intervalSeconds, 1e-9)))
            .append("/s quotes=").append(b.quotes()).append(" nonquote=").append(b.nonQuotes())
            .append(" malformed=").append(b.malformed());
        if (lat.raw().count() > 0) {
            s.append(" exch_lat_ms raw(");
            summary(s, lat.raw());
            s.append(") excess_over_min(");
            summary(s, lat.excessOverMin());
            s.append(')');
        } else if (streamLacksExchangeTime) {
            s.append(" exch_lat=n/a (spot carries no exchange time)");
        } else {
            s.append(" exch_lat=n/a (no quotes this interval)");
        }
        for (LinkInterval l : links) {
            s.append(" link[").append(l.name()).append("]=").append(l.state());
            if (l.lastError() != null && !"UP".equals(l.state())) {
                s.append('(').append(l.lastError()).append(')');
            }
            s.append(" sent=").append(l.sent()).append(" conflated=").append(l.conflated())
                .append(" repeats=").append(l.repeats());
            if (l.pending() > 0) {
                s.append(" pending=").append(l.pending());
            }
        }
        s.append(" reconnects(binance=").append(binanceReconnects).append(" link=").append(linkReconnects).append(')')
            .append(" rollovers=").append(binanceRollovers);
        if (binanceOversizeFrames > 0) {
            s.append(" oversize=").append(binanceOversizeFrames);
        }
        return s.toString();
    }

    private static void summary(StringBuilder s, ExchangeLatency.Summary m) {
        s.append("p50=").append(ms(m.p50Us())).append(" p99=").append(ms(m.p99Us())).append(" max=").append(ms(m.maxUs()));
    }

    private static String ms(long us) {
        return String.format(Locale.ROOT, "%.1f", us / 1000.0);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : String.format(Locale.ROOT, "%.1f", s);
    }

    /**
     * The hot-hot part of the line: per Binance line its state, its share of the interval's races
     * won ({@code win}, of the updates it delivered) and how far its lost copies trailed the winner
     * since start (p50/p99); then the interval's duplicates and stale updates, and the cumulative
     * conflicts, mark resets and silence replacements once non-zero. Empty with one line. Stats
     * thread only (it remembers the previous totals).
     */
    public static final class Lines {
        private long[] previous = new long[0];
        private long previousDuplicates;
        private long previousStale;

        public String next(SenderStats s) {
            List<SenderStats.BinanceConnectionStats> lines = s.binanceConnections();
            if (lines.size() < 2) {
                return "";
            }
            if (previous.length != 2 * lines.size()) {
                previous = new long[2 * lines.size()];
            }
            StringBuilder b = new StringBuilder(160).append(" lines(");
            for (int i = 0; i < lines.size(); i++) {
                SenderStats.BinanceConnectionStats l = lines.get(i);
                long wins = l.wins() - previous[2 * i];
                long all = wins + l.duplicates() - previous[2 * i + 1];
                previous[2 * i] = l.wins();
                previous[2 * i + 1] = l.duplicates();
                b.append(i == 0 ? "" : " ").append(l.index()).append('=').append(l.state())
                    .append(" win=").append(all == 0 ? "n/a" : Math.round(100.0 * wins / all) + "%")
                    .append(" trail_ms(p50=").append(ms(l.trailP50Us())).append(" p99=").append(ms(l.trailP99Us())).append(')');
            }
            b.append(") dup=").append(s.overlapDuplicates() - previousDuplicates)
                .append(" stale=").append(s.binanceStale() - previousStale);
            previousDuplicates = s.overlapDuplicates();
            previousStale = s.binanceStale();
            if (s.binanceConflicts() > 0) {
                b.append(" conflicts=").append(s.binanceConflicts());
            }
            if (s.binanceMarkResets() > 0) {
                b.append(" mark_resets=").append(s.binanceMarkResets());
            }
            if (s.binanceSilenceReplacements() > 0) {
                b.append(" silent_replaced=").append(s.binanceSilenceReplacements());
            }
            return b.toString();
        }
    }
}
