package io.quoterelay.ops.metrics;

import io.quoterelay.ops.cli.BadSetting;
import java.time.Duration;

/**
 * Where a service serves {@code GET /metrics} and {@code GET /health}, and how long it may go
 * without a quote and still answer healthy. The same for the sender and the receiver.
 *
 * @param port              the HTTP port; 0 picks a free one, {@value #OFF_PORT}: no HTTP endpoint
 * @param bindAddress       the address it listens on, e.g. "0.0.0.0"
 * @param healthMaxQuoteAge the longest silence that still counts as healthy
 */
public record MetricsSettings(int port, String bindAddress, Duration healthMaxQuoteAge) {
    /** The port that means "no HTTP endpoint". */
    public static final int OFF_PORT = -1;
    /** Listens on every address unless told otherwise. */
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    /** Healthy while a quote arrived within this. */
    public static final Duration DEFAULT_HEALTH_MAX_QUOTE_AGE = Duration.ofSeconds(30);
    /** No HTTP endpoint, the default window. */
    public static final MetricsSettings OFF = new MetricsSettings(OFF_PORT, DEFAULT_BIND_ADDRESS, DEFAULT_HEALTH_MAX_QUOTE_AGE);

    /**
     * The settings as a main's flags give them, where {@code METRICS_PORT=0} turns the endpoint off;
     * a port out of range is a {@link BadSetting} naming the variable and the flag.
     */
    public static MetricsSettings ofFlags(int metricsPort, String bindAddress, Duration healthMaxQuoteAge) {
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new BadSetting("METRICS_PORT (--metrics-port) " + metricsPort + " is not in 0-65535 (0 turns metrics off)");
        }
        return new MetricsSettings(metricsPort == 0 ? OFF_PORT : metricsPort, bindAddress, healthMaxQuoteAge);
    }

    /** Whether an HTTP endpoint is wanted. */
    public boolean served() {
        return port != OFF_PORT;
    }

    /** The line a service logs once its endpoint listens on {@code boundPort}. */
    public String startedLine(int boundPort) {
        return "metrics on http://" + bindAddress + ":" + boundPort + "/metrics, health on /health (healthy while quotes"
            + " arrive within " + healthMaxQuoteAge + ")";
    }
}
