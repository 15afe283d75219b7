package io.quoterelay.ops.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A container health probe that needs nothing but the JRE: GETs the service's own
 * {@code /health} ({@link MetricsEndpoint}) and answers 0 when it says 200, 1 otherwise, printing
 * the one-line reason. Each service has a main under its own name that knows its default port
 * ({@code io.quoterelay.receiver.service.HealthProbe}, {@code io.quoterelay.sender.HealthProbe}).
 *
 * <p>For images without a shell. Where there is bash (the default images), the compose files probe
 * with bash's {@code /dev/tcp} instead: starting a second JVM every interval costs about a CPU-second
 * on a 0.5-CPU box, taken from the relay itself.
 */
public final class HealthProbe {
    private HealthProbe() {
    }

    /**
     * Probes {@code args[0]} if given, else {@code http://127.0.0.1:METRICS_PORT/health} with
     * {@code defaultMetricsPort} when METRICS_PORT is unset; returns the exit code.
     * {@code env} stands in for the environment.
     */
    public static int run(String[] args, Map<String, String> env, PrintStream out, int defaultMetricsPort) {
        String url;
        if (args.length > 0) {
            url = args[0];
        } else {
            String port = env.getOrDefault("METRICS_PORT", "").trim();
            if ("0".equals(port)) {
                out.println("unhealthy: the health endpoint is off (METRICS_PORT=0)");
                return 1;
            }
            url = "http://127.0.0.1:" + (port.isEmpty() ? defaultMetricsPort : port) + "/health";
        }
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2_000);
            c.setReadTimeout(3_000);
            int status = c.getResponseCode();
            InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String text = body == null ? "" : new String(body.readNBytes(1_000), StandardCharsets.UTF_8).trim();
            out.println(text.isEmpty() ? "HTTP " + status : text);
            return status == 200 ? 0 : 1;
        } catch (IOException | IllegalArgumentException e) {
            out.println("unhealthy: cannot reach " + url + ": " + e);
            return 1;
        }
    }
}
