package io.quoterelay.sender.internal;

import org.slf4j.Logger;

/**
 * Logs the first occurrence in full, then at most one summary line per period with the number of
 * occurrences since, so a flood of bad input cannot flood the log. Exact counts live in the stats;
 * this only bounds the text. Thread-safe; cheap when suppressing (no formatting).
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long periodNs;
    private final String what;
    private long lastLoggedNanoTime;
    private boolean loggedOnce;
    private long suppressed;

    public RateLimitedLog(Logger log, String what, long periodNs) {
        this.log = log;
        this.what = what;
        this.periodNs = periodNs;
    }

    /** Records one occurrence; {@code detail} is only evaluated when a line is written. */
    public synchronized void warn(java.util.function.Supplier<String> detail) {
        long now = System.nanoTime();
        if (!loggedOnce) {
            loggedOnce = true;
            lastLoggedNanoTime = now;
            log.warn("{}: {}", what, detail.get());
            return;
        }
        suppressed++;
        if (now - lastLoggedNanoTime >= periodNs) {
            log.warn("{}: {} more in the last {} s; latest: {}", what, suppressed,
                (now - lastLoggedNanoTime) / 1_000_000_000L, detail.get());
            suppressed = 0;
            lastLoggedNanoTime = now;
        }
    }

    /** Shortens {@code text} to {@code max} characters for a log line, saying how long it was. */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "null";
        }
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }
}
