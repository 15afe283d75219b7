package io.quoterelay.receiver.prometheus;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.ops.metrics.MetricsEndpoint;
import io.quoterelay.receiver.RelayReceiver;

/**
 * A small HTTP server for an embedded receiver: {@code GET /metrics} (the receiver's
 * {@link ReceiverMetrics}, Prometheus text or OpenMetrics) and {@code GET /health} (200
 * "ok: ..." while quotes flow, 503 "unhealthy: reason" otherwise, from
 * {@link RelayReceiver#health()}). It answers on one daemon thread of its own,
 * {@code quoterelay-receiver-metrics}, so a slow scraper never touches the threads that move
 * quotes; the JDK's HTTP server beneath adds {@code HTTP-Dispatcher}, which is not a daemon (the
 * JVM stays up until {@link #close()}), and {@code idle-timeout-task}. Nothing per quote. The
 * standalone receiver (receiver-service) serves its metrics with it.
 *
 * <pre>{@code
 * try (RelayReceiver receiver = builder.start();
 *      ReceiverMetricsEndpoint metrics = ReceiverMetricsEndpoint.start(receiver, "127.0.0.1", 9101)) {
 *     ...
 * }
 * }</pre>
 */
public final class ReceiverMetricsEndpoint implements AutoCloseable {
    private final ReceiverMetrics metrics;
    private final MetricsEndpoint endpoint;

    private ReceiverMetricsEndpoint(ReceiverMetrics metrics, MetricsEndpoint endpoint) {
        this.metrics = metrics;
        this.endpoint = endpoint;
    }

    /**
     * Binds {@code bindAddress:port} and starts serving.
     *
     * @param receiver    a started receiver
     * @param bindAddress the address to listen on, e.g. "127.0.0.1" (local scrapers only) or "0.0.0.0"
     * @param port        the port; 0 picks a free one (see {@link #port()})
     * @return the running endpoint; close it to stop
     * @throws IllegalStateException when the address cannot be bound
     */
    public static ReceiverMetricsEndpoint start(RelayReceiver receiver, String bindAddress, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("metrics port must be 0..65535, got " + port);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        ReceiverMetrics metrics = ReceiverMetrics.register(receiver, registry);
        MetricsEndpoint endpoint = MetricsEndpoint.start(bindAddress, port, registry, receiver::health,
            "quoterelay-receiver-metrics");
        return new ReceiverMetricsEndpoint(metrics, endpoint);
    }

    /**
     * The port actually bound.
     *
     * @return the listening port (useful after starting with port 0)
     */
    public int port() {
        return endpoint.port();
    }

    /** Stops the HTTP server and its thread. */
    @Override
    public void close() {
        endpoint.close();
        metrics.close();
    }
}
