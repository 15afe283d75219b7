package io.quoterelay.receiver.prometheus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.Health;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import io.quoterelay.receiver.RelayReceiver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Metrics scraped over HTTP on loopback after real traffic, and the health endpoint's verdicts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReceiverMetricsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final TestPki pki = TestPki.shared();

    private final AtomicLong delivered = new AtomicLong();
    private RelayReceiver receiver;
    private ReceiverMetricsEndpoint endpoint;

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private RelayReceiver.Builder builder() {
        return RelayReceiver.builder().port(0).bindAddress("127.0.0.1").tls(pki.serverCert(), pki.serverKey(), pki.caCert())
            .statsInterval(Duration.ZERO).clockPingInterval(Duration.ofMillis(50))
            .onQuote(q -> delivered.incrementAndGet());
    }

    private FrameTestClient sender(long sessionId) throws InterruptedException {
        FrameTestClient c = FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.clientTls(), true, EpochNanoClock.system());
        c.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, sessionId, FrameFormat.PROTOCOL_VERSION, 1));
        return c;
    }

    private static QuoteFrame quote(long seq) {
        return new QuoteFrame().seq(seq).symbol("BTCUSDT").sendTimeNs(EpochNanoClock.system().epochNanos())
            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8);
    }

    @Test
    void scrapeReportsTheTrafficItCarried() throws Exception {
        serveMetrics(builder());
        try (FrameTestClient c = sender(42)) {
            Await.until("clock estimate", WAIT, () -> receiver.stats().clock().synced());
            for (int seq = 1; seq <= 500; seq++) {
                if (seq != 301) { // lost in flight: one gap
                    c.send(quote(seq));
                }
            }
            c.send(quote(5)); // a duplicate
            c.send(new ControlFrame.SessionReport(507, 7, 0, 500));
            // Quotes of the one symbol that met in one read reach the executor as the newest of them.
            Await.until("499 quotes and the report", WAIT,
                () -> delivered.get() + receiver.stats().accounting().conflatedAtReceiver() == 499
                    && receiver.stats().accounting().conflated() == 7);

            String text = get("/metrics").body();
            assertEquals(delivered.get(), value(text, "quoterelay_receiver_quotes_total"), text);
            assertEquals(499 - delivered.get(), value(text, "quoterelay_receiver_conflated_at_receiver_total"), text);
            assertEquals(0, value(text, "quoterelay_receiver_dropped_over_symbol_limit_total"), text);
            assertEquals(1, value(text, "quoterelay_receiver_gaps_total"));
            assertEquals(1, value(text, "quoterelay_receiver_duplicates_total"));
            assertEquals(7, value(text, "quoterelay_receiver_conflated_total"));
            assertEquals(507, value(text, "quoterelay_receiver_sender_upstream_total"));
            // Per-line series (one line here: session 42) read the same counters as stats().lines().
            io.quoterelay.receiver.LineStats line = receiver.stats().line(42);
            assertEquals(1, line.gaps());
            assertEquals(line.gaps(), lineSample(text, "quoterelay_receiver_line_gaps_total", 42));
            assertEquals(line.wins(), lineSample(text, "quoterelay_receiver_line_wins_total", 42));
            assertEquals(0, lineSample(text, "quoterelay_receiver_line_covered_total", 42), "no other line covered it");
            assertEquals(0, lineSample(text, "quoterelay_receiver_line_lost_races_total", 42));
            assertEquals(1, value(text, "quoterelay_receiver_merged_gaps_total"), "the gap no line delivered");
            assertEquals(0, value(text, "quoterelay_receiver_frames_rejected_total{reason=\"malformed\"}"));
            assertEquals(0, value(text, "quoterelay_receiver_connections_refused_before_tls_total{reason=\"not_allowed\"}"));
            assertEquals(0, value(text, "quoterelay_receiver_connections_refused_before_tls_total{reason=\"rate_limited\"}"));
            assertEquals(1, value(text, "quoterelay_receiver_connections"));
            assertEquals(1, value(text, "quoterelay_receiver_link_up"));
            assertEquals(1, value(text, "quoterelay_receiver_clock_synced"));
            assertEquals(1, value(text, "quoterelay_receiver_healthy"));
            assertTrue(value(text, "quoterelay_receiver_clock_rtt_seconds") > 0);
            // Half the round trip of the exchange the offset came from (pings keep coming: not compared across gauges).
            assertTrue(value(text, "quoterelay_receiver_clock_error_bound_seconds") > 0);
            assertTrue(value(text, "quoterelay_receiver_clock_exchanges_total") > 0);
            // Pings go every 50 ms here: on a loaded machine a burst can outlast that, and its late pong is
            // then counted as rejected, rightly. Only its presence is checked.
            assertTrue(text.contains("quoterelay_receiver_clock_pongs_rejected_total "), text);
            assertTrue(text.contains("quoterelay_receiver_clock_pings_unanswered_total "), text);
            assertEquals(0, value(text, "quoterelay_receiver_latency_host_clock"));
            // Every quote sits in exactly one latency series: corrected (clock synced before the first quote).
            assertEquals(499, value(text, "quoterelay_receiver_latency_seconds_count{clock=\"corrected\"}"));
            assertEquals(0, value(text, "quoterelay_receiver_latency_seconds_count{clock=\"raw\"}"));
            assertEquals(499, value(text, "quoterelay_receiver_latency_seconds_bucket{clock=\"corrected\",le=\"+Inf\"}"));
            double under1s = value(text, "quoterelay_receiver_latency_seconds_bucket{clock=\"corrected\",le=\"1.0\"}");
            assertEquals(499, under1s, "loopback quotes take well under a second");
            assertEquals(delivered.get(), value(text, "quoterelay_receiver_callback_seconds_count"), "one per callback");
            assertTrue(value(text, "quoterelay_receiver_callback_seconds_sum") > 0);
            // Every receiver series the Grafana dashboard and the operations guide name is one this scrape has.
            for (String doc : List.of("grafana-dashboard.json", "operations.md")) {
                Matcher names = Pattern.compile("quoterelay_receiver_[a-z_]+").matcher(Files.readString(Path.of("..", "docs", doc)));
                while (names.find()) {
                    assertTrue(text.contains(names.group()), doc + " names " + names.group() + ", which /metrics lacks");
                }
            }
        }
    }

    @Test
    void healthFlipsToUnhealthyWhenQuotesStop() throws Exception {
        serveMetrics(builder().healthMaxQuoteAge(Duration.ofSeconds(1)));
        HttpResponse<String> before = get("/health");
        assertEquals(503, before.statusCode());
        assertEquals("unhealthy: no sender connected", before.body().trim());
        String url = "http://127.0.0.1:" + endpoint.port() + "/health";
        try (FrameTestClient c = sender(43)) {
            Await.until("connected, no quote yet", WAIT, () -> get("/health").body().contains("no quote yet"));
            long seq = 0;
            // Quotes keep coming until the endpoint says so (the flow is sampled once a second).
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (get("/health").statusCode() != 200) {
                c.send(quote(++seq));
                assertTrue(System.nanoTime() < deadline, "never became healthy: " + get("/health").body());
                Thread.sleep(20);
            }
            // A fresh quote before each check, so the 1 s age limit cannot run out while they run.
            c.send(quote(++seq));
            assertTrue(get("/health").body().startsWith("ok: last quote"));
            c.send(quote(++seq));
            assertEquals(0, probe(url), "the probe agrees");

            // Quotes stop; the connection stays up (it answers clock pings).
            Await.until("unhealthy after quotes stop", WAIT, () -> get("/health").statusCode() == 503);
            String body = get("/health").body().trim();
            assertTrue(body.matches("unhealthy: last quote \\d+\\.\\ds ago \\(limit 1\\.0s\\)"), body);
            assertEquals(1, probe(url));
            assertFalse(receiver.health().healthy());
            assertEquals(0, value(get("/metrics").body(), "quoterelay_receiver_healthy"));
        }
        Await.until("unhealthy once the sender left", WAIT,
            () -> get("/health").body().contains("no sender connected"));
    }

    @Test
    void embeddingWithoutThisModuleStillAnswersHealth() {
        receiver = builder().start();
        Health h = receiver.health();
        assertFalse(h.healthy());
        assertEquals("no sender connected", h.reason());
    }

    @Test
    void joinsAnApplicationsRegistryAndLeavesItOnClose() throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        receiver = builder().start();
        ReceiverMetrics metrics = ReceiverMetrics.register(receiver, registry);
        assertTrue(scrape(registry).contains("quoterelay_receiver_quotes_total 0"));
        metrics.close();
        receiver.close();
        assertFalse(scrape(registry).contains("quoterelay_receiver_"), "removed on close");
        receiver = builder().start();
        ReceiverMetrics.register(receiver, registry);
        assertTrue(scrape(registry).contains("quoterelay_receiver_quotes_total"), "a new receiver may register again");
    }

    private void serveMetrics(RelayReceiver.Builder builder) {
        receiver = builder.start();
        endpoint = ReceiverMetricsEndpoint.start(receiver, "127.0.0.1", 0);
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }

    private static int probe(String url) {
        return io.quoterelay.ops.metrics.HealthProbe.run(new String[] {url}, Map.of(),
            new PrintStream(new ByteArrayOutputStream(), true), 0 /* unused: the url is given */);
    }

    private static String scrape(PrometheusRegistry registry) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The sample of a per-line series for one session (labels in whatever order the writer puts them). */
    private static long lineSample(String text, String name, long sessionId) {
        String session = "session=\"" + Long.toHexString(sessionId) + "\"";
        return text.lines().filter(l -> l.startsWith(name + "{") && l.contains(session))
            .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
            .orElseThrow(() -> new AssertionError("no " + name + " for " + session + " in\n" + text));
    }

    /** The value of the sample line that starts with {@code series} exactly (name and labels). */
    static double value(String text, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + series + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

}
