package io.quoterelay.protocol;

/** Wall-clock time in epoch nanoseconds. Injectable so tests can skew one side's clock. */
@FunctionalInterface
public interface EpochNanoClock {
    long epochNanos();

    /** The system clock, read without allocating (see {@link SystemEpochNanoClock}). */
    static EpochNanoClock system() {
        return SystemEpochNanoClock.INSTANCE;
    }

    /** This clock shifted by {@code offsetNs}: for tests that model two hosts whose clocks disagree. */
    default EpochNanoClock shiftedBy(long offsetNs) {
        return () -> epochNanos() + offsetNs;
    }
}
