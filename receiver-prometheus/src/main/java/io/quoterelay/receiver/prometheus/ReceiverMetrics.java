package io.quoterelay.receiver.prometheus;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.quoterelay.ops.metrics.HdrBuckets;
import io.quoterelay.receiver.LatencyClock;
import io.quoterelay.receiver.ReceiverCounters;
import io.quoterelay.receiver.ReceiverCounters.Latency;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * An embedded receiver's Prometheus metrics in an application's registry, for an executor that
 * already exports Prometheus metrics:
 *
 * <pre>{@code
 * ReceiverMetrics metrics = ReceiverMetrics.register(receiver, PrometheusRegistry.defaultRegistry);
 * ...
 * metrics.close();   // before or after receiver.close(): takes the receiver's series out again
 * }</pre>
 *
 * <p>All are read at scrape time from {@link RelayReceiver#counters()}, the counters and
 * histograms the I/O thread keeps anyway: registering them adds nothing to the quote path.
 * Names are listed and explained in docs/operations.md. {@link ReceiverMetricsEndpoint} serves
 * them over HTTP for an application without an exporter of its own.
 */
public final class ReceiverMetrics implements AutoCloseable {
    static final String PREFIX = "quoterelay_receiver_";

    /**
     * One-way relay latency, seconds: fine around the 3.5 ms Frankfurt-Amsterdam leg and the
     * tens of microseconds of a loopback run, coarse beyond.
     */
    static final double[] LATENCY_SECONDS = {
        25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2e-3, 3e-3, 3.5e-3, 4e-3, 4.5e-3, 5e-3, 6e-3, 8e-3,
        10e-3, 15e-3, 25e-3, 50e-3, 100e-3, 250e-3, 500e-3, 1, 2.5, 5, 10};

    /** Time inside the executor's callback, seconds: a good callback takes well under a microsecond. */
    static final double[] CALLBACK_SECONDS = {
        250e-9, 500e-9, 1e-6, 2.5e-6, 5e-6, 10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 10e-3, 100e-3, 1};

    private final PrometheusRegistry target;
    private final MultiCollector collector;

    private ReceiverMetrics(PrometheusRegistry target, MultiCollector collector) {
        this.target = target;
        this.collector = collector;
    }

    /**
     * Adds the receiver's metrics ({@code quoterelay_receiver_*}) to {@code registry}. One
     * receiver per registry at a time: the names would clash.
     *
     * @param receiver a started receiver
     * @param registry the application's registry
     * @return the registration; {@link #close()} takes the metrics out of the registry again
     */
    public static ReceiverMetrics register(RelayReceiver receiver, PrometheusRegistry registry) {
        // The receiver's metrics live in a registry of their own, added to the target as one
        // collector, so close() can take them all out again (and a new receiver can register).
        PrometheusRegistry own = new PrometheusRegistry();
        registerEach(own, receiver.counters());
        MultiCollector collector = own::scrape;
        registry.register(collector);
        return new ReceiverMetrics(registry, collector);
    }

    /** Takes the receiver's metrics out of the registry. Safe to call more than once. */
    @Override
    public void close() {
        target.unregister(collector);
    }

    private static void registerEach(PrometheusRegistry registry, ReceiverCounters counters) {
        counter(registry, "quotes", "Quotes delivered to the executor (a snapshot repeat only when the executor lacks its update)", () -> counters.accounting().delivered());
        counter(registry, "gaps", "Sequence numbers never received (lost in flight), summed over known sessions",
            () -> counters.accounting().gaps());
        counter(registry, "duplicates", "Quotes received twice and not delivered again", () -> counters.accounting().duplicates());
        counter(registry, "out_of_order", "Quotes that arrived after a higher sequence number (closed a gap)",
            () -> counters.accounting().outOfOrder());
        counter(registry, "conflated", "Updates the senders deliberately skipped (link down or slow), as they reported",
            () -> counters.accounting().conflated());
        counter(registry, "sender_upstream", "Updates the senders received from the exchange, as they reported",
            counters, SessionStats::reportedUpstream);
        counter(registry, "repeats", "Snapshot repeats received after reconnects",
            () -> counters.accounting().repeats());
        counter(registry, "reconnects", "Connections that resumed an existing sender session",
            counters, s -> Math.max(0, s.connections() - 1));
        counter(registry, "session_resets", "Times a sender started a new session (it restarted)", () -> counters.accounting().sessionResets());
        counter(registry, "callback_errors", "Executor callbacks that threw", () -> counters.accounting().callbackErrors());
        counter(registry, "conflated_at_receiver",
            "Quotes replaced by a newer one of their symbol before the executor took them (it was slower than the quotes)",
            () -> counters.accounting().conflatedAtReceiver());
        counter(registry, "dropped_over_symbol_limit", "Quotes of symbols beyond the bound on waiting symbols (should stay 0)",
            () -> counters.accounting().droppedOverSymbolLimit());
        counter(registry, "latency_clamped", "Latency samples outside 0..60 s, clamped (e.g. negative raw latency)",
            counters::latencyClamped);
        CounterWithCallback.builder().name(PREFIX + "frames_rejected")
            .help("Frames that closed their connection: malformed, or longer than the maximum (oversize)")
            .labelNames("reason")
            .callback(cb -> {
                ReceiverStats.Frames frames = counters.frames();
                cb.call(frames.malformed(), "malformed");
                cb.call(frames.oversize(), "oversize");
            })
            .register(registry);
        counter(registry, "frames_ignored", "Valid frames that were neither quote nor known control frame",
            () -> counters.frames().ignored());
        counter(registry, "connections_accepted", "TCP connections accepted that went on to TLS (refusals at accept not included)",
            () -> counters.connections().accepted());
        counter(registry, "connections_refused",
            "Connections whose TLS handshake failed (no or wrong certificate, plaintext)",
            () -> counters.connections().refused());
        counter(registry, "connections_timed_out", "Connections closed because the peer went silent",
            () -> counters.connections().timedOut());
        CounterWithCallback.builder().name(PREFIX + "connections_refused_before_tls")
            .help("Connections closed at accept, before any TLS work: source not in ALLOWED_SENDERS (not_allowed), "
                + "or over the per-address handshake rate (rate_limited)")
            .labelNames("reason")
            .callback(cb -> {
                ReceiverStats.Connections connections = counters.connections();
                cb.call(connections.notAllowed(), "not_allowed");
                cb.call(connections.rateLimited(), "rate_limited");
            })
            .register(registry);

        gauge(registry, "connections", "Sender connections open now", () -> counters.connections().active());
        gauge(registry, "link_up", "1 while at least one sender is connected", () -> counters.connections().active() > 0 ? 1 : 0);
        gauge(registry, "clock_synced", "1 once a clock offset estimate exists", () -> counters.clock().synced() ? 1 : 0);
        gauge(registry, "clock_offset_seconds", "Sender clock minus receiver clock (latest estimate)",
            () -> counters.clock().offsetNs() / 1e9);
        gauge(registry, "clock_rtt_seconds", "Round trip of the clock exchange the offset came from (rtt_min)",
            () -> counters.clock().rttMinNs() / 1e9);
        gauge(registry, "clock_error_bound_seconds",
            "The true offset lies within clock_offset_seconds plus or minus this: rtt_min / 2",
            () -> counters.clock().errorBoundNs() / 1e9);
        gauge(registry, "latency_host_clock", "1 when latency trusts the hosts' clocks (latency clock HOST), 0 when "
            + "the link's estimate corrects it", () -> counters.clock().latencyClock() == LatencyClock.HOST ? 1 : 0);
        counter(registry, "clock_exchanges", "Clock pings answered with usable times", () -> counters.clock().exchanges());
        counter(registry, "clock_pongs_rejected",
            "Clock pongs ignored: they answered no outstanding ping or carried impossible times", () -> counters.clock().rejectedPongs());
        counter(registry, "clock_pings_unanswered", "Clock pings with no answer by the time the next burst was due",
            () -> counters.clock().unansweredPings());
        gauge(registry, "last_quote_age_seconds", "Seconds since the last quote arrived (1 s resolution)",
            () -> counters.nanosSinceLastQuote() / 1e9);
        gauge(registry, "healthy", "1 while a sender is connected and quotes arrive within the health window",
            () -> counters.health().healthy() ? 1 : 0);

        LineMetrics.register(registry, counters);

        // With host clocks trusted every quote is recorded raw, and its label says so.
        String rawLabel = counters.clock().latencyClock() == LatencyClock.HOST ? "host" : "raw";
        registry.register(histogram(PREFIX + "latency_seconds",
            "One-way latency sender write -> receiver decode. clock=corrected: clock offset removed; "
                + "clock=raw: offset included (peer cannot sync clocks); clock=host: hosts' clocks trusted",
            () -> HistogramSnapshot.builder()
                .dataPoint(dataPoint(counters, Latency.CORRECTED, LATENCY_SECONDS, Labels.of("clock", "corrected")))
                .dataPoint(dataPoint(counters, Latency.RAW, LATENCY_SECONDS, Labels.of("clock", rawLabel)))));
        registry.register(histogram(PREFIX + "callback_seconds",
            "Time spent in the executor's callback per quote (callback mode only)",
            () -> HistogramSnapshot.builder()
                .dataPoint(dataPoint(counters, Latency.CALLBACK, CALLBACK_SECONDS, Labels.EMPTY))));
    }

    private static HistogramSnapshot.HistogramDataPointSnapshot dataPoint(ReceiverCounters counters, Latency which,
                                                                         double[] boundsSeconds, Labels labels) {
        HdrBuckets.Counts counts = new HdrBuckets.Counts(1e-9, boundsSeconds);
        counters.readHistogram(which, counts::add);
        return counts.dataPoint(labels);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(PREFIX + name).help(help)
            .callback(cb -> cb.call(value.getAsLong()))
            .register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, ReceiverCounters counters,
                                ToLongFunction<SessionStats> field) {
        counter(registry, name, help, () -> counters.sessions().stream().mapToLong(field).sum());
    }

    private static void gauge(PrometheusRegistry registry, String name, String help, DoubleSupplier value) {
        GaugeWithCallback.builder().name(PREFIX + name).help(help)
            .callback(cb -> cb.call(value.getAsDouble()))
            .register(registry);
    }

    private static Collector histogram(String name, String help, Supplier<HistogramSnapshot.Builder> points) {
        return new Collector() {
            @Override
            public MetricSnapshot collect() {
                return points.get().name(name).help(help).build();
            }

            @Override
            public String getPrometheusName() {
                return name;
            }
        };
    }
}
