package io.quoterelay.ops.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.protocol.Health;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * One small HTTP server per service: {@code GET /metrics} (Prometheus text or OpenMetrics, by the
 * library's exporter) and {@code GET /health} (200 "ok: ..." while quotes flow, 503 "unhealthy:
 * reason" otherwise; one line, for probes and humans). Answers are made on one daemon thread of
 * its own ({@code threadName}), so a slow scraper never touches the threads that move quotes; the
 * JDK's server beneath adds {@code HTTP-Dispatcher}, which is not a daemon (the JVM stays up until
 * {@link #close()}), and {@code idle-timeout-task}. Internal; not part of the receiver's embedding API.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private final HTTPServer server;
    private final ExecutorService thread;

    private MetricsEndpoint(HTTPServer server, ExecutorService thread) {
        this.server = server;
        this.thread = thread;
    }

    /** Binds {@code bindAddress:port} (port 0: any free port) and starts serving. */
    public static MetricsEndpoint start(String bindAddress, int port, PrometheusRegistry registry,
                                        Supplier<Health> health, String threadName) {
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            // The exporter serves /metrics itself; every other path reaches the default handler,
            // which answers /health and 404s the rest.
            HTTPServer server = HTTPServer.builder()
                .inetAddress(InetAddress.getByName(bindAddress))
                .port(port)
                .registry(registry)
                .executorService(thread)
                .registerHealthHandler(false)
                .defaultHandler(exchange -> answer(exchange, health))
                .buildAndStart();
            return new MetricsEndpoint(server, thread);
        } catch (IOException | RuntimeException e) {
            thread.shutdownNow();
            throw new IllegalStateException("cannot serve metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static void answer(HttpExchange exchange, Supplier<Health> health) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if ("/health".equals(path)) {
                Health v = health.get();
                status = v.healthy() ? 200 : 503;
                body = (v.healthy() ? "ok: " : "unhealthy: ") + v.reason() + "\n";
            } else if ("/".equals(path)) {
                status = 200;
                body = "quoterelay: GET /metrics (Prometheus), GET /health (200 while quotes flow, else 503)\n";
            } else {
                status = 404;
                body = "not found: " + path + " (try /metrics or /health)\n";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The port actually bound. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
        thread.shutdownNow();
    }
}
