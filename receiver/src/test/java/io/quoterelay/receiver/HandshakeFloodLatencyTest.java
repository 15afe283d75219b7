package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a handshake flood costs the genuine flow: a sender at a fixed 200 quotes/s over real TLS on
 * loopback, quiet, then while strangers flood handshakes (no certificate, another CA, plain
 * garbage) from another loopback address, then quiet again. Prints each phase's latency, sender
 * stamp (the intended send time, so a stalled send is not forgiven) to the executor's callback; asserts only
 * that every quote arrived. Timing is the machine's, not a pass/fail criterion:
 * {@code ./mvnw -pl receiver -am verify -Dtest=HandshakeFloodLatencyTest -Dsurefire.failIfNoSpecifiedTests=false}.
 * {@code -Dquoterelay.flood.seconds=N} lengthens each phase (default 3); {@code -Dquoterelay.flood.rateLimit=N}
 * sets the receiver's per-address handshake limit (default 0, none: every flood connection costs a handshake).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HandshakeFloodLatencyTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long PERIOD_NS = TimeUnit.MILLISECONDS.toNanos(5);
    @TempDir
    static Path dir;

    /** CPU time of the live threads whose names start with {@code prefix}; 0 if there are none. */
    private static long threadCpuNs(String prefix) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix))
            .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
    }

    /** A connection cuts the warm-up short: let it finish, as it does before a real sender's first connection. */
    private static FrameTestClient connectAfterWarmup(RelayReceiver receiver, TestPki pki, EpochNanoClock clock)
        throws InterruptedException {
        Await.until("warm-up", WAIT, () -> receiver.warmup() == null || receiver.warmup().outcome() != null);
        return FrameTestClient.connect("127.0.0.1", receiver.port(),
            pki.clientTls(), true, clock);
    }

    @Test
    void printsTheGenuineFlowsLatencyQuietAndDuringAFlood() throws Exception {
        TestPki pki = TestPki.create(dir);
        int seconds = Integer.getInteger("quoterelay.flood.seconds", 3);
        int perPhase = seconds * 200;
        EpochNanoClock clock = EpochNanoClock.system();
        long[] latencyNs = new long[3 * perPhase + 1];
        try (RelayReceiver receiver = RelayReceiver.builder().port(0).bindAddress("0.0.0.0")
            .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)
            // By default the flood reaches TLS, the costly case; with the default per-address limit
            // (-Dquoterelay.flood.rateLimit=5) most of it is refused at accept.
            .handshakeRateLimit(Integer.getInteger("quoterelay.flood.rateLimit", 0))
            .onQuote(q -> latencyNs[(int) q.seq()] = clock.epochNanos() - q.sendTimeNs()).start();
             FrameTestClient good = connectAfterWarmup(receiver, pki, clock)) {
            good.send(new ControlFrame.Hello(ControlFrame.Role.SENDER, 0xbe7c, FrameFormat.PROTOCOL_VERSION, 1));
            QuoteFrame q = new QuoteFrame().symbol("BTCUSDT").exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8);
            long seq = 0;
            long next = System.nanoTime();
            long epochAtNext = clock.epochNanos();
            HandshakeFlood flood = null;
            long floodAttempts = 0;
            // CPU time, unlike latency, does not depend on what else the machine runs: what the quote
            // thread and the handshake thread spent in each phase.
            long[][] cpuNs = new long[3][2];
            for (int phase = 0; phase < 3; phase++) {
                long[] cpuAtStart = {threadCpuNs("quoterelay-receiver-io-"), threadCpuNs("quoterelay-receiver-handshake-")};
                if (phase == 1) {
                    flood = new HandshakeFlood("127.0.0.1", receiver.port(), "127.0.0.2",
                        pki.anonymousClientTls(), pki.strangerClientTls(), 16)
                        .start();
                }
                for (int i = 0; i < perPhase; i++) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    // Stamped with the intended send time: a send held up by the flood counts in full.
                    good.send(q.seq(++seq).updateId(seq).sendTimeNs(epochAtNext));
                    next += PERIOD_NS;
                    epochAtNext += PERIOD_NS;
                }
                if (phase == 1) {
                    flood.close();
                    floodAttempts = flood.attempts();
                }
                cpuNs[phase][0] = threadCpuNs("quoterelay-receiver-io-") - cpuAtStart[0];
                cpuNs[phase][1] = threadCpuNs("quoterelay-receiver-handshake-") - cpuAtStart[1];
            }
            long last = seq;
            // Quotes of the symbol that met in one read reach the executor as the newest (no latency sample here).
            Await.until("every quote", WAIT,
                () -> receiver.stats().accounting().delivered() + receiver.stats().accounting().conflatedAtReceiver() == last);
            assertEquals(0, receiver.stats().accounting().gaps());
            String[] names = {"quiet", "flood", "quiet again"};
            for (int phase = 0; phase < 3; phase++) {
                Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                for (int i = phase * perPhase + 1; i <= (phase + 1) * perPhase; i++) {
                    if (latencyNs[i] == 0) {
                        continue; // conflated: never reached the executor
                    }
                    h.recordValue(Math.max(0, Math.min(latencyNs[i], h.getHighestTrackableValue())));
                }
                System.out.printf(Locale.ROOT, "handshake flood bench: %-11s %4d quotes  latency us p50=%d p90=%d p99=%d "
                        + "max=%d  cpu ms: quote thread %d, handshake thread %d%s%n", names[phase], h.getTotalCount(),
                    h.getValueAtPercentile(50) / 1000, h.getValueAtPercentile(90) / 1000,
                    h.getValueAtPercentile(99) / 1000, h.getMaxValue() / 1000, cpuNs[phase][0] / 1_000_000,
                    cpuNs[phase][1] / 1_000_000,
                    phase == 1 ? "  (" + floodAttempts + " flood connections, " + receiver.stats().connections().refused()
                        + " TLS refusals, " + receiver.stats().connections().rateLimited() + " refused at accept)" : "");
            }
            assertTrue(floodAttempts > 0);
        }
    }
}
