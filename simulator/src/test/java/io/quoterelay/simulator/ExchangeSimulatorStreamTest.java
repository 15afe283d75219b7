package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a Binance client sees on the wire: shapes, key order, decimals, update ids, counts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExchangeSimulatorStreamTest {
    private static final Pattern SPOT_DECIMAL = Pattern.compile("[0-9]+\\.[0-9]{8}");
    private static final Pattern PRICE_2DP = Pattern.compile("[0-9]+\\.[0-9]{2}");
    private static final Pattern QTY_3DP = Pattern.compile("[0-9]+\\.[0-9]{3}");
    private static final long TWO_POW_31 = 1L << 31;

    @Test
    void combinedSpotStreamHasBinanceShapeEightDecimalsAndRisingUpdateIds() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .ratePerSecond(2_000).generateAfterConnections(1).maxMessages(300).start()) {
            URI uri = sim.combinedStreamUri();
            assertEquals("ws://127.0.0.1:" + sim.port() + "/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker",
                uri.toString());
            TestClient client = TestClient.open(uri);
            long previousU = 0;
            Set<String> seen = new java.util.HashSet<>();
            for (String text : client.next(300)) {
                BookTickerJson m = BookTickerJson.combined(text);
                assertEquals(List.of("u", "s", "b", "B", "a", "A"), m.keys(), text);
                String symbol = m.string("s");
                assertEquals(symbol.toLowerCase() + "@bookTicker", m.stream);
                seen.add(symbol);
                long u = m.number("u");
                assertTrue(u > TWO_POW_31, text);
                assertTrue(u > previousU, "u must rise strictly: " + text);
                previousU = u;
                for (String k : List.of("b", "B", "a", "A")) {
                    assertTrue(SPOT_DECIMAL.matcher(m.string(k)).matches(), k + " in " + text);
                }
                assertTrue(new java.math.BigDecimal(m.string("b")).compareTo(new java.math.BigDecimal(m.string("a"))) < 0,
                    "bid < ask: " + text);
            }
            assertEquals(Set.of("BTCUSDT", "ETHUSDT"), seen);
            client.close();
        }
    }

    @Test
    void futuresCombinedStreamCarriesEventAndTransactionTimes() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().market(Market.USDM_FUTURES).symbols("BTCUSDT")
            .ratePerSecond(1_000).generateAfterConnections(1).maxMessages(50).start()) {
            assertTrue(sim.combinedStreamUri().getPath().equals("/public/stream"));
            TestClient client = TestClient.open(sim.combinedStreamUri());
            long now = System.currentTimeMillis();
            for (String text : client.next(50)) {
                BookTickerJson m = BookTickerJson.combined(text);
                assertEquals("btcusdt@bookTicker", m.stream);
                assertEquals(List.of("e", "u", "s", "b", "B", "a", "A", "T", "E"), m.keys(), text);
                assertEquals("bookTicker", m.string("e"));
                assertTrue(m.number("u") > TWO_POW_31);
                assertTrue(PRICE_2DP.matcher(m.string("b")).matches(), text);
                assertTrue(PRICE_2DP.matcher(m.string("a")).matches(), text);
                assertTrue(QTY_3DP.matcher(m.string("B")).matches(), text);
                assertTrue(QTY_3DP.matcher(m.string("A")).matches(), text);
                assertTrue(Math.abs(m.number("E") - now) < 60_000, text);
                assertTrue(m.number("T") <= m.number("E"), text);
            }
            client.close();
        }
    }

    @Test
    void futuresPositionFieldsFollowThePostMigrationOrder() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().market(Market.USDM_FUTURES).symbols("ETHUSDT")
            .futuresPositionFields(true).generateAfterConnections(1).maxMessages(5).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            BookTickerJson m = BookTickerJson.combined(client.next());
            assertEquals(List.of("e", "u", "s", "ps", "b", "B", "a", "A", "T", "E", "st"), m.keys());
            assertEquals("ETHUSDT", m.string("ps"));
            assertEquals(1, m.number("st"));
            client.close();
        }
    }

    @Test
    void rawPathSendsTheInnerObjectAlone() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().market(Market.USDM_FUTURES)
            .symbols("BTCUSDT", "ETHUSDT").ratePerSecond(1_000).generateAfterConnections(1).maxMessages(100).start()) {
            assertEquals("/public/ws/ethusdt@bookTicker", sim.rawStreamUri("ETHUSDT").getPath());
            TestClient client = TestClient.open(sim.rawStreamUri("ETHUSDT"));
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            String text = client.next();
            assertTrue(text.startsWith("{\"e\":\"bookTicker\""), text);
            BookTickerJson m = BookTickerJson.raw(text);
            assertEquals("ETHUSDT", m.string("s"));
            // Only the subscribed symbol arrives.
            for (String more; (more = client.messages.poll()) != null; ) {
                assertEquals("ETHUSDT", BookTickerJson.raw(more).string("s"));
            }
            client.close();
        }
    }

    @Test
    void maxMessagesGeneratesExactlyThatManyAndTheClientReceivesThemAll() throws Exception {
        int n = 5_000;
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT", "SOLUSDT")
            .ratePerSecond(50_000).maxMessages(n).generateAfterConnections(1).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            assertEquals(n, sim.updatesGenerated());
            assertEquals(n, sim.messagesSent());
            assertEquals(n, client.next(n).size());
            assertNull(client.messages.poll(200, TimeUnit.MILLISECONDS), "nothing beyond maxMessages");
            client.close();
        }
    }

    @Test
    void sentListenerSeesEveryUpdateInWireOrderWithTheExactText() throws Exception {
        int n = 500;
        List<SentQuote> sent = new CopyOnWriteArrayList<>();
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .ratePerSecond(5_000).maxMessages(n).generateAfterConnections(2).start()) {
            sim.addSentListener(sent::add);
            TestClient combined = TestClient.open(sim.combinedStreamUri());
            TestClient raw = TestClient.open(sim.rawStreamUri("BTCUSDT"));
            List<String> combinedTexts = combined.next(n);
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            assertEquals(n, sent.size());
            assertEquals(n + sent.stream().filter(q -> q.symbol().equals("BTCUSDT")).count(), sim.messagesSent());
            List<String> rawExpected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                SentQuote q = sent.get(i);
                assertEquals(i, q.index());
                assertEquals(q.combinedJson(), combinedTexts.get(i));
                BookTickerJson m = BookTickerJson.combined(combinedTexts.get(i));
                assertEquals(q.symbol(), m.string("s"));
                assertEquals(q.updateId(), m.number("u"));
                assertEquals(q.bid(), m.string("b"));
                assertEquals(q.bidQty(), m.string("B"));
                assertEquals(q.ask(), m.string("a"));
                assertEquals(q.askQty(), m.string("A"));
                assertEquals(-1, q.eventTimeMs());
                assertTrue(q.sentNanos() >= q.dueNanos());
                if (q.symbol().equals("BTCUSDT")) {
                    rawExpected.add(q.rawJson());
                }
            }
            assertEquals(rawExpected, raw.next(rawExpected.size()));
            combined.close();
            raw.close();
        }
    }

    @Test
    void portZeroBindsAnEphemeralPortAndCloseStopsTheServer() throws Exception {
        ExchangeSimulator sim = ExchangeSimulator.builder().port(0).start();
        int port = sim.port();
        assertTrue(port > 0);
        TestClient client = TestClient.open(sim.combinedStreamUri());
        assertTrue(sim.awaitConnections(1, TestClient.WAIT));
        sim.close();
        assertTrue(client.awaitClose() != null);
        sim.close(); // idempotent
        TestClient late = new TestClient(URI.create("ws://127.0.0.1:" + port + "/stream"));
        assertTrue(!late.connectBlocking(2, TimeUnit.SECONDS));
    }

    @Test
    void awaitConnectionsGivesUpAtTheDeadline() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().start()) {
            long t0 = System.nanoTime();
            assertTrue(!sim.awaitConnections(1, Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
        }
    }
}
