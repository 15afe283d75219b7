package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two hosts on one machine: the exchange simulator and the sender in namespace {@code fra}, the
 * receiver in namespace {@code ams}, joined by a veth pair ({@link TwoHostNetwork}). Under load the
 * link goes down for 5 s and comes back. Neither side gets a TCP error while the cable is out: only
 * the heartbeat timeouts (1 s heartbeats and clock pings, 2.5 s of silence) can tell. Checked: both
 * sides close the dead connection by that timeout, the sender reconnects and sends its snapshot,
 * quotes flow again, and once drained the session's counts satisfy the identity.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NetnsLinkCutTest {
    private static final int RATE = 5_000;
    private static final Duration CUT = Duration.ofSeconds(5);
    /** The configured heartbeat timeout is 2.5 s; what TCP alone would take is minutes. */
    private static final Duration DETECTION_BOUND = Duration.ofSeconds(5);

    // STATS fields of ProbeReceiverMain and ProbeSenderMain.
    private static final int R_DELIVERED = 1, R_GAPS = 2, R_JOINED = 3, R_HIGHEST = 4, R_UPSTREAM = 5,
        R_CONFLATED = 6, R_REPORTED_HIGHEST = 7, R_REPEATS = 8, R_CONNECTIONS = 9, R_SNAPSHOTS = 10,
        R_CONFLATED_AT_RECEIVER = 13;
    private static final int S_UPSTREAM = 0, S_CONFLATED = 2, S_RECONNECTS = 4;

    @TempDir
    Path dir;

    @Test
    void linkCutFor5sUnderLoadIsDetectedByHeartbeatOnBothSidesAndRecoversWithNothingUncounted() throws Exception {
        TwoHostNetwork net = TwoHostNetwork.createOrSkip();
        ProbeProcess receiver = null;
        ProbeProcess sender = null;
        try (net) {
            PkiFiles pki = TwoHostNetwork.certificates(dir);
            int port = 7443;
            receiver = net.startReceiver(pki, port);
            sender = net.startSender(pki, port, RATE);
            assertNotNull(receiver.firstQuoteMs(Duration.ofSeconds(60)), "quotes flow across the veth link");
            long[] before = receiver.awaitStats(r -> r[R_DELIVERED] > RATE, Duration.ofSeconds(30));
            assertNotNull(before, "a second of load before the cut");

            long cutMs = System.currentTimeMillis();
            System.out.println("cut @" + cutMs);
            net.amsLink(false);
            ProbeProcess.TimedLine receiverSaw = receiver.awaitLine("went silent", cutMs, CUT);
            ProbeProcess.TimedLine senderSaw = sender.awaitLine("treating the link as dead", cutMs, CUT);
            Thread.sleep(Math.max(0, cutMs + CUT.toMillis() - System.currentTimeMillis()));
            long restoredMs = System.currentTimeMillis();
            net.amsLink(true);

            assertNotNull(receiverSaw, "the receiver closes the silent connection by its heartbeat timeout");
            assertNotNull(senderSaw, "the sender closes the silent connection by its heartbeat timeout");
            long receiverDetectMs = receiverSaw.readAtMs() - cutMs;
            long senderDetectMs = senderSaw.readAtMs() - cutMs;
            assertTrue(receiverDetectMs <= DETECTION_BOUND.toMillis(), "receiver detection took " + receiverDetectMs + " ms");
            assertTrue(senderDetectMs <= DETECTION_BOUND.toMillis(), "sender detection took " + senderDetectMs + " ms");

            long[] atRestore = ProbeProcess.numbers(receiver.lastStats());
            long deliveredAtRestore = atRestore[R_DELIVERED];
            long snapshotsAtRestore = atRestore[R_SNAPSHOTS];
            long[] again = receiver.awaitStats(r -> r[R_CONNECTIONS] >= 2 && r[R_DELIVERED] > deliveredAtRestore + RATE,
                Duration.ofSeconds(30));
            assertNotNull(again, "quotes flow again on a new connection after the link is back; last "
                + Arrays.toString(receiver.lastStats()));
            long flowAgainMs = System.currentTimeMillis() - restoredMs;
            assertTrue(again[R_SNAPSHOTS] > snapshotsAtRestore, "the new connection carried a snapshot");

            sender.tell("STALL");
            ProbeProcess s = sender;
            long[] drained = receiver.awaitStats(r -> {
                String[] sx = s.lastStats();
                long senderUpstream = sx == null ? -1 : ProbeProcess.numbers(sx)[S_UPSTREAM];
                return r[R_UPSTREAM] == senderUpstream && r[R_REPORTED_HIGHEST] == r[R_HIGHEST]
                    && r[R_UPSTREAM] == r[R_DELIVERED] + r[R_GAPS] + r[R_CONFLATED] + r[R_CONFLATED_AT_RECEIVER]
                    + (r[R_JOINED] - 1);
            }, Duration.ofSeconds(30));
            long[] senderStats = ProbeProcess.numbers(sender.lastStats());
            assertNotNull(drained, "once drained: sender upstream = delivered + gaps + conflated (both sides); receiver "
                + Arrays.toString(receiver.lastStats()) + ", sender " + Arrays.toString(sender.lastStats()));
            assertTrue(senderStats[S_RECONNECTS] >= 1, "the sender reconnected");
            System.out.printf("netns link cut %d s at %d msg/s: detected by receiver in %d ms, by sender in %d ms;"
                    + " flowing again %d ms after restore; upstream %d = delivered %d + gaps %d + conflated %d"
                    + " + conflated at receiver %d; snapshot quotes %d (of which repeats %d), connections %d%n",
                CUT.toSeconds(), RATE, receiverDetectMs, senderDetectMs, flowAgainMs, drained[R_UPSTREAM],
                drained[R_DELIVERED], drained[R_GAPS], drained[R_CONFLATED], drained[R_CONFLATED_AT_RECEIVER],
                drained[R_SNAPSHOTS] - snapshotsAtRestore, drained[R_REPEATS], drained[R_CONNECTIONS]);
        } finally {
            if (sender != null) {
                sender.kill();
                print("sender", sender);
            }
            if (receiver != null) {
                receiver.kill();
                print("receiver", receiver);
            }
        }
    }

    private static void print(String name, ProbeProcess p) {
        for (ProbeProcess.TimedLine l : p.lines()) {
            System.out.println(name + " @" + l.readAtMs() + ": " + l.text());
        }
    }
}
