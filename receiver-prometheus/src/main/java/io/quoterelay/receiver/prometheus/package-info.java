/**
 * Optional Prometheus support for an embedded receiver: add the {@code receiver-prometheus}
 * artifact only if the executor exports Prometheus metrics. Either add the receiver's metrics to
 * the application's own registry ({@link io.quoterelay.receiver.prometheus.ReceiverMetrics}), or
 * serve them with a health check on a port of their own
 * ({@link io.quoterelay.receiver.prometheus.ReceiverMetricsEndpoint}). Both read
 * {@link io.quoterelay.receiver.RelayReceiver#counters()} at scrape time and add nothing to the
 * quote path. The metric names are explained in docs/operations.md.
 */
package io.quoterelay.receiver.prometheus;
