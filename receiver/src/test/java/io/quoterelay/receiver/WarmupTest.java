package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The start-up warm-up runs the real quote path and leaves no trace anywhere a user looks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WarmupTest {
    private static final int QUOTES = 3_000;

    private RelayReceiver.Builder builder() {
        RelayReceiver.Builder b = ReceiverRig.builder().warmupQuotes(QUOTES);
        b.warmupBudget = Duration.ofSeconds(30); // a loaded CI host must not cut the quota short
        return b;
    }

    @Test
    void relaysItsQuotaThroughTheQuotePathWithoutTheExecutorOrStatsSeeingAny() throws Exception {
        List<Quote> received = new CopyOnWriteArrayList<>();
        try (RelayReceiver receiver = builder().onQuote(received::add).start()) {
            Warmup w = receiver.warmup();
            awaitOutcome(w);
            assertEquals("complete", w.outcome());
            assertEquals(QUOTES, w.delivered());
            assertTrue(w.dispatchThread().getName().startsWith("quoterelay-receiver-io-"),
                "decoded and dispatched on the quote thread, as real quotes are: " + w.dispatchThread().getName());
            assertTrue(received.isEmpty(), "the executor saw warm-up quotes");
            ReceiverStats s = receiver.stats();
            assertEquals(0, s.accounting().delivered());
            assertEquals(0, s.sessions().size());
            assertNull(receiver.latest("BTCUSDT"));
        }
    }

    @Test
    void pollingModeIsWarmedThroughItsRingAndPollReturnsNothing() throws Exception {
        try (RelayReceiver receiver = builder().polling(4096).start()) {
            Warmup w = receiver.warmup();
            awaitOutcome(w);
            assertEquals("complete", w.outcome());
            assertEquals(QUOTES, w.delivered());
            assertEquals(0, receiver.poll(q -> { }, 100));
            assertEquals(0, receiver.stats().accounting().delivered());
        }
    }

    @Test
    void stopsAsSoonAsARealConnectionArrivesAndClosesItsPort() throws Exception {
        try (RelayReceiver receiver = builder().warmupQuotes(50_000_000).onQuote(q -> { }).start()) {
            Warmup w = receiver.warmup();
            awaitPort(w);
            int warmupPort = w.port();
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), receiver.port())) {
                awaitOutcome(w);
            }
            assertEquals("a connection arrived", w.outcome());
            assertTrue(w.delivered() < 50_000_000);
            assertThrows(IOException.class, () -> awaitRefused(warmupPort));
        }
    }

    @Test
    void zeroTurnsItOff() {
        try (RelayReceiver receiver = builder().warmupQuotes(0).onQuote(q -> { }).start()) {
            assertNull(receiver.warmup());
        }
        assertThrows(IllegalArgumentException.class, () -> builder().warmupQuotes(-1).onQuote(q -> { }).start());
    }

    private static void awaitOutcome(Warmup w) throws InterruptedException {
        for (int i = 0; i < 4_000 && w.outcome() == null; i++) {
            Thread.sleep(5);
        }
        assertTrue(w.outcome() != null, "warm-up still running after 20 s at " + w.delivered() + " quotes");
    }

    private static void awaitPort(Warmup w) throws InterruptedException {
        for (int i = 0; i < 2_000 && w.port() == 0; i++) {
            Thread.sleep(5);
        }
        assertTrue(w.port() != 0, "warm-up port never bound");
    }

    /** Throws once nothing listens on {@code port} any more (a closing listener may take a moment). */
    private static void awaitRefused(int port) throws IOException, InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                Thread.sleep(5);
            }
        }
    }
}
