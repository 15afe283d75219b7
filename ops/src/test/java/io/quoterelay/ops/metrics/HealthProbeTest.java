package io.quoterelay.ops.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.protocol.Health;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HealthProbeTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int probe(String[] args, Map<String, String> env, int defaultPort) {
        out.reset();
        return HealthProbe.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), defaultPort);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).trim();
    }

    @Test
    void followsTheEndpointsVerdictOnTheServicesDefaultPortOrMetricsPort() {
        AtomicReference<Health> verdict = new AtomicReference<>(new Health(true, "flowing"));
        try (MetricsEndpoint endpoint = MetricsEndpoint.start("127.0.0.1", 0, new PrometheusRegistry(), verdict::get,
            "test-metrics")) {
            assertEquals(0, probe(new String[0], Map.of(), endpoint.port()));
            assertEquals("ok: flowing", printed());
            verdict.set(new Health(false, "no quote yet"));
            assertEquals(1, probe(new String[0], Map.of("METRICS_PORT", String.valueOf(endpoint.port())), 1));
            assertEquals("unhealthy: no quote yet", printed());
            assertEquals(1, probe(new String[] {"http://127.0.0.1:" + endpoint.port() + "/nothing"}, Map.of(), 1));
            assertTrue(printed().startsWith("not found: /nothing"), printed());
        }
    }

    @Test
    void failsClearlyWhenTheEndpointIsOffOrAbsent() {
        assertEquals(1, probe(new String[0], Map.of("METRICS_PORT", "0"), 9101));
        assertTrue(printed().contains("METRICS_PORT=0"), printed());
        assertEquals(1, probe(new String[] {"http://127.0.0.1:1/health"}, Map.of(), 9101));
        assertTrue(printed().startsWith("unhealthy: cannot reach"), printed());
    }
}
