package io.quoterelay.receiver.service;

/**
 * The receiver's container health probe for images without a shell: exits 0 while
 * {@code GET /health} answers 200, 1 otherwise, printing the one-line reason
 * ({@link io.quoterelay.ops.metrics.HealthProbe}).
 *
 * <pre>
 * java -cp @/app/jib-classpath-file io.quoterelay.receiver.service.HealthProbe     # port from METRICS_PORT, default 9101
 * java -cp @/app/jib-classpath-file io.quoterelay.receiver.service.HealthProbe http://127.0.0.1:9101/health
 * </pre>
 */
public final class HealthProbe {
    static final int DEFAULT_METRICS_PORT = 9101;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(io.quoterelay.ops.metrics.HealthProbe.run(args, System.getenv(), System.out, DEFAULT_METRICS_PORT));
    }
}
