package io.quoterelay.receiver;

import org.slf4j.Logger;

/**
 * Logs the first occurrence, then at most one line per period with the number suppressed, so a
 * flood of bad input or a callback that throws on every quote cannot flood the log. Counts stay
 * exact in the stats; this only bounds the text.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long periodNs;
    private long lastLoggedNanoTime;
    private boolean loggedOnce;
    private long suppressed;

    RateLimitedLog(Logger log, long periodNs) {
        this.log = log;
        this.periodNs = periodNs;
    }

    synchronized void warn(String message, Throwable t) {
        long now = System.nanoTime();
        if (loggedOnce && now - lastLoggedNanoTime < periodNs) {
            suppressed++;
            return;
        }
        String suffix = suppressed > 0 ? " (" + suppressed + " similar suppressed)" : "";
        if (t != null) {
            log.warn(message + suffix, t);
        } else {
            log.warn(message + suffix);
        }
        loggedOnce = true;
        lastLoggedNanoTime = now;
        suppressed = 0;
    }
}
