package io.quoterelay.receiver;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * One kind of event (say, TLS handshakes that failed) logged at most once per period, so a flood
 * of bad input or a callback that throws on every quote cannot flood the log. The first event of
 * a burst is logged in full at once; the others in the same period are counted, and when the
 * period ends a line of its own says how many there were and what the latest was. Each kind has
 * its own instance, so a summary always counts its own kind and never rides on another's line.
 * Counts stay exact in the stats; this only bounds the text. Any thread.
 */
final class RateLimitedLog {
    private final Logger log;
    private final String what;
    private final long periodNs;
    private final ScheduledExecutorService flusher;
    private boolean windowOpen;
    private long windowStartNanoTime;
    private long suppressed;
    private String latest;
    private boolean flushScheduled;

    /**
     * @param what    the kind, as the summary line names it ("TLS handshakes failed")
     * @param flusher runs the end-of-burst summary; null: the summary waits for the next event of this kind
     */
    RateLimitedLog(Logger log, String what, long periodNs, ScheduledExecutorService flusher) {
        this.log = log;
        this.what = what;
        this.periodNs = periodNs;
        this.flusher = flusher;
    }

    synchronized void warn(String message, Throwable t) {
        long now = System.nanoTime();
        if (windowOpen && now - windowStartNanoTime < periodNs) {
            suppressed++;
            latest = message;
            if (!flushScheduled && flusher != null) {
                flushScheduled = true;
                try {
                    flusher.schedule(this::flush, windowStartNanoTime + periodNs - now, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    flushScheduled = false; // shutting down: the summary comes with the next event, if any
                }
            }
            return;
        }
        summarise(now);
        if (t != null) {
            log.warn(message, t);
        } else {
            log.warn(message);
        }
        windowOpen = true;
        windowStartNanoTime = now;
    }

    /** End of a period: the suppressed count of its burst, on a line of its own. */
    synchronized void flush() {
        flushScheduled = false;
        summarise(System.nanoTime());
    }

    private void summarise(long now) {
        if (suppressed == 0) {
            return;
        }
        log.warn("{}: {} more in the last {} s, not logged one by one (latest: {})", what, suppressed,
            String.format(Locale.ROOT, "%.1f", (now - windowStartNanoTime) / 1e9), latest);
        suppressed = 0;
        latest = null;
        // A new period starts with this line: a burst that goes on gets one summary per period.
        windowStartNanoTime = now;
    }
}
