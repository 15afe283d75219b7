package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The faults and control traffic a sender must survive, each switched on by a test. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExchangeSimulatorFaultTest {

    private static ExchangeSimulator.Builder streaming() {
        return ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(500);
    }

    @Test
    void dropClosesTheSocketWithoutACloseFrame() throws Exception {
        try (ExchangeSimulator sim = streaming().start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            client.next();
            sim.dropAllConnections();
            TestClient.Close close = client.awaitClose();
            assertEquals(1006, close.code(), close.toString());
            assertTrue(close.remote());
        }
    }

    @Test
    void closeAllSendsThePoliteCloseFrameWithCodeAndReason() throws Exception {
        try (ExchangeSimulator sim = streaming().start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            assertTrue(sim.awaitConnections(1, TestClient.WAIT));
            sim.closeAllConnections(1008, "policy test");
            TestClient.Close close = client.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("policy test", close.reason());
        }
    }

    @Test
    void stallKeepsTheConnectionOpenButSendsNothingAndCountsWhatWasSwallowed() throws Exception {
        try (ExchangeSimulator sim = streaming().ratePerSecond(2_000).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            client.next();
            sim.stall(true);
            // stall(true) waits out an update in flight: from here on the count must not move.
            long sentAtStall = sim.messagesSent();
            long stalledBefore = sim.stalledUpdates();
            long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
            while (sim.stalledUpdates() < stalledBefore + 50 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertTrue(sim.stalledUpdates() >= stalledBefore + 50);
            assertEquals(sentAtStall, sim.messagesSent());
            assertTrue(client.isOpen());
            // Everything sent before the stall arrives (one taken above, the rest queued), then nothing.
            while (1 + client.messages.size() < sentAtStall && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertEquals(sentAtStall, 1 + client.messages.size(), "what was sent before the stall arrived");
            client.messages.clear();
            assertNull(client.messages.poll(100, TimeUnit.MILLISECONDS));
            sim.stall(false);
            BookTickerJson.combined(client.next());
        }
    }

    @Test
    void rawTextReachesEveryConnectionVerbatim() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().start()) {
            TestClient a = TestClient.open(sim.combinedStreamUri());
            TestClient b = TestClient.open(sim.rawStreamUri("BTCUSDT"));
            assertTrue(sim.awaitConnections(2, TestClient.WAIT));
            for (String text : new String[] {
                "{not json",
                "{\"result\":null,\"id\":1}",
                "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}",
                "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}"}) {
                sim.sendRawText(text);
                assertEquals(text, a.nextNonQuote());
                assertEquals(text, b.nextNonQuote());
            }
        }
    }

    @Test
    void subscribeIsAcknowledgedAndStartsTheStream() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .ratePerSecond(1_000).start()) {
            TestClient client = TestClient.open(URI.create("ws://127.0.0.1:" + sim.port() + "/stream"));
            assertNull(client.messages.poll(100, TimeUnit.MILLISECONDS), "no streams yet, no data");
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":1}");
            assertEquals("{\"result\":null,\"id\":1}", client.next());
            BookTickerJson m = BookTickerJson.combined(client.next());
            assertEquals("ETHUSDT", m.string("s"));
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");
            assertEquals("{\"result\":[\"ethusdt@bookTicker\"],\"id\":3}", client.nextNonQuote());
            client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@bookTicker\"],\"id\":4}");
            assertEquals("{\"result\":null,\"id\":4}", client.nextNonQuote());
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@bookTicker\"],\"id\":5}");
            assertEquals("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":5}",
                client.nextNonQuote());
            // A fifth request on this connection would be fine, a sixth not: garbage goes on a fresh one.
            TestClient other = TestClient.open(URI.create("ws://127.0.0.1:" + sim.port() + "/ws"));
            other.send("{not json");
            assertEquals("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 2\"},\"id\":null}",
                other.next());
            assertEquals(5, sim.clientRequests());
        }
    }

    @Test
    void moreThanFiveRequestsInOneSecondIsClosedWith1008() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().start()) {
            TestClient client = TestClient.open(URI.create("ws://127.0.0.1:" + sim.port() + "/ws"));
            for (int i = 1; i <= 6; i++) {
                client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":" + i + "}");
            }
            TestClient.Close close = client.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("Too many requests", close.reason());
            assertEquals(1, sim.rateLimitCloses());
        }
    }

    @Test
    void connectionLifetimeEndsEachConnection() throws Exception {
        try (ExchangeSimulator sim = streaming().connectionLifetime(Duration.ofMillis(300)).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            long t0 = System.nanoTime();
            TestClient.Close close = client.awaitClose();
            assertEquals(1000, close.code());
            assertTrue(close.reason().contains("lifetime"), close.reason());
            assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));
            assertEquals(0, waitForZero(sim));
        }
    }

    private static int waitForZero(ExchangeSimulator sim) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.WAIT.toNanos();
        while (sim.connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return sim.connectionCount();
    }

    @Test
    void clientThatNeverAnswersPingsIsDroppedAfterThePongTimeout() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().pingInterval(Duration.ofMillis(100))
            .pongTimeout(Duration.ofMillis(300)).start()) {
            TestClient silent = new TestClient(sim.combinedStreamUri(), false);
            silent.connectOrFail();
            TestClient polite = TestClient.open(sim.combinedStreamUri());
            assertEquals(1006, silent.awaitClose().code());
            assertFalse(polite.closed.isDone(), "a client that answers pings stays connected");
        }
    }

    @Test
    void unknownPathIsRefusedAtTheHandshake() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().start()) {
            TestClient client = new TestClient(URI.create("ws://127.0.0.1:" + sim.port() + "/api/v3/ticker"));
            assertFalse(client.connectBlocking(5, TimeUnit.SECONDS));
            assertEquals(1, sim.handshakesRejected());
            assertEquals(0, sim.connectionsAccepted());
        }
    }

    @Test
    void refusingNewConnectionsLeavesOpenOnesAlone() throws Exception {
        try (ExchangeSimulator sim = streaming().start()) {
            TestClient open = TestClient.open(sim.combinedStreamUri());
            open.next();
            sim.refuseNewConnections(true);
            TestClient refused = new TestClient(sim.combinedStreamUri());
            assertFalse(refused.connectBlocking(5, TimeUnit.SECONDS));
            assertEquals(1, sim.handshakesRejected());
            open.messages.clear();
            open.next(); // still fed
            sim.refuseNewConnections(false);
            TestClient.open(sim.combinedStreamUri()).next();
            assertEquals(2, sim.connectionsAccepted());
        }
    }

    @Test
    void startFailsClearlyWhenThePortIsTaken() throws Exception {
        try (ExchangeSimulator first = ExchangeSimulator.builder().start()) {
            CountDownLatch failed = new CountDownLatch(1);
            try (ExchangeSimulator second = ExchangeSimulator.builder().port(first.port()).start()) {
                throw new AssertionError("second simulator bound the same port " + second.port());
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage().contains(String.valueOf(first.port())), e.getMessage());
                failed.countDown();
            }
            assertEquals(0, failed.getCount());
        }
    }

    /** Issue 13.2: ten bytes announcing a 2 GB frame cost the simulator that connection, not its memory. */
    @Test
    void frameHeaderAnnouncingTwoGigabytesIsRefusedWith1009AndTheServerServesOn() throws Exception {
        try (ExchangeSimulator sim = streaming().start()) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", sim.port())) {
                s.setSoTimeout(10_000);
                java.io.OutputStream out = s.getOutputStream();
                out.write(("GET /stream?streams=btcusdt@bookTicker HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                // A masked final text frame, 64-bit length 2^31-1, mask key 0: no payload follows.
                out.write(new byte[] {(byte) 0x81, (byte) 0xFF, 0, 0, 0, 0, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 0});
                out.flush();
                byte[] all = s.getInputStream().readAllBytes(); // until the server closes
                String text = new String(all, java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("HTTP/1.1 101"), text.substring(0, Math.min(40, text.length())));
                int close = text.lastIndexOf((char) 0x88);
                assertTrue(close > 0, "a close frame");
                int code = ((all[close + 2] & 0xFF) << 8) | (all[close + 3] & 0xFF);
                assertEquals(1009, code, "close code: message too big");
            }
            TestClient client = TestClient.open(sim.combinedStreamUri());
            client.next();
        }
    }
}
