package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The benchmark mode: {@code u} carries each update's due time from the open-loop schedule. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DueTimeUpdateIdsTest {

    @Test
    void updateIdIsTheScheduledDueTimeInNanoTimeAndRisesStrictly() throws Exception {
        Map<Long, SentQuote> sent = new ConcurrentHashMap<>();
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT").ratePerSecond(5_000)
            .dueTimeUpdateIds(true).generateAfterConnections(1).maxMessages(200).start()) {
            sim.addSentListener(q -> sent.put(q.index(), q));
            long before = System.nanoTime();
            TestClient client = TestClient.open(sim.combinedStreamUri());
            List<String> texts = client.next(200);
            long after = System.nanoTime();
            long previous = 0;
            for (String text : texts) {
                BookTickerJson m = BookTickerJson.combined(text);
                assertEquals(List.of("u", "s", "b", "B", "a", "A"), m.keys(), text);
                long u = m.number("u");
                assertTrue(u > previous, "strictly rising: " + text);
                assertTrue(u >= before && u <= after, "a nanoTime within the run: " + text);
                previous = u;
            }
            assertTrue(sim.awaitGeneratorFinished(java.time.Duration.ofSeconds(10)));
            // Every listener record agrees: u == dueNanos, and consecutive due times are 1e9 / rate apart.
            for (long k = 1; k < 200; k++) {
                SentQuote q = sent.get(k);
                if (q != null && sent.get(k - 1) != null) {
                    assertEquals(q.dueNanos(), q.updateId());
                    assertEquals(200_000, q.dueNanos() - sent.get(k - 1).dueNanos());
                }
            }
            client.close();
        }
    }

    @Test
    void refusedForReplay() {
        assertThrows(IllegalArgumentException.class, () -> ExchangeSimulator.builder().dueTimeUpdateIds(true)
            .replay(Path.of("x.jsonl"), Optional.empty(), 1.0).start());
    }
}
