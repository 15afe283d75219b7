package io.quoterelay.bench.e2e;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The executor of the end-to-end benchmark: a real {@link RelayReceiver} whose callback measures
 * each quote against the simulator's schedule. The simulator runs with due-time update ids
 * ({@code u} = the update's due time in {@code System.nanoTime()} ns, see
 * {@code ExchangeSimulator.Builder#dueTimeUpdateIds}), so on the same host
 * {@code System.nanoTime() - u} in the callback is the whole path, due time → executor, with no
 * coordinated omission: a stall anywhere shows as latency of every quote due during it.
 *
 * <p>Only quotes due inside the measured window ({@code mark} … {@code report}) count. The stage
 * split uses the stamps the product carries (sender read and write times, receiver decode time,
 * all on epoch clocks calibrated from the same host clock, so to within a few µs):
 * exchange = due → sender read off the WebSocket; sender = read → frame written to the TLS link;
 * link = written → receiver decoded; receiver = decoded → callback. Conflation is what the sender's
 * session reports count from the first report after {@code mark} to the first one after the
 * window's last quote arrived (reports come once a second).
 *
 * <pre>  BenchReceiver --cert F --key F --ca F   (prints "bench-ready port=P")</pre>
 */
public final class BenchReceiver {
    private static final long MAX_NS = 60_000_000_000L;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** The sender reports conflation with each heartbeat (1 s): the longest wait for the next report. */
    private static final long REPORT_LAG_MS = 1_200;
    static final List<String> STAGES = List.of("exchange", "sender", "link", "receiver");

    private final SingleWriterRecorder total = new SingleWriterRecorder(MAX_NS, 3);
    private final SingleWriterRecorder[] stages = new SingleWriterRecorder[STAGES.size()];
    private final EpochNanoClock epoch = EpochNanoClock.system();
    private volatile long windowStartNs = Long.MAX_VALUE;
    private volatile long windowEndNs = Long.MAX_VALUE;
    private volatile long lastDueNs;
    private volatile Thread ioThread;
    private RelayReceiver receiver;

    private BenchReceiver() {
        for (int i = 0; i < stages.length; i++) {
            stages[i] = new SingleWriterRecorder(MAX_NS, 3);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Path cert = Path.of(value(args, "--cert"));
        Path key = Path.of(value(args, "--key"));
        Path ca = Path.of(value(args, "--ca"));
        new BenchReceiver().run(cert, key, ca);
        // The receiver's threads are daemons: this thread keeps the JVM up until the harness closes stdin.
        Thread.currentThread().join();
    }

    private void run(Path cert, Path key, Path ca) {
        receiver = RelayReceiver.builder().port(0).bindAddress("127.0.0.1").tls(cert, key, ca)
            .warmupQuotes(Integer.getInteger("bench.receiverWarmupQuotes", RelayReceiver.DEFAULT_WARMUP_QUOTES))
            .statsInterval(Duration.ZERO).onQuote(this::onQuote).start();
        Runtime.getRuntime().addShutdownHook(new Thread(receiver::close, "bench-receiver-close"));
        ChildControl.serve(new Window());
        ChildControl.reply("bench-ready port=" + receiver.port());
    }

    /** The I/O thread, once per quote: five clock subtractions and histogram increments, no allocation. */
    private void onQuote(Quote q) {
        long nowNs = System.nanoTime();
        long nowEpochNs = epoch.epochNanos();
        long due = q.updateId();
        lastDueNs = due;
        if (ioThread == null) {
            ioThread = Thread.currentThread();
        }
        if (due < windowStartNs || due >= windowEndNs || q.repeat()) {
            return;
        }
        long epochMinusNano = nowEpochNs - nowNs;
        total.recordValue(clamp(nowNs - due));
        stages[0].recordValue(clamp(q.senderReceiveTimeNs() - epochMinusNano - due));
        stages[1].recordValue(clamp(q.sendTimeNs() - q.senderReceiveTimeNs()));
        stages[2].recordValue(clamp(q.receiveTimeNs() - q.sendTimeNs()));
        stages[3].recordValue(clamp(nowEpochNs - q.receiveTimeNs()));
    }

    private long reportedUpstream() {
        return receiver.stats().sessions().stream().mapToLong(s -> s.reportedUpstream()).sum();
    }

    private static long clamp(long ns) {
        return Math.max(0, Math.min(ns, MAX_NS));
    }

    private final class Window implements ChildControl.Handler {
        private ProcessProbe.Sample probe;
        private ReceiverStats stats;
        private long allocated;
        private long ioCpuNs;

        @Override
        public void mark() {
            // Conflation is known from the sender's session reports (one per heartbeat): start the
            // window on a fresh one so the count at the end is the window's own.
            long reported = reportedUpstream();
            long deadline = System.nanoTime() + 2 * REPORT_LAG_MS * 1_000_000L;
            while (reportedUpstream() == reported && System.nanoTime() < deadline) {
                sleep(1);
            }
            stats = receiver.stats();
            allocated = ProcessProbe.allocatedBytes(ioThread);
            ioCpuNs = ProcessProbe.cpuNanos(ioThread);
            probe = ProcessProbe.sample();
            windowStartNs = System.nanoTime();
            total.getIntervalHistogram();
            for (SingleWriterRecorder r : stages) {
                r.getIntervalHistogram();
            }
        }

        @Override
        public String report() {
            long end = System.nanoTime();
            windowEndNs = end;
            ProcessProbe.Sample window = ProcessProbe.sample().minus(probe);
            long drainDeadline = end + DRAIN_TIMEOUT.toNanos();
            while (lastDueNs < end && System.nanoTime() < drainDeadline) {
                sleep(5);
            }
            boolean drained = lastDueNs >= end;
            ReceiverStats now = receiver.stats();
            long allocatedNow = ProcessProbe.allocatedBytes(ioThread);
            long ioCpuNowNs = ProcessProbe.cpuNanos(ioThread);
            long deliveredInWindow = now.accounting().delivered() - stats.accounting().delivered();
            // The first session report after the window's last quote: it counts what was conflated up to then.
            long reportedAtEnd = reportedUpstream();
            long reportDeadline = System.nanoTime() + 2 * REPORT_LAG_MS * 1_000_000L;
            while (reportedUpstream() == reportedAtEnd && System.nanoTime() < reportDeadline) {
                sleep(1);
            }
            ReceiverStats reported = receiver.stats();
            Histogram h = total.getIntervalHistogram();
            StringBuilder b = new StringBuilder(512);
            double seconds = (end - windowStartNs) / 1e9;
            b.append(ProcessProbe.fields(window));
            b.append(String.format(Locale.ROOT, " window_s=%.3f n=%d achieved=%.1f drained=%s", seconds,
                h.getTotalCount(), h.getTotalCount() / seconds, drained));
            b.append(" gaps=").append(reported.accounting().gaps() - stats.accounting().gaps());
            b.append(" conflated=").append(reported.accounting().conflated() - stats.accounting().conflated());
            // Quotes of a symbol that met in one read: the callback got the newest (part of "missing").
            b.append(" conflated_rx=").append(reported.accounting().conflatedAtReceiver() - stats.accounting().conflatedAtReceiver());
            b.append(" dup=").append(reported.accounting().duplicates() - stats.accounting().duplicates());
            b.append(" ooo=").append(reported.accounting().outOfOrder() - stats.accounting().outOfOrder());
            b.append(" delivered=").append(deliveredInWindow);
            b.append(" alloc_bytes=").append(allocatedNow - allocated);
            b.append(String.format(Locale.ROOT, " alloc_b_per_msg=%.1f",
                deliveredInWindow > 0 ? (allocatedNow - allocated) / (double) deliveredInWindow : -1.0));
            b.append(String.format(Locale.ROOT, " io_cpu_us_per_msg=%.1f",
                deliveredInWindow > 0 ? (ioCpuNowNs - ioCpuNs) / 1e3 / deliveredInWindow : -1.0));
            percentiles(b, "e2e", h);
            for (int i = 0; i < stages.length; i++) {
                percentiles(b, STAGES.get(i), stages[i].getIntervalHistogram());
            }
            windowStartNs = Long.MAX_VALUE;
            return b.toString();
        }
    }

    /** {@code name_p50_us=.. name_p90_us=.. name_p99_us=.. name_p999_us=.. name_max_us=..} */
    static void percentiles(StringBuilder b, String name, Histogram h) {
        b.append(String.format(Locale.ROOT, " %1$s_p50_us=%2$.1f %1$s_p90_us=%3$.1f %1$s_p99_us=%4$.1f %1$s_p999_us=%5$.1f %1$s_max_us=%6$.1f",
            name, us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(90)), us(h.getValueAtPercentile(99)),
            us(h.getValueAtPercentile(99.9)), us(h.getMaxValue())));
    }

    private static double us(long ns) {
        return ns / 1000.0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, String flag) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(flag)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("BenchReceiver needs " + flag + " PATH");
    }
}
