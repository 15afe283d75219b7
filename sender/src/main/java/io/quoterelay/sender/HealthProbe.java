package io.quoterelay.sender;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A container health probe that needs nothing but the JRE: GETs the sender's own
 * {@code /health} and exits 0 when it answers 200, 1 otherwise, printing the one-line reason.
 *
 * <pre>
 * java -cp /app/classes io.quoterelay.sender.HealthProbe            # port from METRICS_PORT, default 9102
 * java -cp /app/classes io.quoterelay.sender.HealthProbe http://127.0.0.1:9102/health
 * </pre>
 *
 * <p>For images without a shell. Where there is bash (the default images), the compose files probe
 * with bash's {@code /dev/tcp} instead: starting a second JVM every interval costs about a CPU-second
 * on a 0.5-CPU box, taken from the relay itself.
 */
public final class HealthProbe {
    static final int DEFAULT_METRICS_PORT = 9102;

    private HealthProbe() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out) {
        String url;
        if (args.length > 0) {
            url = args[0];
        } else {
            String port = env.getOrDefault("METRICS_PORT", "").trim();
            if ("0".equals(port)) {
                out.println("unhealthy: the health endpoint is off (METRICS_PORT=0)");
                return 1;
            }
            url = "http://127.0.0.1:" + (port.isEmpty() ? DEFAULT_METRICS_PORT : port) + "/health";
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
