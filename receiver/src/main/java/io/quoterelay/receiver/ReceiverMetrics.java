package io.quoterelay.receiver;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.quoterelay.ops.metrics.HdrBuckets;
import io.quoterelay.ops.metrics.QuoteFlow;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The receiver's Prometheus metrics, all read at scrape time from the counters and histograms
 * the I/O thread keeps anyway ({@link ReceiverCore}): registering them adds nothing to the quote
 * path. Names are listed and explained in docs/operations.md.
 */
final class ReceiverMetrics {
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

    private ReceiverMetrics() {
    }

    static void register(PrometheusRegistry registry, ReceiverCore core, QuoteFlow flow, RelayReceiver receiver) {
        counter(registry, "quotes", "Quotes delivered to the executor (a snapshot repeat only when the executor lacks its update)", core::deliveredToExecutor);
        counter(registry, "gaps", "Sequence numbers never received (lost in flight), summed over known sessions",
            core, SessionStats::gaps);
        counter(registry, "duplicates", "Quotes received twice and not delivered again", core, SessionStats::duplicates);
        counter(registry, "out_of_order", "Quotes that arrived after a higher sequence number (closed a gap)",
            core, SessionStats::outOfOrder);
        counter(registry, "conflated", "Updates the senders deliberately skipped (link down or slow), as they reported",
            core, SessionStats::reportedConflated);
        counter(registry, "sender_upstream", "Updates the senders received from the exchange, as they reported",
            core, SessionStats::reportedUpstream);
        counter(registry, "repeats", "Snapshot repeats received after reconnects", core, SessionStats::repeats);
        counter(registry, "reconnects", "Connections that resumed an existing sender session",
            core, s -> Math.max(0, s.connections() - 1));
        counter(registry, "session_resets", "Times a sender started a new session (it restarted)", core.sessionResets::get);
        counter(registry, "callback_errors", "Executor callbacks that threw", core.callbackErrors::get);
        counter(registry, "conflated_at_receiver",
            "Quotes replaced by a newer one of their symbol before the executor took them (it was slower than the quotes)",
            core.waiting.conflated::get);
        counter(registry, "dropped_over_symbol_limit", "Quotes of symbols beyond the bound on waiting symbols (should stay 0)",
            core.waiting.droppedOverSymbolLimit::get);
        counter(registry, "latency_clamped", "Latency samples outside 0..60 s, clamped (e.g. negative raw latency)",
            () -> core.corrected.clamped() + core.raw.clamped());
        CounterWithCallback.builder().name(PREFIX + "frames_rejected")
            .help("Frames that closed their connection: malformed, or longer than the maximum (oversize)")
            .labelNames("reason")
            .callback(cb -> {
                cb.call(core.malformedFrames.get(), "malformed");
                cb.call(core.oversizeFrames.get(), "oversize");
            })
            .register(registry);
        counter(registry, "frames_ignored", "Valid frames that were neither quote nor known control frame",
            core.ignoredFrames::get);
        counter(registry, "connections_accepted", "TCP connections accepted that went on to TLS (refusals at accept not included)",
            core.acceptedConnections::get);
        counter(registry, "connections_refused",
            "Connections whose TLS handshake failed (no or wrong certificate, plaintext)",
            core.refusedConnections::get);
        counter(registry, "connections_timed_out", "Connections closed because the peer went silent",
            core.timedOutConnections::get);
        CounterWithCallback.builder().name(PREFIX + "connections_refused_before_tls")
            .help("Connections closed at accept, before any TLS work: source not in ALLOWED_SENDERS (not_allowed), "
                + "or over the per-address handshake rate (rate_limited)")
            .labelNames("reason")
            .callback(cb -> {
                cb.call(core.notAllowedConnections.get(), "not_allowed");
                cb.call(core.rateLimitedConnections.get(), "rate_limited");
            })
            .register(registry);

        gauge(registry, "connections", "Sender connections open now", core.activeConnections::get);
        gauge(registry, "link_up", "1 while at least one sender is connected", () -> core.activeConnections.get() > 0 ? 1 : 0);
        gauge(registry, "clock_synced", "1 once a clock offset estimate exists", () -> core.clockReading != null ? 1 : 0);
        gauge(registry, "clock_offset_seconds", "Sender clock minus receiver clock (latest estimate)",
            () -> reading(core).offsetNs() / 1e9);
        gauge(registry, "clock_rtt_seconds", "Round trip of the clock exchange the offset came from (rtt_min)",
            () -> reading(core).rttNs() / 1e9);
        gauge(registry, "clock_error_bound_seconds",
            "The true offset lies within clock_offset_seconds plus or minus this: rtt_min / 2",
            () -> reading(core).rttNs() / 2 / 1e9);
        gauge(registry, "latency_host_clock", "1 when latency trusts the hosts' clocks (latency clock HOST), 0 when "
            + "the link's estimate corrects it", () -> core.config.latencyClock() == LatencyClock.HOST ? 1 : 0);
        counter(registry, "clock_exchanges", "Clock pings answered with usable times", core.clockExchanges::get);
        counter(registry, "clock_pongs_rejected",
            "Clock pongs ignored: they answered no outstanding ping or carried impossible times", core.clockRejected::get);
        counter(registry, "clock_pings_unanswered", "Clock pings with no answer by the time the next burst was due",
            core.clockUnanswered::get);
        gauge(registry, "last_quote_age_seconds", "Seconds since the last quote arrived (1 s resolution)",
            () -> flow.nanosSinceLastQuote() / 1e9);
        gauge(registry, "healthy", "1 while a sender is connected and quotes arrive within the health window",
            () -> receiver.health().healthy() ? 1 : 0);

        LineMetrics.register(registry, core);

        // With host clocks trusted every quote is recorded raw, and its label says so.
        String rawLabel = core.config.latencyClock() == LatencyClock.HOST ? "host" : "raw";
        registry.register(histogram(PREFIX + "latency_seconds",
            "One-way latency sender write -> receiver decode. clock=corrected: clock offset removed; "
                + "clock=raw: offset included (peer cannot sync clocks); clock=host: hosts' clocks trusted",
            () -> HistogramSnapshot.builder()
                .dataPoint(core.corrected.readCumulative(h ->
                    HdrBuckets.dataPoint(h, 1e-9, LATENCY_SECONDS, Labels.of("clock", "corrected"))))
                .dataPoint(core.raw.readCumulative(h ->
                    HdrBuckets.dataPoint(h, 1e-9, LATENCY_SECONDS, Labels.of("clock", rawLabel))))));
        registry.register(histogram(PREFIX + "callback_seconds",
            "Time spent in the executor's callback per quote (callback mode only)",
            () -> HistogramSnapshot.builder()
                .dataPoint(core.callbackTime.readCumulative(h ->
                    HdrBuckets.dataPoint(h, 1e-9, CALLBACK_SECONDS, Labels.EMPTY)))));
    }

    private static final ReceiverCore.ClockReading NO_READING = new ReceiverCore.ClockReading(0, 0, 0);

    private static ReceiverCore.ClockReading reading(ReceiverCore core) {
        ReceiverCore.ClockReading r = core.clockReading;
        return r == null ? NO_READING : r;
    }

    private static void counter(PrometheusRegistry registry, String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(PREFIX + name).help(help)
            .callback(cb -> cb.call(value.getAsLong()))
            .register(registry);
    }

    private static void counter(PrometheusRegistry registry, String name, String help, ReceiverCore core,
                                ToLongFunction<SessionStats> field) {
        counter(registry, name, help, () -> core.sessions.values().stream()
            .mapToLong(s -> field.applyAsLong(s.snapshot())).sum());
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
