package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Replay sends a capture's lines verbatim, paced by its receive-time gaps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReplayTest {
    /** The shared corpus sits beside the project; tests using it skip where it is absent. */
    private static final Path CORPUS = Paths.get(System.getProperty("binance.corpus", "../../shared/binance-corpus"));

    @Test
    void replaysOwnFixtureVerbatimWithTheSidecarsGaps(@TempDir Path dir) throws Exception {
        List<String> lines = List.of(
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093421613,\"s\":\"BTCUSDT\",\"b\":\"61685.99000000\",\"B\":\"1.25869000\",\"a\":\"61686.00000000\",\"A\":\"2.44816000\"}}",
            "{\"result\":null,\"id\":1}",
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093421622,\"s\":\"BTCUSDT\",\"b\":\"61685.99000000\",\"B\":\"0.88739000\",\"a\":\"61686.00000000\",\"A\":\"2.44816000\"}}");
        Path file = Files.write(dir.resolve("capture.jsonl"), lines, StandardCharsets.UTF_8);
        // 0, +10 ms, +210 ms at speed 2 -> 0, 5, 105 ms
        Path recv = Files.write(dir.resolve("capture.recv_ns.txt"),
            List.of("1723161600000000000", "1723161600010000000", "1723161600210000000"), StandardCharsets.UTF_8);
        List<SentQuote> sent = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = ExchangeSimulator.builder().replay(file, Optional.of(recv), 2.0)
            .generateAfterConnections(1).start()) {
            sim.addSentListener(sent::add);
            TestClient client = TestClient.open(sim.combinedStreamUri());
            assertEquals(lines, client.next(3));
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            assertEquals(3, sim.updatesGenerated());
            assertEquals(2, sent.size(), "the ack line is no quote");
            assertEquals(50093421622L, sent.get(1).updateId());
            assertEquals("0.88739000", sent.get(1).bidQty());
            long gapNs = sent.get(1).dueNanos() - sent.get(0).dueNanos();
            assertEquals(TimeUnit.MILLISECONDS.toNanos(105), gapNs);
        }
    }

    @Test
    void replaysTheRealSpotCaptureWhenTheCorpusIsPresent() throws Exception {
        Path file = CORPUS.resolve("hftbacktest-spot-btcusdt-2024-08-09.jsonl");
        Path recv = CORPUS.resolve("hftbacktest-spot-btcusdt-2024-08-09.recv_ns.txt");
        assumeTrue(Files.isRegularFile(file) && Files.isRegularFile(recv), "corpus not present at " + CORPUS);
        List<String> expected = Files.readAllLines(file, StandardCharsets.UTF_8).subList(0, 2_000);
        // 2,000 lines span about 13 s of real time; at 100x that is well under a second.
        try (ExchangeSimulator sim = ExchangeSimulator.builder().replay(file, Optional.of(recv), 100.0)
            .maxMessages(expected.size()).generateAfterConnections(1).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            List<String> received = client.next(expected.size());
            assertEquals(expected, received);
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            assertNull(client.messages.poll(100, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void describesCorpusLinesAsQuotes() throws Exception {
        Path file = CORPUS.resolve("hftbacktest-usdm-btcusdt-2024-08-08.jsonl");
        assumeTrue(Files.isRegularFile(file), "corpus not present at " + CORPUS);
        String first = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        SentQuote q = ReplaySource.describe(first);
        assertNotNull(q);
        assertEquals("BTCUSDT", q.symbol());
        assertTrue(q.eventTimeMs() > 1_700_000_000_000L);
        assertTrue(q.rawJson().startsWith("{\"e\":\"bookTicker\""));
        // The generated futures text has the same key order as the real capture.
        assertEquals(BookTickerJson.raw(q.rawJson()).keys(), List.of("e", "u", "s", "b", "B", "a", "A", "T", "E"));
    }
}
