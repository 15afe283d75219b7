package io.quoterelay.receiver.prometheus;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.receiver.LineStats;
import io.quoterelay.receiver.ReceiverCounters;
import java.util.function.ToDoubleFunction;

/**
 * Per-line arbitration metrics, labelled by session (hex) and peer, read at scrape time through
 * {@link ReceiverCounters#lines()}. Names are listed in docs/operations.md.
 */
final class LineMetrics {
    private LineMetrics() {
    }

    static void register(PrometheusRegistry registry, ReceiverCounters counters) {
        lineCounter(registry, "line_wins", "Copies delivered to the executor: the first copy of their update", counters,
            LineStats::wins);
        lineCounter(registry, "line_lost_races", "Copies of an update another copy had delivered first, dropped", counters,
            LineStats::lostRaces);
        lineCounter(registry, "line_too_old", "Copies older than the newest delivered update of their symbol, dropped",
            counters, LineStats::tooOld);
        lineCounter(registry, "line_gaps", "The line's own sequence gaps (lost in flight)", counters, LineStats::gaps);
        lineCounter(registry, "line_covered", "The line's gaps and conflated updates that another line delivered",
            counters, LineStats::coveredMissed);
        lineCounter(registry, "line_conflicts", "Copies whose content differed from the delivered copy of the update",
            counters, LineStats::conflicts);
        lineCounter(registry, "line_marks_reset", "Times the line's newest update of a symbol was abandoned as stale",
            counters, LineStats::marksReset);
        GaugeWithCallback.builder().name(ReceiverMetrics.PREFIX + "line_lag_behind_winner_seconds")
            .help("How much later the line's copies arrived than the winning copies (cumulative percentiles)")
            .labelNames("session", "peer", "quantile")
            .callback(cb -> {
                for (LineStats l : counters.lines()) {
                    String session = Long.toHexString(l.sessionId());
                    cb.call(l.lagBehindWinner().p50Ns() / 1e9, session, l.peer(), "0.5");
                    cb.call(l.lagBehindWinner().p99Ns() / 1e9, session, l.peer(), "0.99");
                }
            })
            .register(registry);
        CounterWithCallback.builder().name(ReceiverMetrics.PREFIX + "merged_gaps")
            .help("Updates lost in flight that no line delivered: the gaps the executor sees")
            .callback(cb -> cb.call(counters.merged().gaps()))
            .register(registry);
    }

    private static void lineCounter(PrometheusRegistry registry, String name, String help, ReceiverCounters counters,
                                    ToDoubleFunction<LineStats> field) {
        CounterWithCallback.builder().name(ReceiverMetrics.PREFIX + name).help(help)
            .labelNames("session", "peer")
            .callback(cb -> {
                for (LineStats l : counters.lines()) {
                    cb.call(field.applyAsDouble(l), Long.toHexString(l.sessionId()), l.peer());
                }
            })
            .register(registry);
    }
}
