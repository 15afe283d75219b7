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

    private static final int CALIBRATION_TRIES = 8;
    /** Wall-clock reads bracketed tighter than this leave the midpoint within 10 us of the truth. */
    private static final long GOOD_WINDOW_NS = 20_000;

    private volatile long offsetNs;
    private volatile boolean calibrated;
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

    /**
     * Reads the wall clock between two {@code nanoTime} reads and takes the midpoint. If the thread
     * is preempted between the reads (a busy two-core host: milliseconds), the midpoint can be off
     * by half the gap, and every stamp of the next second with it: both quote latency and the
     * clock exchanges then see a clock that jumps by up to a millisecond once a second. So: the
     * tightest of a few tries, and a loose one is not used while an earlier, tight offset exists.
     */
    private void calibrate() {
        long bestWindow = Long.MAX_VALUE;
        long bestOffset = 0;
        long last = 0;
        for (int i = 0; i < CALIBRATION_TRIES && bestWindow > GOOD_WINDOW_NS; i++) {
            long before = System.nanoTime();
            Instant wall = Instant.now();
            long after = System.nanoTime();
            long wallNs = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
            if (after - before < bestWindow) {
                bestWindow = after - before;
                bestOffset = wallNs - (before + (after - before) / 2);
            }
            last = after;
        }
        if (bestWindow <= GOOD_WINDOW_NS || !calibrated) {
            offsetNs = bestOffset;
            calibrated = true;
        }
        calibratedAtNanoTime = last;
    }
}
