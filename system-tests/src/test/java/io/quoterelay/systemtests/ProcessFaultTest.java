package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.LoopbackPorts;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes killed with SIGKILL (real separate JVMs, {@link Process#destroyForcibly()}) under
 * 10 000 updates a second. The receiver, restarted {@code -Dquoterelay.faults.restarts} times
 * (3 here, 20 in {@code .ci/faults}): quotes flow again after every restart, and the last
 * instance's counts satisfy the identity with the restart term ({@code joinedAtSeq - 1}). The
 * sender, restarted: the receiver counts one session reset and no gap.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ProcessFaultTest {
    private static final int RATE = 10_000;
    /** Generous: a JVM start, TLS setup, the sender's reconnect backoff. Measured times are printed. */
    private static final Duration FLOW_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void receiverKilledAndRestartedUnderLoadFlowsAgainEveryTimeAndCountsExactly() throws Exception {
        int restarts = Integer.getInteger("quoterelay.faults.restarts", 3);
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        int port = LoopbackPorts.restartable();
        List<Long> flowMillis = new ArrayList<>();
        List<Long> listenToFlowMillis = new ArrayList<>();
        try (ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
                 .symbols("BTCUSDT", "ETHUSDT", "SOLUSDT").ratePerSecond(RATE).start();
             RelaySender sender = RelaySender.builder().binanceUrl(sim.combinedStreamUri()).receiver("127.0.0.1", port)
                 .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender")).statsInterval(Duration.ZERO)
                 .start()) {
            ProbeProcess last = null;
            for (int i = 0; i <= restarts; i++) {
                long spawnedMs = System.currentTimeMillis();
                ProbeProcess probe = new ProbeProcess(java("io.quoterelay.systemtests.ProbeReceiverMain", String.valueOf(port),
                    pki.serverCert().toString(), pki.serverKey().toString(), pki.caCert().toString()));
                try {
                    Long first = probe.firstQuoteMs(FLOW_BOUND.plusSeconds(20));
                    assertNotNull(first, "restart " + i + ": quotes flow again");
                    flowMillis.add(first - spawnedMs);
                    Long listening = probe.listeningMs();
                    listenToFlowMillis.add(listening == null ? -1 : first - listening);
                    assertTrue(first - spawnedMs < FLOW_BOUND.toMillis() + 20_000);
                    if (i < restarts) {
                        Thread.sleep(300); // some load on this instance before it dies
                        probe.kill();
                    } else {
                        last = probe;
                    }
                } finally {
                    if (probe != last) {
                        probe.kill();
                    }
                }
            }
            try {
                sim.stall(true); // the exchange goes quiet: the sender drains and reports
                long upstream = sender.stats().quotes();
                // Identity once drained: reported upstream = delivered + gaps + conflated (sender, receiver)
                // + (joinedAtSeq - 1).
                long[] s = last.awaitStats(x -> x[5] == sender.stats().quotes() && x[7] == x[4] && x[4] > 0
                    && x[5] == x[1] + x[2] + x[6] + x[13] + (x[3] - 1), Duration.ofSeconds(30));
                assertNotNull(s, "the last receiver's counts satisfy the identity once drained; last seen "
                    + java.util.Arrays.toString(last.lastStats()) + ", sender " + sender.stats());
                long delivered = s[1];
                long gaps = s[2];
                long joinedAt = s[3];
                long reportedUpstream = s[5];
                long conflated = s[6] + s[13];
                assertEquals(reportedUpstream, delivered + gaps + conflated + (joinedAt - 1),
                    "upstream = delivered + gaps + conflated (sender and receiver) + (joinedAtSeq - 1) on the restarted"
                    + " receiver");
                assertTrue(upstream > 0);
            } finally {
                last.kill();
            }
        }
        long max = flowMillis.stream().mapToLong(Long::longValue).max().orElse(-1);
        long sorted[] = flowMillis.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("receiver SIGKILL x%d at %d msg/s: process start to first quote ms: median %d, max %d, all %s;"
            + " of which listening to first quote ms: %s%n", restarts, RATE, sorted[sorted.length / 2], max, flowMillis,
            listenToFlowMillis);
    }

    @Test
    void senderKilledAndRestartedIsANewSessionAndAResetNotAGap() throws Exception {
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().host("127.0.0.1").port(0)
                 .symbols("BTCUSDT", "ETHUSDT").ratePerSecond(RATE).start();
             RelayReceiver receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
                 .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO).onQuote(q -> { })
                 .start()) {
            for (int i = 0; i < 2; i++) {
                Process p = java("io.quoterelay.sender.SenderMain", "--binance-url", sim.combinedStreamUri().toString(),
                    "--receiver-host", "127.0.0.1", "--receiver-port", String.valueOf(receiver.port()),
                    "--ca-cert", pki.caCert().toString(), "--client-cert", pki.clientCert("sender").toString(),
                    "--client-key", pki.clientKey("sender").toString(), "--metrics-port", "0", "--stats-interval", "0s");
                try {
                    int sessions = i + 1;
                    Await.until(() -> "sender " + sessions + " delivers", RelayRig.WAIT,
                        () -> receiver.stats().sessions().size() == sessions
                            && receiver.stats().sessions().get(0).delivered() > 1_000);
                } finally {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertEquals(1, receiver.stats().accounting().sessionResets(), "the restart is one session reset");
            for (SessionStats s : receiver.stats().sessions()) {
                assertEquals(0, s.gaps(), "a killed sender leaves no gap: " + s);
                assertEquals(0, s.duplicates());
            }
        }
    }

    private static Process java(String main, String... args) throws IOException {
        return new ProcessBuilder(ProbeProcess.javaCommand(main, args)).redirectErrorStream(true).start();
    }
}
