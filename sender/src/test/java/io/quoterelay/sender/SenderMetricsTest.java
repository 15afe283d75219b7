package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sender's /metrics and /health over HTTP on loopback, between the simulator and a real TLS receiver. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SenderMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @RegisterExtension
    final SenderRig rig = new SenderRig();

    @BeforeEach
    void start() throws Exception {
        rig.start(b -> b
            .statsInterval(Duration.ZERO)
            .metricsPort(0).metricsBindAddress("127.0.0.1")
            .healthMaxQuoteAge(Duration.ofSeconds(1))
            .binanceConnections(1)); // messagesSent() == quotes() below holds on one line; the per-line series exist with one too
    }

    @Test
    void scrapeMatchesTheStatsAfterRealTraffic() throws Exception {
        Await.until(() -> "quotes flowing: " + rig.sender.stats(), WAIT,
            () -> rig.sender.stats().quotes() > 200 && rig.receiver.quotes > 200);
        rig.sim.stall(true); // the counters stop moving, so a scrape and stats() must agree exactly
        long sent = rig.sim.messagesSent(); // final once stall(true) has returned
        Await.until(() -> "all " + sent + " updates in and the link drained: " + rig.sender.stats(), WAIT,
            () -> rig.sender.stats().quotes() == sent && rig.sender.stats().link().upstream() == sent
                && rig.sender.stats().link().pending() == 0);
        SenderStats s = rig.sender.stats();
        String text = get("/metrics").body();
        String link = "{receiver=\"127.0.0.1:" + rig.receiver.port() + "\"}";
        assertEquals(s.quotes(), value(text, "quoterelay_sender_quotes_total"), text);
        assertEquals(s.binanceMessages(), value(text, "quoterelay_sender_binance_messages_total"));
        assertEquals(0, value(text, "quoterelay_sender_binance_malformed_total"));
        assertEquals(1, value(text, "quoterelay_sender_binance_up"));
        assertEquals(s.link().sent(), value(text, "quoterelay_sender_link_sent_total" + link));
        assertEquals(s.link().conflated(), value(text, "quoterelay_sender_link_conflated_total" + link));
        assertEquals(s.link().upstream(), value(text, "quoterelay_sender_link_upstream_total" + link));
        assertEquals(1, value(text, "quoterelay_sender_link_up" + link));
        assertEquals(0, value(text, "quoterelay_sender_link_reconnects_total" + link));
        // USD-M quotes carry the exchange time E: every quote is in the excess histogram.
        assertEquals(s.quotes(), value(text, "quoterelay_sender_exchange_latency_excess_seconds_count"));
        assertFalse(Double.isNaN(value(text, "quoterelay_sender_exchange_latency_min_raw_seconds")));
        // Every sender series the Grafana dashboard and the operations guide name is one this scrape has.
        for (String doc : List.of("grafana-dashboard.json", "operations.md")) {
            Matcher names = Pattern.compile("quoterelay_sender_[a-z_]+").matcher(Files.readString(Path.of("..", "docs", doc)));
            while (names.find()) {
                assertTrue(text.contains(names.group()), doc + " names " + names.group() + ", which /metrics lacks");
            }
        }
    }

    @Test
    void healthFollowsTheQuotesAndTheLink() throws Exception {
        Await.until(() -> "healthy: " + get("/health").body(), WAIT, () -> get("/health").statusCode() == 200);
        assertTrue(get("/health").body().startsWith("ok: last quote"));

        rig.sim.stall(true); // a silent stall: Binance's socket stays open, no data
        Await.until(() -> "unhealthy after the stall: " + get("/health").body(), WAIT,
            () -> get("/health").statusCode() == 503);
        String body = get("/health").body().trim();
        assertTrue(body.matches("unhealthy: last quote from binance \\d+\\.\\ds ago \\(limit 1\\.0s\\)"), body);
        assertEquals(0, value(get("/metrics").body(), "quoterelay_sender_healthy"));

        rig.sim.stall(false);
        Await.until(() -> "healthy again: " + get("/health").body(), WAIT, () -> get("/health").statusCode() == 200);
        rig.receiver.close();
        Await.until(() -> "unhealthy once the receiver is gone: " + get("/health").body(), WAIT,
            () -> get("/health").body().contains("unhealthy: link 127.0.0.1:"));
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.sender.metricsPort() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    private static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }
}
