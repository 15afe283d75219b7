package io.quoterelay.protocol.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one logger (and those below it) writes during a test, for asserting what an operator
 * would read. Nothing is kept until {@link #start}; {@link #close} detaches, so the next test
 * class does not see this one's lines.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    public LogCapture(Class<?> source) {
        this(source.getName());
    }

    public LogCapture(String loggerName) {
        this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    }

    public void start() {
        appender.start();
        logger.addAppender(appender);
    }

    /** What was logged so far; a copy, as the code under test keeps logging from its own threads. */
    public List<ILoggingEvent> events() {
        synchronized (appender) { // the lock ListAppender appends under
            return List.copyOf(appender.list);
        }
    }

    public List<String> messages() {
        return events().stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    /** Whether any message so far contains {@code text}. */
    public boolean contains(String text) {
        return messages().stream().anyMatch(m -> m.contains(text));
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
