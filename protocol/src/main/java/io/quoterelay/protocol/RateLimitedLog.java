package io.quoterelay.protocol;

import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One kind of event (say, TLS handshakes that failed) logged at most once per period, so a flood
 * of bad input or a callback that throws on every quote cannot flood the log. The first event of
 * a burst is logged in full at once; the others in the same period are counted, and when the
 * period ends a line of its own says how many there were and what the latest was. Each kind has
 * its own instance, so a summary always counts its own kind and never rides on another's line.
 * Counts stay exact in the stats; this only bounds the text. Any thread; cheap while suppressing
 * when the message is given as a {@link Supplier} (it is built only for a line that is written).
 *
 * <p>The end-of-burst summary is written by the {@code flusher} when one is given, else by
 * {@link #flush()}, which the owner calls about once a second.
 */
public final class RateLimitedLog {
    private final Logger log;
    private final String what;
    private final long periodNs;
    private final ScheduledExecutorService flusher;
    private boolean windowOpen;
    private long windowStartNanoTime;
    private long suppressed;
    private Supplier<String> latest;
    private boolean flushScheduled;

    /**
     * @param log      where the lines go
     * @param what     the kind, as the summary line names it ("TLS handshakes failed")
     * @param periodNs at most one full line and one summary per this many nanoseconds
     * @param flusher  runs the end-of-burst summary; null: {@link #flush()} or the next event of this kind writes it
     */
    public RateLimitedLog(Logger log, String what, long periodNs, ScheduledExecutorService flusher) {
        this.log = log;
        this.what = what;
        this.periodNs = periodNs;
        this.flusher = flusher;
    }

    /**
     * Records one event; {@code message} is logged as it is when it opens a burst.
     *
     * @param message the whole line
     * @param t       its cause, logged with the line; may be null
     */
    public void warn(String message, Throwable t) {
        record(() -> message, t);
    }

    /**
     * Records one event whose line is built only when it is written.
     *
     * @param message builds the whole line
     */
    public void warn(Supplier<String> message) {
        record(message, null);
    }

    private synchronized void record(Supplier<String> message, Throwable t) {
        long now = System.nanoTime();
        if (windowOpen && now - windowStartNanoTime < periodNs) {
            suppressed++;
            latest = message;
            if (!flushScheduled && flusher != null) {
                flushScheduled = true;
                try {
                    flusher.schedule(this::flushScheduled, windowStartNanoTime + periodNs - now, TimeUnit.NANOSECONDS);
                } catch (RuntimeException e) {
                    flushScheduled = false; // shutting down: the summary comes with the next event, if any
                }
            }
            return;
        }
        summarise(now);
        if (t != null) {
            log.warn(message.get(), t);
        } else {
            log.warn(message.get());
        }
        windowOpen = true;
        windowStartNanoTime = now;
    }

    /** Writes the suppressed count of a burst whose period is over; nothing when there is none or it is not over. */
    public synchronized void flush() {
        long now = System.nanoTime();
        if (now - windowStartNanoTime >= periodNs) {
            summarise(now);
        }
    }

    /** End of a period, as the flusher scheduled it: the suppressed count of its burst, on a line of its own. */
    private synchronized void flushScheduled() {
        flushScheduled = false;
        summarise(System.nanoTime());
    }

    private void summarise(long now) {
        if (suppressed == 0) {
            return;
        }
        log.warn("{}: {} more in the last {} s, not logged one by one (latest: {})", what, suppressed,
            String.format(Locale.ROOT, "%.1f", (now - windowStartNanoTime) / 1e9), latest.get());
        suppressed = 0;
        latest = null;
        // A new period starts with this line: a burst that goes on gets one summary per period.
        windowStartNanoTime = now;
    }

    /**
     * Shortens {@code text} to {@code max} characters for a log line, saying how long it was.
     *
     * @param text the text; null is written "null"
     * @param max  the most characters kept
     * @return the text, shortened when longer than {@code max}
     */
    public static String truncate(String text, int max) {
        if (text == null) {
            return "null";
        }
        return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
    }
}
