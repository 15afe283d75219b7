package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.receiver.LatencySummary;
import io.quoterelay.sender.LinkState;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.time.Duration;
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
    private static final long MAX_OFFSET_ERROR_NS = 100_000;
    private static final long HIGHEST_NS = 60_000_000_000L;

    @TempDir
    Path dir;

    /** Quotes as the executor saw them: the receiver's stamps and its verdict. */
    private record Seen(long sendNs, long receiveNs, long latencyNs, boolean corrected, boolean repeat) {
    }

    @ParameterizedTest(name = "sender clock {0} ms")
    @ValueSource(longs = {50, -50})
    void skewedSenderClockShowsInRawLatencyAndIsRemovedFromCorrectedLatency(long skewMs) throws Exception {
        long skewNs = TimeUnit.MILLISECONDS.toNanos(skewMs);
        List<Seen> seen = new CopyOnWriteArrayList<>();
        AtomicBoolean measuring = new AtomicBoolean();
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT", "SOLUSDT")
            .ratePerSecond(1_000))) {
            rig.startReceiver(b -> b.onQuote(q -> {
                if (measuring.get()) {
                    seen.add(new Seen(q.sendTimeNs(), q.receiveTimeNs(), q.latencyNs(), q.latencyCorrected(), q.repeat()));
                }
            }));
            rig.startSender(EpochNanoClock.system().shiftedBy(skewNs));
            // The estimate is exact to within half the round trip of the exchange it comes from (the two
            // directions may differ by up to that much). Cold JVMs on a busy machine start with round
            // trips near a millisecond; with quotes flowing the receiver keeps the fastest of its last 16.
            // Wait for one fast enough to promise 100 us; a machine too loaded to produce one within
            // the wait is held to the bound the receiver itself states, rtt / 2.
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            RelayRig.await(() -> rig.receiver.stats().clockSynced(), () -> "a clock estimate");
            while (rig.receiver.stats().clockRttNs() > 2 * MAX_OFFSET_ERROR_NS && System.nanoTime() < waitUntil) {
                Thread.sleep(50);
            }
            long bound = Math.max(MAX_OFFSET_ERROR_NS, rig.receiver.stats().clockRttNs() / 2);
            measuring.set(true);
            RelayRig.await(() -> seen.size() >= 1_000, () -> "1000 quotes, got " + seen.size());
            measuring.set(false);

            ReceiverStats stats = rig.receiver.stats();
            assertTrue(Math.abs(stats.clockOffsetNs() - skewNs) <= bound,
                "estimated offset " + stats.clockOffsetNs() + " ns vs true skew " + skewNs + " ns (rtt " + stats.clockRttNs() + " ns)");
            long worstError = 0;
            long[] raw = new long[seen.size()];
            for (int i = 0; i < raw.length; i++) {
                Seen s = seen.get(i);
                assertTrue(s.corrected(), "every quote after the sync is offset-corrected: " + s);
                raw[i] = s.receiveNs() - s.sendNs();
                long trueLatency = s.receiveNs() - (s.sendNs() - skewNs);
                assertTrue(trueLatency >= 0, "a true one-way latency is never negative: " + trueLatency);
                worstError = Math.max(worstError, Math.abs(s.latencyNs() - trueLatency));
            }
            // Raw latency carries the skew: about -50 ms for a clock 50 ms ahead, +50 ms for one behind.
            java.util.Arrays.sort(raw);
            long rawMedian = raw[raw.length / 2];
            assertTrue(Math.abs(rawMedian + skewNs) < TimeUnit.MILLISECONDS.toNanos(10),
                "median raw latency " + rawMedian + " ns shows the skew of " + skewNs + " ns");
            assertTrue(worstError <= bound, "corrected latency within " + bound / 1000 + " us of the true one, worst "
                + worstError + " ns");
        }
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
            rig.startSender(b -> b.binanceStallTimeout(Duration.ofSeconds(60)));
            RelayRig.await(() -> rig.sender.stats().link().state() == LinkState.UP, () -> "link up");
            rig.simulator.stall(false);
            RelayRig.await(() -> rig.simulator.messagesSent() >= 6_000, () -> "6000 updates sent");
            rig.simulator.stall(true);
            // Sent to the sender's connection (the generator may have made one or two before the hold, for nobody).
            long sent = rig.simulator.messagesSent();
            rig.awaitQuiescent(sent);
            assertEquals(0, rig.sender.stats().binanceReconnects());
            // Two empty intervals after the last quote: every sample has been through a rollover.
            int settled = intervals.size();
            RelayRig.await(() -> intervals.size() >= settled + 2, () -> "two more stats intervals");

            ReceiverStats end = rig.receiver.stats();
            assertEquals(sent, end.delivered(), "every update the simulator sent reached the executor");
            assertEquals(sent, callbacks.get());
            assertEquals(0, end.gaps());
            assertEquals(0, end.conflated(), "a healthy link conflates nothing");
            LatencySummary total = end.correctedTotal().count() > 0 ? end.correctedTotal() : end.rawTotal();
            assertEquals(end.correctedTotal().count() + end.rawTotal().count(), sent);
            synchronized (independent) {
                if (end.rawTotal().count() == 0) {
                    assertEquals(new LatencySummary(independent.getTotalCount(), independent.getValueAtPercentile(50),
                        independent.getValueAtPercentile(90), independent.getValueAtPercentile(99),
                        independent.getValueAtPercentile(99.9), independent.getMaxValue()), total,
                        "the receiver's percentiles are those of the same samples counted independently");
                }
            }
            long intervalQuotes = 0;
            long intervalSamples = 0;
            for (ReceiverStats s : intervals) {
                intervalQuotes += s.intervalQuotes();
                intervalSamples += s.correctedInterval().count() + s.rawInterval().count();
            }
            assertEquals(sent, intervalQuotes, "no quote lost or counted twice at an interval's rollover");
            assertEquals(sent, intervalSamples, "no latency sample lost or counted twice at a rollover");

            // Each stats line says what its interval holds, and together they count what was sent.
            List<String> statsLines = lines.stream().filter(l -> l.startsWith("stats ")).toList();
            assertTrue(statsLines.size() >= intervals.size(), statsLines.size() + " lines for " + intervals.size() + " intervals");
            Pattern msgs = Pattern.compile(" msgs=(\\d+) rate=([0-9.]+)/s ");
            long lineTotal = 0;
            for (int i = 0; i < intervals.size(); i++) {
                ReceiverStats s = intervals.get(i);
                Matcher m = msgs.matcher(statsLines.get(i));
                assertTrue(m.find(), statsLines.get(i));
                assertEquals(s.intervalQuotes(), Long.parseLong(m.group(1)), statsLines.get(i));
                double expectedRate = s.intervalQuotes() / (s.intervalLength().toNanos() / 1e9);
                assertEquals(String.format(Locale.ROOT, "%.1f", expectedRate), m.group(2), statsLines.get(i));
                lineTotal += s.intervalQuotes();
            }
            assertEquals(sent, lineTotal, "the stats lines' msgs add up to the updates sent");
            String last = statsLines.get(intervals.size() - 1);
            assertTrue(last.contains(" gaps=0 dup=0 ooo=0 conflated=0 "), last);
        } finally {
            statsLogger.detachAppender(capture);
        }
    }
}
