package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Faults of one connection while the others carry on: what hot-hot clients are tested against. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerConnectionFaultTest {
    private static final int UPDATES = 400;

    private static ExchangeSimulator.Builder twoClients() {
        return ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(2_000).generateAfterConnections(2)
            .maxMessages(UPDATES);
    }

    /** Opens a, then b, so that connection(0) is a and connection(1) is b. */
    private static TestClient[] open(ExchangeSimulator sim) throws InterruptedException {
        TestClient a = TestClient.open(sim.combinedStreamUri());
        assertTrue(sim.awaitConnections(1, TestClient.WAIT));
        TestClient b = TestClient.open(sim.combinedStreamUri());
        assertTrue(sim.awaitConnections(2, TestClient.WAIT));
        return new TestClient[] {a, b};
    }

    private static List<Long> updateIds(TestClient c, int n) throws InterruptedException, IOException {
        List<Long> out = new ArrayList<>();
        for (String m : c.next(n)) {
            out.add(updateId(m));
        }
        return out;
    }

    /** BookTickerJson keeps numbers as "#digits". */
    private static long updateId(String combinedText) throws IOException {
        return Long.parseLong(BookTickerJson.combined(combinedText).data.get("u").substring(1));
    }

    @Test
    void jitteredConnectionsGetEveryUpdateInOrderButEachWinsSomeRaces() throws Exception {
        try (ExchangeSimulator sim = twoClients().perConnectionJitter(Duration.ofMillis(2)).start()) {
            TestClient[] c = open(sim);
            List<Long> a = updateIds(c[0], UPDATES);
            List<Long> b = updateIds(c[1], UPDATES);
            assertEquals(a, b, "both connections carry the same updates");
            for (int i = 1; i < a.size(); i++) {
                assertTrue(a.get(i) > a.get(i - 1), "in order at " + i);
            }
            int aFirst = 0;
            int bFirst = 0;
            for (String text : c[0].arrivalNanos.keySet()) {
                long ta = c[0].arrivalNanos.get(text);
                long tb = c[1].arrivalNanos.get(text);
                if (ta < tb) {
                    aFirst++;
                } else if (tb < ta) {
                    bFirst++;
                }
            }
            assertTrue(aFirst > 0 && bFirst > 0, "independent jitter: a first " + aFirst + ", b first " + bFirst);
        }
    }

    @Test
    void aDelayedConnectionGetsEachUpdateAtLeastTheDelayAfterItWasDue() throws Exception {
        Map<Long, Long> dueByU = new ConcurrentHashMap<>();
        try (ExchangeSimulator sim = twoClients().connectionDelays(List.of(Duration.ZERO, Duration.ofMillis(50))).start()) {
            sim.addSentListener(q -> dueByU.put(q.updateId(), q.dueNanos()));
            TestClient[] c = open(sim);
            updateIds(c[0], UPDATES);
            List<String> late = c[1].next(UPDATES);
            for (String text : late) {
                long u = updateId(text);
                long lateBy = c[1].arrivalNanos.get(text) - dueByU.get(u);
                assertTrue(lateBy >= TimeUnit.MILLISECONDS.toNanos(50), "u=" + u + " only " + lateBy + " ns after due");
            }
        }
    }

    @Test
    void stallingOneConnectionSilencesItAloneAndCountsWhatItMissed() throws Exception {
        try (ExchangeSimulator sim = twoClients().maxMessages(0).start()) {
            TestClient[] c = open(sim);
            c[0].next();
            sim.connection(0).stall(true);
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            while (sim.connection(0).stalledMessages() < 50 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(sim.connection(0).stalledMessages() >= 50);
            c[0].messages.clear(); // what was in flight before the stall
            c[1].messages.clear();
            c[1].next(50);
            assertTrue(c[0].messages.isEmpty(), "the stalled connection got " + c[0].messages.size());
            assertTrue(c[0].isOpen());
            sim.connection(0).stall(false);
            c[0].next();
        }
    }

    @Test
    void cuttingOneConnectionLeavesTheOtherDelivering() throws Exception {
        try (ExchangeSimulator sim = twoClients().maxMessages(0).start()) {
            TestClient[] c = open(sim);
            c[0].next();
            sim.connection(0).cut();
            assertEquals(1006, c[0].awaitClose().code());
            c[1].messages.clear();
            c[1].next(20);
            assertTrue(c[1].isOpen());
            assertEquals(1, sim.connections().size());
            assertThrows(IllegalArgumentException.class, () -> sim.connection(1));
        }
    }

    @Test
    void rawTextGoesToTheAddressedConnectionOnly() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().ratePerSecond(1).start()) {
            TestClient[] c = open(sim);
            sim.connection(1).sendRawText("{\"only\":\"b\"}");
            sim.connection(0).sendRawText("{\"only\":\"a\"}");
            assertEquals("{\"only\":\"b\"}", c[1].nextNonQuote());
            // The connection's own text came after b's was written: b's would have arrived before it.
            assertEquals("{\"only\":\"a\"}", c[0].nextNonQuote());
            assertTrue(c[0].messages.stream().noneMatch(m -> m.contains("\"b\"")));
        }
    }
}
