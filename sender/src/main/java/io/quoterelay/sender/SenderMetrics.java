package io.quoterelay.sender;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.quoterelay.ops.metrics.HdrBuckets;
import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFlow;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The sender's Prometheus metrics, all read at scrape time from {@link SenderStats} (the same
 * cumulative counters the stats line uses) and the exchange-latency histogram: nothing is added to
 * the quote path. Names are explained in docs/operations.md. Internal.
 */
final class SenderMetrics {
    static final String PREFIX = "quoterelay_sender_";

    /**
     * Exchange-to-sender excess over the running minimum, seconds: the exchange stamps whole
     * milliseconds, so nothing finer than a millisecond means anything.
     */
    static final double[] EXCHANGE_EXCESS_SECONDS = {
        1e-3, 2e-3, 5e-3, 10e-3, 20e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10, 30, 60};

    private SenderMetrics() {
    }

    public static void register(PrometheusRegistry registry, Supplier<SenderStats> stats, ExchangeLatency latency,
                                QuoteFlow flow, Supplier<Health> health) {
        counter(registry, "binance_messages", "WebSocket messages received from Binance",
            () -> stats.get().binanceMessages());
        counter(registry, "quotes", "bookTicker quotes received from Binance (each link's upstream)",
            () -> stats.get().quotes());
        counter(registry, "binance_nonquote", "Acknowledgements, errors, serverShutdown and other non-quote events",
            () -> stats.get().nonQuotes());
        counter(registry, "binance_malformed", "Binance messages that were not valid JSON or bookTicker",
            () -> stats.get().malformed());
        counter(registry, "binance_reconnects", "Binance connections opened after the first, rollovers included",
            () -> stats.get().binanceReconnects());
        counter(registry, "binance_rollovers", "Planned make-before-break rollovers started (lifetime reached or serverShutdown)",
            () -> stats.get().binanceRollovers());
        counter(registry, "binance_overlap_duplicates",
            "Copies dropped as already forwarded by update id: hot-hot lines' lost races and a rollover's overlap",
            () -> stats.get().overlapDuplicates());
        counter(registry, "binance_stale", "Updates dropped as older than their symbol's last forwarded update id",
            () -> stats.get().binanceStale());
        counter(registry, "binance_conflicts", "Copies of one (symbol, u) whose content differed from the forwarded copy",
            () -> stats.get().binanceConflicts());
        counter(registry, "binance_mark_resets", "Update-id marks reset because a line ran far ahead (bounded rule)",
            () -> stats.get().binanceMarkResets());
        lineCounter(registry, "binance_connection_wins", "Updates this hot-hot Binance connection delivered first",
            stats, SenderStats.BinanceConnectionStats::wins);
        lineCounter(registry, "binance_connection_duplicates", "Copies on this connection that lost the race",
            stats, SenderStats.BinanceConnectionStats::duplicates);
        lineCounter(registry, "binance_connection_silence_replacements",
            "Connections of this line replaced by the silence watchdog while another line delivered",
            stats, SenderStats.BinanceConnectionStats::silenceReplacements);
        lineGauge(registry, "binance_connection_trail_p50_seconds",
            "Median of how long this connection's lost copies came after the winner, since start",
            stats, l -> l.trailP50Us() / 1e6);
        lineGauge(registry, "binance_connection_trail_p99_seconds",
            "99th percentile of how long this connection's lost copies came after the winner, since start",
            stats, l -> l.trailP99Us() / 1e6);
        lineGauge(registry, "binance_connection_up", "1 while this hot-hot Binance connection is up",
            stats, l -> l.state() == LinkState.UP ? 1 : 0);
        counter(registry, "binance_oversize_frames", "Binance connections closed for a frame or message over BINANCE_MAX_FRAME_BYTES",
            () -> stats.get().binanceOversizeFrames());
        gauge(registry, "binance_up", "1 while the Binance stream is connected",
            () -> stats.get().binanceState() == LinkState.UP ? 1 : 0);

        linkCounter(registry, "link_upstream", "Quotes handed to this receiver link", stats, SenderStats.LinkStats::upstream);
        linkCounter(registry, "link_sent", "Distinct quotes sent (highest sequence number assigned)", stats,
            SenderStats.LinkStats::sent);
        linkCounter(registry, "link_conflated", "Quotes replaced by a newer one for the same symbol before sending",
            stats, SenderStats.LinkStats::conflated);
        linkCounter(registry, "link_repeats", "Snapshot repeats of already-sent quotes after reconnects", stats,
            SenderStats.LinkStats::repeats);
        linkCounter(registry, "link_reconnects", "Link sessions started after the first", stats,
            SenderStats.LinkStats::linkReconnects);
        linkGauge(registry, "link_up", "1 while the link to this receiver is up", stats,
            l -> l.state() == LinkState.UP ? 1 : 0);
        linkGauge(registry, "link_pending",
            "Quotes handed to the link and not yet sent (queued, or waiting as their symbol's latest)", stats,
            SenderStats.LinkStats::pending);

        gauge(registry, "last_quote_age_seconds", "Seconds since the last quote from Binance (1 s resolution)",
            () -> flow.nanosSinceLastQuote() / 1e9);
        gauge(registry, "healthy", "1 while Binance and every link are up and quotes arrive within the health window",
            () -> health.get().healthy() ? 1 : 0);
        gauge(registry, "exchange_latency_min_raw_seconds",
            "Smallest raw exchange-to-sender time seen (receive minus exchange event time E): clock offset plus "
                + "the best-case path. NaN until a quote carries E (spot has none)",
            () -> latency.minRawUs() == Long.MAX_VALUE ? Double.NaN : latency.minRawUs() / 1e6);
        String name = PREFIX + "exchange_latency_excess_seconds";
        String help = "Exchange-to-sender time in excess of its running minimum (offset-free: queueing, bursts, "
            + "stalls). Only quotes with an exchange time (futures)";
        registry.register(new Collector() {
            @Override
            public MetricSnapshot collect() {
                return HistogramSnapshot.builder().name(name).help(help)
                    .dataPoint(latency.readCumulativeExcess(h ->
                        HdrBuckets.dataPoint(h, 1e-6, EXCHANGE_EXCESS_SECONDS, Labels.EMPTY)))
                    .build();
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        });
    }

    private static void counter(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        CounterWithCallback.builder().name(PREFIX + name).help(help)
            .callback(cb -> cb.call(value.getAsDouble()))
            .register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(PREFIX + name).help(help)
            .callback(cb -> cb.call(value.getAsDouble()))
            .register(registry);
    }

    private static void linkCounter(PrometheusRegistry registry, String name, String help, Supplier<SenderStats> stats,
                                    ToDoubleFunction<SenderStats.LinkStats> field) {
        labelled(CounterWithCallback.builder(), registry, name, help, "receiver", () -> stats.get().links(), field,
            SenderStats.LinkStats::receiver);
    }

    private static void linkGauge(PrometheusRegistry registry, String name, String help, Supplier<SenderStats> stats,
                                  ToDoubleFunction<SenderStats.LinkStats> field) {
        labelled(GaugeWithCallback.builder(), registry, name, help, "receiver", () -> stats.get().links(), field,
            SenderStats.LinkStats::receiver);
    }

    private static void lineCounter(PrometheusRegistry registry, String name, String help, Supplier<SenderStats> stats,
                                    ToDoubleFunction<SenderStats.BinanceConnectionStats> field) {
        labelled(CounterWithCallback.builder(), registry, name, help, "connection", () -> stats.get().binanceConnections(),
            field, l -> Integer.toString(l.index()));
    }

    private static void lineGauge(PrometheusRegistry registry, String name, String help, Supplier<SenderStats> stats,
                                  ToDoubleFunction<SenderStats.BinanceConnectionStats> field) {
        labelled(GaugeWithCallback.builder(), registry, name, help, "connection", () -> stats.get().binanceConnections(),
            field, l -> Integer.toString(l.index()));
    }

    /** One series per item of {@code items}, labelled {@code label}; counter or gauge by the builder given. */
    private static <T> void labelled(CounterWithCallback.Builder counter, PrometheusRegistry registry, String name,
                                     String help, String label, Supplier<List<T>> items, ToDoubleFunction<T> field,
                                     Function<T, String> labelValue) {
        counter.name(PREFIX + name).help(help).labelNames(label)
            .callback(cb -> items.get().forEach(i -> cb.call(field.applyAsDouble(i), labelValue.apply(i))))
            .register(registry);
    }

    private static <T> void labelled(GaugeWithCallback.Builder gauge, PrometheusRegistry registry, String name,
                                     String help, String label, Supplier<List<T>> items, ToDoubleFunction<T> field,
                                     Function<T, String> labelValue) {
        gauge.name(PREFIX + name).help(help).labelNames(label)
            .callback(cb -> items.get().forEach(i -> cb.call(field.applyAsDouble(i), labelValue.apply(i))))
            .register(registry);
    }
}
