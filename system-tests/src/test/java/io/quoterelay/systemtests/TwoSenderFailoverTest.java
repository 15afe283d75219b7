package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.LineStats;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A/B senders as real processes: two sender JVMs, each with its own certificate and session, read
 * the same simulated exchange and feed one receiver. One is killed with SIGKILL under load: the
 * executor's stream has no duplicate and no out-of-order {@code u} per symbol, no merged gap, and
 * every update the exchange sent while both were up is delivered or accounted for by the survivor.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TwoSenderFailoverTest {
    /** Several times a busy Binance symbol, yet light enough for three JVMs on a shared 2-core machine. */
    private static final int RATE = 500;
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final Duration STARTUP = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void oneOfTwoSendersKilledUnderLoadCostsTheExecutorNothing() throws Exception {
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender-a", "sender-b"), false);
        List<Quote> delivered = new CopyOnWriteArrayList<>();
        Map<Long, Long> updateIdByIndex = new ConcurrentHashMap<>();
        AtomicLong lastIndex = new AtomicLong(-1);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
                 .symbols("BTCUSDT", "ETHUSDT", "SOLUSDT").ratePerSecond(RATE).start();
             RelayReceiver receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
                 .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)
                 .onQuote(q -> delivered.add(q.copy())).start()) {
            sim.addSentListener(q -> {
                updateIdByIndex.put(q.index(), q.updateId());
                lastIndex.accumulateAndGet(q.index(), Math::max);
            });
            Process a = sender(sim, receiver, pki, "sender-a");
            Process b = sender(sim, receiver, pki, "sender-b");
            try {
                awaitBoth(receiver, a, b);
                long from = lastIndex.get() + 1;
                Thread.sleep(500); // both racing under load
                a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                Thread.sleep(1_000); // the survivor alone
                sim.stall(true);
                long to = lastIndex.get();
                ReceiverStats s = drained(receiver);
                LineStats survivor = s.lines().get(0); // most recently active first

                Set<Long> seen = new HashSet<>();
                Map<String, Long> lastU = new HashMap<>();
                for (Quote q : delivered) {
                    assertTrue(seen.add(q.updateId()), "delivered twice: u=" + q.updateId());
                    Long previous = lastU.put(q.symbol(), q.updateId());
                    assertTrue(previous == null || previous < q.updateId(),
                        q.symbol() + " u went from " + previous + " to " + q.updateId());
                }
                assertEquals(0, s.merged().gaps(), "no update lost in flight that no line delivered: " + s.lines()
                    + "; connections per session (more than one: a link dropped, e.g. a starved machine) "
                    + s.sessions().stream().map(x -> Long.toHexString(x.sessionId()) + "=" + x.connections()).toList());
                long missing = 0;
                for (long i = from; i <= to; i++) {
                    Long u = updateIdByIndex.get(i);
                    if (u != null && !seen.contains(u)) {
                        missing++;
                    }
                }
                // The survivor brought every update of the window: each reached the executor unless
                // its copy was too old (the other line had won a later one), its sender conflated it,
                // or the receiver did (a newer quote of its symbol came in the same read: on a loaded
                // machine reads batch up; counted over the whole run, so an upper bound here).
                assertTrue(missing <= survivor.tooOld() + survivor.conflated() + s.accounting().conflatedAtReceiver(),
                    "updates " + from + ".." + to + " missing " + missing + "; conflated at the receiver "
                        + s.accounting().conflatedAtReceiver() + "; lines " + s.lines());
                System.out.printf("two senders, one SIGKILLed at %d msg/s: updates %d..%d, missing %d, "
                    + "conflated at the receiver %d, lines %s%n", RATE, from, to, missing, s.accounting().conflatedAtReceiver(), s.lines());
            } finally {
                a.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                b.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Two JVMs starting (and warming up) on a loaded machine: bounded, but longer than the rig's usual wait. */
    private void awaitBoth(RelayReceiver receiver, Process a, Process b) throws Exception {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (true) {
            ReceiverStats s = receiver.stats();
            if (s.lines().size() == 2 && s.lines().stream().allMatch(l -> l.wins() + l.lostRaces() > 1_000)) {
                return;
            }
            if (System.nanoTime() > deadline || !a.isAlive() || !b.isAlive()) {
                throw new AssertionError("both senders deliver: " + s.lines() + "; sender-a alive " + a.isAlive() + ": "
                    + tail("sender-a") + "; sender-b alive " + b.isAlive() + ": " + tail("sender-b"));
            }
            Thread.sleep(20);
        }
    }

    private String tail(String name) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(dir.resolve(name + ".log"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }

    /**
     * The survivor drained and reported: its numbering is complete and its report (sent every
     * heartbeat) has not moved for {@link #QUIET}, longer than several heartbeats.
     */
    private static ReceiverStats drained(RelayReceiver receiver) throws InterruptedException {
        long[] lastReport = {-1};
        long[] changedAt = {System.nanoTime()};
        Await.until(() -> "the surviving sender drained: " + receiver.stats().sessions(), RelayRig.WAIT, () -> {
            SessionStats session = receiver.stats().sessions().get(0);
            if (session.reportedUpstream() != lastReport[0]) {
                lastReport[0] = session.reportedUpstream();
                changedAt[0] = System.nanoTime();
            }
            return session.reportedHighestSeq() == session.highestSeq()
                && System.nanoTime() - changedAt[0] > QUIET.toNanos();
        });
        return receiver.stats();
    }

    private Process sender(ExchangeSimulator sim, RelayReceiver receiver, PkiFiles pki, String name)
        throws IOException {
        return new ProcessBuilder(ProbeProcess.javaCommand("io.quoterelay.sender.SenderMain", "--binance-url",
            sim.combinedStreamUri().toString(), "--receiver-host", "127.0.0.1", "--receiver-port",
            String.valueOf(receiver.port()), "--ca-cert", pki.caCert().toString(), "--client-cert",
            pki.clientCert(name).toString(), "--client-key", pki.clientKey(name).toString(), "--metrics-port", "0",
            "--stats-interval", "0s")).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
    }
}
