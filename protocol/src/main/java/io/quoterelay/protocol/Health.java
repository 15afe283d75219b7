package io.quoterelay.protocol;

import java.util.Locale;

/**
 * Whether quotes are flowing, not merely whether a process runs: the answer of
 * {@code RelayReceiver.health()} and {@code RelaySender.health()}, and what their {@code /health}
 * endpoints serve (200 "ok: reason" when healthy, 503 "unhealthy: reason" otherwise).
 *
 * @param healthy whether quotes are flowing
 * @param reason  one line saying why, e.g. "last quote 42.0s ago (limit 30.0s)"
 */
public record Health(boolean healthy, String reason) {
    /**
     * A duration as health reasons write it, in seconds with one decimal ("42.0s").
     *
     * @param nanos the duration in nanoseconds
     * @return the text
     */
    public static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1fs", nanos / 1e9);
    }
}
