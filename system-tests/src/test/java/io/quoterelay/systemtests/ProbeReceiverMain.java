package io.quoterelay.systemtests;

import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver in its own JVM for {@link ProcessFaultTest}, which kills it with SIGKILL, and for
 * {@link NetnsLinkCutTest}, which runs it in a network namespace. Prints {@code LISTENING <epoch ms>}
 * once bound, {@code FIRST <epoch ms>} at its first quote and then every 100 ms one line
 * {@code STATS resets delivered gaps joinedAtSeq highestSeq reportedUpstream reportedConflated reportedHighestSeq
 * repeats connections snapshotQuotes clockOffsetNs clockRttNs conflatedAtReceiver} for the first session. Arguments: port, server cert, server key, CA cert, and
 * optionally the address to bind (default 127.0.0.1).
 */
public final class ProbeReceiverMain {
    private ProbeReceiverMain() {
    }

    public static void main(String[] args) throws Exception {
        AtomicBoolean first = new AtomicBoolean();
        AtomicLong snapshots = new AtomicLong();
        RelayReceiver receiver = RelayReceiver.builder().port(Integer.parseInt(args[0])).bindAddress(args.length > 4 ? args[4] : "127.0.0.1")
            .tls(Path.of(args[1]), Path.of(args[2]), Path.of(args[3])).statsInterval(Duration.ZERO)
            .onQuote(q -> {
                if (q.snapshot()) {
                    snapshots.incrementAndGet();
                }
                if (!first.get() && first.compareAndSet(false, true)) {
                    System.out.println("FIRST " + System.currentTimeMillis());
                    System.out.flush();
                }
            }).start();
        System.out.println("LISTENING " + System.currentTimeMillis());
        System.out.flush();
        while (true) {
            Thread.sleep(100);
            ReceiverStats s = receiver.stats();
            if (!s.sessions().isEmpty()) {
                SessionStats x = s.sessions().get(0);
                System.out.println("STATS " + s.accounting().sessionResets() + " " + x.delivered() + " " + x.gaps() + " "
                    + x.joinedAtSeq() + " " + x.highestSeq() + " " + x.reportedUpstream() + " "
                    + x.reportedConflated() + " " + x.reportedHighestSeq() + " " + x.repeats() + " " + x.connections() + " " + snapshots.get()
                    + " " + s.clock().offsetNs() + " " + s.clock().rttMinNs() + " " + x.conflatedAtReceiver());
                System.out.flush();
            }
        }
    }
}
