package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An asymmetric route: 2 ms added to the receiver → sender direction only, sender and receiver
 * on one clock (true offset 0). No two-way exchange can see asymmetry: the estimate is off by
 * half of it (+1 ms), and the bound the receiver states (± rtt_min / 2, here more than 1 ms) still
 * holds the true offset. Once through a userspace relay that delays one direction (runs anywhere),
 * once across two network namespaces with {@code tc netem} on one end (root and sch_netem only).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AsymmetricPathTest {
    private static final long DELAY_NS = 2_000_000;
    /** Half the asymmetry, give or take the relay's and the wake-ups' own noise. */
    private static final long EXPECTED_OFFSET_NS = DELAY_NS / 2;
    private static final long OFFSET_TOLERANCE_NS = 300_000;
    private static final int INTERVALS = 10;
    /** 500 ms intervals skipped after the first estimate: cold code and the first bursts. */
    private static final int WARM_UP_INTERVALS = 6;

    @TempDir
    Path dir;

    @Test
    void aOneWayDelayShiftsTheEstimateByHalfOfItAndTheTrueOffsetStaysInsideTheStatedBound() throws Exception {
        List<ReceiverStats> intervals = new CopyOnWriteArrayList<>();
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT").ratePerSecond(1_000));
             OneWayDelayProxy proxy = new OneWayDelayProxy(rig.receiverPort, DELAY_NS)) {
            rig.startReceiver(b -> b.statsInterval(Duration.ofMillis(500)).statsListener(intervals::add));
            // Not rig.startSender: its builder already names the receiver's own port, and a second
            // receiver() would add a second, direct link whose estimate the stats would show in turn.
            try (RelaySender sender = RelaySender.builder()
                .binanceUrl(rig.simulator.combinedStreamUri())
                .receiver("127.0.0.1", proxy.port())
                .tls(rig.pki.caCert(), rig.pki.clientCert("sender"), rig.pki.clientKey("sender"))
                .statsInterval(Duration.ZERO)
                .start()) {
                Await.until("a clock estimate", RelayRig.WAIT, () -> rig.receiver.stats().clock().synced());
                int from = intervals.size() + WARM_UP_INTERVALS;
                Await.until(() -> INTERVALS + " stats intervals", RelayRig.WAIT,
                    () -> intervals.size() >= from + INTERVALS);
                List<long[]> offsetAndRtt = new ArrayList<>();
                for (ReceiverStats s : intervals.subList(from, from + INTERVALS)) {
                    assertEquals(1, s.connections().active(), "one link, through the relay");
                    offsetAndRtt.add(new long[] {s.clock().offsetNs(), s.clock().rttMinNs()});
                }
                check("relay", offsetAndRtt);
            }
        }
    }

    @Test
    void netemDelayOnOneEndShiftsTheEstimateByHalfOfItAndTheTrueOffsetStaysInsideTheStatedBound() throws Exception {
        TwoHostNetwork net = TwoHostNetwork.createOrSkip();
        ProbeProcess receiver = null;
        ProbeProcess sender = null;
        try (net) {
            try {
                net.delayAmsEgress(DELAY_NS / 1_000_000);
            } catch (IOException e) {
                Assumptions.abort("SKIPPED: tc netem is not available in this kernel (sch_netem): " + e.getMessage());
                return;
            }
            PkiFiles pki = TwoHostNetwork.certificates(dir);
            int port = 7443;
            receiver = net.startReceiver(pki, port);
            sender = net.startSender(pki, port, 1000);
            assertNotNull(receiver.firstQuoteMs(Duration.ofSeconds(60)), "quotes flow across the veth link");
            assertNotNull(receiver.awaitStats(r -> r[R_RTT] > 0, Duration.ofSeconds(30)), "a clock estimate");
            Thread.sleep(2_000);
            List<long[]> offsetAndRtt = new ArrayList<>();
            for (int i = 0; i < INTERVALS; i++) {
                Thread.sleep(500);
                long[] r = ProbeProcess.numbers(receiver.lastStats());
                offsetAndRtt.add(new long[] {r[R_OFFSET], r[R_RTT]});
            }
            check("netem", offsetAndRtt);
        } finally {
            if (sender != null) {
                sender.kill();
            }
            if (receiver != null) {
                receiver.kill();
            }
        }
    }

    // Fields of ProbeReceiverMain's STATS line.
    private static final int R_OFFSET = 11, R_RTT = 12;

    private static void check(String path, List<long[]> offsetAndRtt) {
        StringBuilder seen = new StringBuilder();
        for (long[] x : offsetAndRtt) {
            seen.append(String.format(Locale.ROOT, " %+d±%d", x[0] / 1000, x[1] / 2 / 1000));
        }
        System.out.println(path + ": one-way delay " + DELAY_NS / 1000 + " us; offset±bound us per interval:" + seen);
        for (long[] x : offsetAndRtt) {
            long offset = x[0];
            long bound = x[1] / 2;
            assertTrue(x[1] >= DELAY_NS, "the round trip includes the delay:" + seen);
            assertTrue(Math.abs(offset) <= bound, "the true offset 0 lies inside the stated bound:" + seen);
            assertTrue(Math.abs(offset - EXPECTED_OFFSET_NS) <= OFFSET_TOLERANCE_NS,
                "the estimate is off by half the asymmetry, about +1 ms:" + seen);
        }
    }
}
