package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.prometheus.ReceiverMetricsEndpoint;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thread names embedding.md lists and the metric names operations.md lists are the ones a
 * running receiver and sender actually have: read off live threads and scraped from their real
 * {@code /metrics} endpoints, both ways (nothing documented is missing, nothing running is undocumented).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DocsNameRunningSystemTest {
    /** The threads a receiver starts, by name (the sender's and the test's are not the guide's subject). */
    private static final Pattern RECEIVER_THREAD = Pattern.compile("quoterelay-receiver-.*|HTTP-Dispatcher|idle-timeout-task");

    @TempDir
    Path dir;

    @Test
    void threadsAndMetricsNamedInTheGuidesAreTheRunningOnes() throws Exception {
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(200))) {
            // Threads come and go: the warm-up's while no sender is connected (made to last longer
            // than this test looks), the metrics answerer from the first request, the I/O thread
            // from the first sender. Their names are gathered at each stage. The metrics are the
            // optional receiver-prometheus module's endpoint, as embedding.md shows it.
            rig.startReceiver(b -> b.warmupQuotes(Integer.MAX_VALUE));
            ReceiverMetricsEndpoint endpoint = ReceiverMetricsEndpoint.start(rig.receiver, "127.0.0.1", 0);
            Set<String> threads = receiverThreads();
            get(endpoint.port(), "/metrics");
            threads.addAll(receiverThreads());
            rig.startSender(b -> b.metricsPort(0).metricsBindAddress("127.0.0.1"));
            Await.until("quotes through the pair", RelayRig.WAIT, () -> rig.delivered.size() >= 10);
            threads.addAll(receiverThreads());
            String receiverMetrics = get(endpoint.port(), "/metrics");
            String senderMetrics = get(rig.sender.metricsPort(), "/metrics");

            assertThreadsAsDocumented(threads);
            assertMetricsAsDocumented("### Receiver (`quoterelay_receiver_", "quoterelay_receiver_", receiverMetrics);
            assertMetricsAsDocumented("### Sender (`quoterelay_sender_", "quoterelay_sender_", senderMetrics);
            assertFullNamesScraped(receiverMetrics + senderMetrics);
            endpoint.close();
        }
    }

    private static void assertThreadsAsDocumented(Set<String> live) {
        List<Pattern> documented = new ArrayList<>();
        for (String cell : DocsText.firstColumn(DocsText.read("docs/embedding.md"), "## Threads, all of them")) {
            Matcher m = Pattern.compile("`([A-Za-z]+(?:-[A-Za-z0-9*]+)+)`").matcher(cell);
            while (m.find()) {
                documented.add(Pattern.compile(m.group(1).replace("*", ".*").replace("-N-", "-\\d+-")));
            }
        }
        assertTrue(documented.size() >= 6, "embedding.md's thread table: " + documented);
        for (Pattern p : documented) {
            assertTrue(live.stream().anyMatch(t -> p.matcher(t).matches()),
                "embedding.md lists a thread `" + p + "` that a running receiver does not have; it has " + live);
        }
        for (String t : live) {
            assertTrue(documented.stream().anyMatch(p -> p.matcher(t).matches()),
                "thread " + t + " of a running receiver is not in embedding.md's thread table");
        }
    }

    /** The table after {@code heading} against the metric families in a real scrape, names without the prefix. */
    private static void assertMetricsAsDocumented(String heading, String prefix, String scrape) {
        Set<String> documented = new TreeSet<>();
        for (String cell : DocsText.firstColumn(DocsText.read("docs/operations.md"), heading)) {
            Matcher m = Pattern.compile("`(\\w+)(?:\\{[^`]*\\})?`").matcher(cell);
            while (m.find()) {
                documented.add(withoutTotal(m.group(1)));
            }
        }
        Set<String> scraped = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^# TYPE " + prefix + "(\\w+) ").matcher(scrape);
        while (m.find()) {
            scraped.add(withoutTotal(m.group(1)));
        }
        assertTrue(scraped.size() >= 10, "a real scrape has the families:\n" + scrape);
        assertEquals(scraped, documented, "operations.md's table after '" + heading + "' against a real scrape");
    }

    /** Full metric names anywhere in the guides (`quoterelay_receiver_gaps_total`) appear in a scrape. */
    private static void assertFullNamesScraped(String scrapes) {
        for (String guide : DocsText.guides()) {
            for (String name : DocsText.inCodeSpans(Pattern.compile("(quoterelay_(?:receiver|sender)_\\w+)"),
                DocsText.read(guide))) {
                assertTrue(Pattern.compile("(?m)^" + name + "[{ _]").matcher(scrapes).find(),
                    guide + " names metric " + name + ", which neither service exports");
            }
        }
    }

    private static String withoutTotal(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    }

    private static Set<String> receiverThreads() {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (RECEIVER_THREAD.matcher(t.getName()).matches()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    private static String get(int port, String path) throws IOException {
        URL url = URI.create("http://127.0.0.1:" + port + path).toURL();
        try (InputStream in = url.openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
