package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.LatencyBasis;
import io.quoterelay.receiver.LatencySummary;
import io.quoterelay.sender.LinkState;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * The latency the receiver reports is the truth. Sender and receiver run in this JVM, so the test
 * knows both clocks exactly: the sender's is the receiver's shifted by a known skew, and the true
 * one-way latency of a quote is {@code receive − (send − skew)}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LatencyTruthTest {
    /** The promise for one host (true offset 0), where a quiet exchange takes well under 100 us. */
    private static final long LOOPBACK_OFFSET_ERROR_NS = 50_000;
    /** 500 ms intervals skipped after the first estimate: cold code and the first bursts. */
    private static final int WARM_UP_INTERVALS = 10;
    private static final long HIGHEST_NS = 60_000_000_000L;

    @TempDir
    Path dir;

    /** Quotes as the executor saw them: the receiver's stamps and its verdict. */
    private record Seen(long sendNs, long receiveNs, long latencyNs, boolean corrected, boolean repeat) {
    }

    /**
     * Sender and receiver share this host's clock, so the true offset is 0. At 1 000 msg/s, once
     * the estimate has had its first bursts, every one of 10 consecutive stats intervals reports an
     * offset within 50 us of 0, and 0 within the bound the receiver states beside it.
     */
    @Test
    void onLoopbackTheEstimatedOffsetStaysWithin50usOfZeroForTenIntervals() throws Exception {
        List<ReceiverStats> intervals = new CopyOnWriteArrayList<>();
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT", "SOLUSDT")
            .ratePerSecond(1_000))) {
            rig.startReceiver(b -> b.statsInterval(Duration.ofMillis(500)).statsListener(intervals::add));
            rig.startSender();
            Await.until("a clock estimate", RelayRig.WAIT, () -> rig.receiver.stats().clock().synced());
            // The first bursts run on cold code and meet cold JIT: let the window fill for a few seconds.
            int from = intervals.size() + WARM_UP_INTERVALS;
            Await.until("10 stats intervals after warm-up", RelayRig.WAIT, () -> intervals.size() >= from + 10);
            StringBuilder seen = new StringBuilder();
            for (ReceiverStats s : intervals.subList(from, from + 10)) {
                seen.append(String.format(Locale.ROOT, " %+d/%d", s.clock().offsetNs() / 1000, s.clock().errorBoundNs() / 1000));
            }
            System.out.println("loopback offset/bound us per 500 ms interval:" + seen);
            for (ReceiverStats s : intervals.subList(from, from + 10)) {
                assertTrue(s.clock().synced());
                assertEquals(LatencyBasis.CORRECTED, s.latencyBasis());
                assertTrue(Math.abs(s.clock().offsetNs()) <= LOOPBACK_OFFSET_ERROR_NS,
                    "offset within 50 us of the true 0 in every interval (offset/bound us):" + seen);
                assertTrue(Math.abs(s.clock().offsetNs()) <= s.clock().errorBoundNs(),
                    "the true offset 0 lies inside the stated bound in every interval:" + seen);
                assertEquals(s.clock().rttMinNs() / 2, s.clock().errorBoundNs());
            }
        }
    }

    /**
     * A sender clock skewed by ±50 ms shows in raw latency and is removed from corrected latency:
     * each quote's corrected latency is its true latency (known here: the test knows the skew)
     * within the bound the receiver stated while correcting it, and the corrected median is the
     * true median, the one an unskewed sender would have produced for the same quotes, within 50 us.
     */
    @ParameterizedTest(name = "sender clock {0} ms")
    @ValueSource(longs = {50, -50, 0})
    void skewedSenderClockShowsInRawLatencyAndIsRemovedFromCorrectedLatency(long skewMs) throws Exception {
        long skewNs = TimeUnit.MILLISECONDS.toNanos(skewMs);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicLong widestBound = new AtomicLong();
        AtomicLong worstOffsetError = new AtomicLong();
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT", "SOLUSDT")
            .ratePerSecond(1_000))) {
            rig.startReceiver(b -> b.statsInterval(Duration.ofMillis(250)).statsListener(s -> {
                if (measuring.get()) {
                    widestBound.accumulateAndGet(s.clock().errorBoundNs(), Math::max);
                    worstOffsetError.accumulateAndGet(Math.abs(s.clock().offsetNs() - skewNs), Math::max);
                }
            }).onQuote(q -> {
                if (measuring.get()) {
                    seen.add(new Seen(q.sendTimeNs(), q.receiveTimeNs(), q.latencyNs(), q.latencyCorrected(), q.repeat()));
                }
            }));
            rig.startSender(EpochNanoClock.system().shiftedBy(skewNs));
            Await.until("a clock estimate", RelayRig.WAIT, () -> rig.receiver.stats().clock().synced());
            Thread.sleep(WARM_UP_INTERVALS * 500L); // as above: let the first bursts' window fill
            ReceiverStats before = rig.receiver.stats();
            measuring.set(true);
            Await.until(() -> "3000 quotes, got " + seen.size(), RelayRig.WAIT, () -> seen.size() >= 3_000);
            measuring.set(false);
            ReceiverStats after = rig.receiver.stats();
            long bound = Math.max(widestBound.get(), Math.max(before.clock().errorBoundNs(), after.clock().errorBoundNs()));

            assertTrue(Math.abs(after.clock().offsetNs() - skewNs) <= after.clock().errorBoundNs(),
                "true skew " + skewNs + " ns inside the stated " + after.clock().offsetNs() + " ± " + after.clock().errorBoundNs());
            assertTrue(worstOffsetError.get() <= bound, "every interval's offset within its bound of the skew");
            List<Seen> quotes = new ArrayList<>(seen);
            long worstError = 0;
            long[] raw = new long[quotes.size()];
            long[] corrected = new long[quotes.size()];
            long[] truth = new long[quotes.size()];
            for (int i = 0; i < raw.length; i++) {
                Seen s = quotes.get(i);
                assertTrue(s.corrected(), "every quote after the sync is offset-corrected: " + s);
                raw[i] = s.receiveNs() - s.sendNs();
                truth[i] = s.receiveNs() - (s.sendNs() - skewNs);
                corrected[i] = s.latencyNs();
                assertTrue(truth[i] >= 0, "a true one-way latency is never negative: " + truth[i]);
                worstError = Math.max(worstError, Math.abs(corrected[i] - truth[i]));
            }
            // Raw latency carries the skew: about -50 ms for a clock 50 ms ahead, +50 ms for one behind.
            long rawMedian = median(raw);
            assertTrue(Math.abs(rawMedian + skewNs) < TimeUnit.MILLISECONDS.toNanos(10),
                "median raw latency " + rawMedian + " ns shows the skew of " + skewNs + " ns");
            assertTrue(worstError <= bound, "corrected latency within the stated bound " + bound / 1000
                + " us of the true one, worst " + worstError + " ns");
            long correctedMedian = median(corrected);
            long trueMedian = median(truth);
            System.out.printf(Locale.ROOT, "skew %+d ms: corrected p50 %d us, true p50 %d us, offset %+d us ± %d us%n",
                skewMs, correctedMedian / 1000, trueMedian / 1000, (after.clock().offsetNs() - skewNs) / 1000,
                after.clock().errorBoundNs() / 1000);
            assertTrue(Math.abs(correctedMedian - trueMedian) <= LOOPBACK_OFFSET_ERROR_NS,
                "corrected p50 " + correctedMedian + " ns matches the unskewed truth " + trueMedian + " ns within 50 us");
        }
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Test
    void percentilesIntervalsAndTheStatsLineAgreeWithAnIndependentCountOfTheSameSamples() throws Exception {
        Histogram independent = new Histogram(HIGHEST_NS, 3);
        AtomicLong callbacks = new AtomicLong();
        List<ReceiverStats> intervals = new CopyOnWriteArrayList<>();
        List<String> lines = new CopyOnWriteArrayList<>();
        AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                lines.add(e.getFormattedMessage());
            }
        };
        Logger statsLogger = (Logger) LoggerFactory.getLogger("io.quoterelay.receiver.stats");
        capture.start();
        statsLogger.addAppender(capture);
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT", "SOLUSDT")
            .ratePerSecond(2_000))) {
            // Updates that arrive before the link to the receiver is up are conflated, rightly: hold them.
            rig.simulator.stall(true);
            rig.startReceiver(b -> b.statsInterval(Duration.ofMillis(250)).statsListener(intervals::add)
                .onQuote(q -> {
                    // The I/O thread is the only caller: a plain Histogram is safe here and read after quiescence.
                    synchronized (independent) {
                        independent.recordValue(Math.max(0, Math.min(q.latencyNs(), HIGHEST_NS)));
                    }
                    callbacks.incrementAndGet();
                }));
            // Held updates must not look like a stalled exchange to the sender (it would redial, losing some upstream).
            // One Binance connection: messagesSent() below then counts each update once.
            rig.startSender(b -> b.binanceStallTimeout(Duration.ofSeconds(60)).binanceConnections(1));
            Await.until("link up", RelayRig.WAIT, () -> rig.sender.stats().link().state() == LinkState.UP);
            rig.simulator.stall(false);
            Await.until("6000 updates sent", RelayRig.WAIT, () -> rig.simulator.messagesSent() >= 6_000);
            rig.simulator.stall(true);
            // Sent to the sender's connection (the generator may have made one or two before the hold, for nobody).
            long sent = rig.simulator.messagesSent();
            rig.awaitQuiescent(sent);
            assertEquals(0, rig.sender.stats().binanceReconnects());
            // Two empty intervals after the last quote: every sample has been through a rollover.
            int settled = intervals.size();
            Await.until("two more stats intervals", RelayRig.WAIT, () -> intervals.size() >= settled + 2);

            ReceiverStats end = rig.receiver.stats();
            // A burst of one symbol read at once reaches the executor as its newest quote, the rest counted.
            assertEquals(sent, end.accounting().delivered() + end.accounting().conflatedAtReceiver(), "every update the simulator sent is accounted for");
            assertEquals(end.accounting().delivered(), callbacks.get());
            assertEquals(0, end.accounting().gaps());
            assertEquals(0, end.accounting().conflated(), "a healthy link conflates nothing");
            LatencySummary total = end.latency().corrected().count() > 0 ? end.latency().corrected() : end.latency().raw();
            assertEquals(end.latency().corrected().count() + end.latency().raw().count(), sent);
            synchronized (independent) {
                assertEquals(end.accounting().delivered(), independent.getTotalCount());
                // Latency is recorded on decode for every quote, the executor sees those not conflated:
                // the same samples only when nothing was (the I/O thread never woke to two quotes of a symbol).
                if (end.latency().raw().count() == 0 && end.accounting().conflatedAtReceiver() == 0) {
                    assertEquals(new LatencySummary(independent.getTotalCount(), independent.getValueAtPercentile(50),
                        independent.getValueAtPercentile(90), independent.getValueAtPercentile(99),
                        independent.getValueAtPercentile(99.9), independent.getMaxValue()), total,
                        "the receiver's percentiles are those of the same samples counted independently");
                }
            }
            long intervalQuotes = 0;
            long intervalSamples = 0;
            for (ReceiverStats s : intervals) {
                intervalQuotes += s.interval().quotes();
                intervalSamples += s.interval().corrected().count() + s.interval().raw().count();
            }
            assertEquals(end.accounting().delivered(), intervalQuotes, "no quote lost or counted twice at an interval's rollover");
            assertEquals(sent, intervalSamples, "no latency sample lost or counted twice at a rollover");

            // Each stats line says what its interval holds, and together they count what was sent.
            // The intervals first: each line is logged before its listener call, so lines >= intervals.
            List<ReceiverStats> seen = List.copyOf(intervals);
            List<String> statsLines = lines.stream().filter(l -> l.startsWith("stats ")).toList();
            assertTrue(statsLines.size() >= seen.size(), statsLines.size() + " lines for " + seen.size() + " intervals");
            Pattern msgs = Pattern.compile(" msgs=(\\d+) rate=([0-9.]+)/s ");
            long lineTotal = 0;
            for (int i = 0; i < seen.size(); i++) {
                ReceiverStats s = seen.get(i);
                Matcher m = msgs.matcher(statsLines.get(i));
                assertTrue(m.find(), statsLines.get(i));
                assertEquals(s.interval().quotes(), Long.parseLong(m.group(1)), statsLines.get(i));
                double expectedRate = s.interval().quotes() / (s.interval().length().toNanos() / 1e9);
                assertEquals(String.format(Locale.ROOT, "%.1f", expectedRate), m.group(2), statsLines.get(i));
                lineTotal += s.interval().quotes();
            }
            assertEquals(end.accounting().delivered(), lineTotal, "the stats lines' msgs add up to the quotes delivered");
            String last = statsLines.get(seen.size() - 1);
            assertTrue(last.contains(" gaps=0 dup=0 ooo=0 conflated=0 "), last);
        } finally {
            statsLogger.detachAppender(capture);
        }
    }
}
