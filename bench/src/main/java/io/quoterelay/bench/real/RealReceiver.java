package io.quoterelay.bench.real;

import io.quoterelay.protocol.netty.IdleStrategy;
import io.quoterelay.receiver.LatencySummary;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The product's executor in the real-traffic benchmark: a {@link RelayReceiver} embedded through
 * its public API with default settings (callback mode, mutual TLS, stats line every 10 s), whose
 * callback records, per quote, emit → callback ({@code wall clock now − u}; the emitter stamped
 * {@code u} with the same wall clock, see the simulator's {@code --emit-stamps}), the latency the
 * product itself recorded for that quote ({@link Quote#latencyNs()}, what {@link ReceiverStats}
 * summarises: sender write → receiver decode, offset-corrected) and the truth of that same segment
 * ({@code receiveTimeNs − sendTimeNs}: on one host the true clock offset is 0), and the two
 * segments before it from the sender's own stamps (emit → sender read, sender read → sender write),
 * so the slow quotes can be told apart by where they waited. Arrays are sized
 * up front, so the callback does not allocate beyond reading the clock.
 *
 * <p>Talks to the harness over stdin/stdout, one word a line:
 * <pre>
 *   (start)  -> bench-ready port=P
 *   (first quote) -> bench-first
 *   count    -> bench-count n=K            quotes recorded so far
 *   links    -> bench-links n=C            connections open
 *   dump     -> bench-stats ... and bench-done received=K   (also by itself once K = --expected)
 *   EOF      -> exit
 * </pre>
 * {@code RealReceiver --cert F --key F --ca F --expected N --out FILE}
 */
public final class RealReceiver {
    private final long[] emitNs;
    private final long[] latencyNs;
    private final long[] claimedNs;
    private final long[] truthNs;
    private final long[] inboundNs;
    private final long[] senderNs;
    private final int expected;
    private final Path out;
    private volatile int count;
    private volatile int uncorrected;
    private boolean dumped;
    private int dumpedCount;
    private RelayReceiver receiver;

    private RealReceiver(int expected, Path out) {
        this.expected = expected;
        this.out = out;
        emitNs = new long[expected];
        latencyNs = new long[expected];
        claimedNs = new long[expected];
        truthNs = new long[expected];
        inboundNs = new long[expected];
        senderNs = new long[expected];
    }

    public static void main(String[] args) throws IOException {
        RealReceiver r = new RealReceiver(Integer.parseInt(value(args, "--expected")), Path.of(value(args, "--out")));
        r.receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1")
            .tls(Path.of(value(args, "--cert")), Path.of(value(args, "--key")), Path.of(value(args, "--ca")))
            .idleStrategy(IdleStrategy.valueOf(value(args, "--idle-strategy").toUpperCase(java.util.Locale.ROOT)))
            .onQuote(r::onQuote).start();
        reply("bench-ready port=" + r.receiver.port());
        r.serve();
    }

    static long wallClockNs() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** The receiver's I/O thread, per quote. */
    private void onQuote(Quote q) {
        long now = wallClockNs();
        if (q.repeat()) {
            return;
        }
        int i = count;
        if (i >= expected) {
            return;
        }
        long emit = q.updateId();
        emitNs[i] = emit;
        latencyNs[i] = now - emit;
        claimedNs[i] = q.latencyNs();
        truthNs[i] = q.receiveTimeNs() - q.sendTimeNs();
        inboundNs[i] = q.senderReceiveTimeNs() - emit;
        senderNs[i] = q.sendTimeNs() - q.senderReceiveTimeNs();
        if (!q.latencyCorrected()) {
            uncorrected++;
        }
        count = i + 1;
        if (i == 0) {
            reply("bench-first");
        }
        if (i + 1 == expected) {
            dump();
        }
    }

    private void serve() throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (line.trim()) {
                    case "count" -> reply("bench-count n=" + count);
                    case "links" -> reply("bench-links n=" + receiver.stats().connections().active());
                    case "dump" -> dump();
                    default -> reply("bench-error unknown command '" + line + "'");
                }
            }
        } finally {
            receiver.close();
        }
        System.exit(0);
    }

    private synchronized void dump() {
        if (dumped) {
            // Asked again (the harness may have missed the line while waiting for another): the same answer.
            reply("bench-done received=" + dumpedCount);
            return;
        }
        dumped = true;
        int n = count;
        dumpedCount = n;
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            for (int i = 0; i < n; i++) {
                w.write(emitNs[i] + " " + latencyNs[i] + " " + claimedNs[i] + " " + truthNs[i] + " " + inboundNs[i] + " "
                    + senderNs[i] + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ReceiverStats s = receiver.stats();
        LatencySummary c = s.latency().corrected();
        reply("bench-stats synced=" + s.clock().synced() + " offset_ns=" + s.clock().offsetNs() + " rtt_ns=" + s.clock().rttMinNs() + " bound_ns=" + s.clock().errorBoundNs()
            + " uncorrected=" + uncorrected + " corrected_total_n=" + c.count() + " corrected_total_p50_ns=" + c.p50Ns()
            + " corrected_total_p99_ns=" + c.p99Ns() + " corrected_total_p999_ns=" + c.p999Ns()
            + " gaps=" + s.accounting().gaps() + " conflated=" + s.accounting().conflated()
            + " conflated_rx=" + s.accounting().conflatedAtReceiver());
        reply("bench-done received=" + n);
    }

    static synchronized void reply(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static String value(String[] args, String flag) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("RealReceiver needs " + flag);
    }
}
