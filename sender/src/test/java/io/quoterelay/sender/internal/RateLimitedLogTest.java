package io.quoterelay.sender.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {
    private static final long PERIOD_NS = 200_000_000L;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger logger = new LoggerContext().getLogger("rate-limited-log-test");

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aBurstsCountIsWrittenByFlushOnceItsPeriodIsOverWithoutWaitingForAnotherOccurrence() throws Exception {
        appender.start();
        logger.addAppender(appender);
        RateLimitedLog log = new RateLimitedLog(logger, "malformed message from Binance", PERIOD_NS);
        for (int i = 1; i <= 50; i++) {
            int n = i;
            log.warn(() -> "bad " + n);
        }
        log.flush(); // inside the period: nothing yet
        assertEquals(List.of("malformed message from Binance: bad 1"), lines());
        for (int i = 0; i < 500 && lines().size() < 2; i++) {
            Thread.sleep(10);
            log.flush();
        }
        assertEquals(2, lines().size(), lines().toString());
        assertTrue(lines().get(1).startsWith("malformed message from Binance: 49 more in the last "), lines().get(1));
        assertTrue(lines().get(1).endsWith("latest: bad 50"), lines().get(1));
        log.flush();
        Thread.sleep(PERIOD_NS / 1_000_000 + 50);
        log.flush();
        assertEquals(2, lines().size(), "a quiet period writes nothing: " + lines());
    }
}
