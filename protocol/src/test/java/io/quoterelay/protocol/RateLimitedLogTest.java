package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quoterelay.protocol.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long PERIOD_NS = 200_000_000L;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor();
    private Logger logger;

    @BeforeEach
    void logger() {
        logger = new LoggerContext().getLogger("rate-limited-log-test");
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void stop() {
        flusher.shutdownNow();
    }

    private List<String> lines() {
        synchronized (appender) {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    @Test
    void aBurstsOwnCountComesOnALineOfItsOwnWhenThePeriodEnds() throws Exception {
        // A period long enough that the burst below surely falls inside one, however loaded the machine.
        long periodNs = 5 * PERIOD_NS;
        RateLimitedLog handshakes = new RateLimitedLog(logger, "TLS handshakes failed", periodNs, flusher);
        RateLimitedLog timeouts = new RateLimitedLog(logger, "closed connections", periodNs, flusher);
        for (int i = 1; i <= 200; i++) {
            handshakes.warn("closed connection from 198.51.100.1:" + i + ": TLS handshake failed: no client certificate",
                null);
        }
        timeouts.warn("closed connection from 203.0.113.7:5000: sent no frame in time after connecting", null);
        Await.until("the summary, without another event to carry it", WAIT, () -> lines().size() == 3);
        List<String> lines = lines();
        assertEquals("closed connection from 198.51.100.1:1: TLS handshake failed: no client certificate", lines.get(0));
        assertEquals("closed connection from 203.0.113.7:5000: sent no frame in time after connecting", lines.get(1),
            "another kind's line carries no count of the first kind");
        assertTrue(lines.get(2).startsWith("TLS handshakes failed: 199 more in the last "), lines.get(2));
        assertTrue(lines.get(2).endsWith("(latest: closed connection from 198.51.100.1:200: TLS handshake failed: "
            + "no client certificate)"), lines.get(2));
        Thread.sleep(periodNs / 1_000_000 + 200);
        assertEquals(3, lines().size(), "a burst that ended is summarised once");
        handshakes.warn("closed connection from 198.51.100.1:201: TLS handshake failed: no client certificate", null);
        assertEquals(4, lines().size(), "after a quiet period the next event is logged in full at once");
    }

    @Test
    void aBurstThatGoesOnGetsOneSummaryPerPeriodAndTheCountsAddUp() throws Exception {
        RateLimitedLog log = new RateLimitedLog(logger, "closed connections", PERIOD_NS, flusher);
        long events = 0;
        long end = System.nanoTime() + 4 * PERIOD_NS;
        while (System.nanoTime() < end) {
            log.warn("event " + ++events, null);
            Thread.sleep(1);
        }
        long total = events;
        // One snapshot per look: the flusher may add a line between two calls of lines().
        Await.until("the last event's summary", WAIT, () -> {
            List<String> now = lines();
            return now.size() > 1 && now.get(now.size() - 1).contains("event " + total);
        });
        List<String> summaries = lines().stream().filter(l -> l.startsWith("closed connections: ")).toList();
        long summarised = summaries.stream()
            .mapToLong(l -> Long.parseLong(l.substring("closed connections: ".length(), l.indexOf(" more")))).sum();
        long fullLines = lines().size() - summaries.size();
        assertTrue(summaries.size() >= 2, "a summary per period of the burst, not one at its end only: " + summaries);
        assertEquals(events, summarised + fullLines, "every event is either a line or in a count: " + lines());
    }

    @Test
    void withoutAFlusherFlushWritesABurstsCountOnceItsPeriodIsOverWithoutWaitingForAnotherEvent() throws Exception {
        RateLimitedLog log = new RateLimitedLog(logger, "malformed message from Binance", PERIOD_NS, null);
        for (int i = 1; i <= 50; i++) {
            int n = i;
            log.warn(() -> "malformed message from Binance: bad " + n);
        }
        log.flush(); // inside the period: nothing yet
        assertEquals(List.of("malformed message from Binance: bad 1"), lines());
        Await.until("the summary written by flush()", WAIT, () -> {
            log.flush();
            return lines().size() >= 2;
        });
        assertEquals(2, lines().size(), lines().toString());
        assertTrue(lines().get(1).startsWith("malformed message from Binance: 49 more in the last "), lines().get(1));
        assertTrue(lines().get(1).endsWith("(latest: malformed message from Binance: bad 50)"), lines().get(1));
        log.flush();
        Thread.sleep(PERIOD_NS / 1_000_000 + 50);
        log.flush();
        assertEquals(2, lines().size(), "a quiet period writes nothing: " + lines());
    }

    @Test
    void truncateSaysHowLongTheTextWas() {
        assertEquals("abc", RateLimitedLog.truncate("abc", 3));
        assertEquals("ab... (3 chars)", RateLimitedLog.truncate("abc", 2));
        assertEquals("null", RateLimitedLog.truncate(null, 2));
    }
}
