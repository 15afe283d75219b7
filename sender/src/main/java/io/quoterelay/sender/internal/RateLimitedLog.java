package io.quoterelay.sender.internal;

import org.slf4j.Logger;

/**
 * Logs the first occurrence in full, then at most one summary line per period with the number of
 * occurrences since, so a flood of bad input cannot flood the log. Exact counts live in the stats;
 * this only bounds the text. A burst's own count is written by {@link #flush()} once its period
 * is over, without waiting for a later occurrence to carry it (call it about once a second).
 * Thread-safe; cheap when suppressing (no formatting).
 */
public final class RateLimitedLog {
    private final Logger log;
    private final long periodNs;
    private final String what;
    private long lastLoggedNanoTime;
    private boolean loggedOnce;
    private long suppressed;
    private java.util.function.Supplier<String> latest;

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
        latest = detail;
        if (now - lastLoggedNanoTime >= periodNs) {
            summarise(now);
        }
    }

    /** Writes the suppressed count of a burst whose period is over; nothing when there is none. */
    public synchronized void flush() {
        long now = System.nanoTime();
        if (suppressed > 0 && now - lastLoggedNanoTime >= periodNs) {
            summarise(now);
        }
    }

    private void summarise(long now) {
        log.warn("{}: {} more in the last {} s; latest: {}", what, suppressed,
            Math.max(1, (now - lastLoggedNanoTime) / 1_000_000_000L), latest.get());
        suppressed = 0;
        latest = null;
        lastLoggedNanoTime = now;
    }

    /** Shortens {@code text} to {@code max} characters for a log line, saying how long it was. */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "null";
        }
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }
}
