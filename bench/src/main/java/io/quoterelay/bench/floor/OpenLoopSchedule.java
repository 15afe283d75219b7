package io.quoterelay.bench.floor;

/** When the i-th message of a fixed-rate run is due, relative to the run's start. */
final class OpenLoopSchedule {
    private OpenLoopSchedule() {
    }

    /**
     * Offset of message {@code i} (from 0) at {@code ratePerSecond}, computed from i rather than
     * by adding an interval, so rounding never accumulates into a rate error.
     */
    static long offsetNs(long i, int ratePerSecond) {
        // i * 1e9 fits a long up to i = 9.2e9: 25 hours at 100 000 msg/s.
        return i < 9_000_000_000L ? i * 1_000_000_000L / ratePerSecond : (long) (i * (1e9 / ratePerSecond));
    }
}
