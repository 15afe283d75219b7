package io.quoterelay.protocol;

import java.time.Instant;

/**
 * Epoch nanoseconds as {@code System.nanoTime()} plus an offset taken from the wall clock.
 * {@code nanoTime} is cheap and never allocates; the offset is re-read once a second so that NTP
 * slewing of the wall clock is followed, which keeps both hosts' stamps comparable.
 */
final class SystemEpochNanoClock implements EpochNanoClock {
    static final SystemEpochNanoClock INSTANCE = new SystemEpochNanoClock();
    private static final long RECALIBRATE_EVERY_NS = 1_000_000_000L;

    private volatile long offsetNs;
    private volatile long calibratedAtNanoTime;

    private SystemEpochNanoClock() {
        calibrate();
    }

    @Override
    public long epochNanos() {
        long now = System.nanoTime();
        if (now - calibratedAtNanoTime > RECALIBRATE_EVERY_NS) {
            calibrate();
            now = System.nanoTime();
        }
        return now + offsetNs;
    }

    private void calibrate() {
        long before = System.nanoTime();
        Instant wall = Instant.now();
        long after = System.nanoTime();
        long wallNs = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
        offsetNs = wallNs - (before + (after - before) / 2);
        calibratedAtNanoTime = after;
    }
}
