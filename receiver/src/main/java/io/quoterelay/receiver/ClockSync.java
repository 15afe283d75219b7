package io.quoterelay.receiver;

/**
 * Estimates the sender's clock offset and the round trip from NTP-style exchanges on the link:
 * t1 (our clock, ping sent), t2 (sender's, ping received), t3 (sender's, pong sent), t4 (our
 * clock, pong received). rtt = (t4 − t1) − (t3 − t2); offset = ((t2 − t1) + (t3 − t4)) / 2 is
 * the sender's clock minus ours, exact when both directions take equal time. Queueing makes an
 * exchange slower and skews it, so the estimate is the sample with the smallest rtt among the
 * last {@value #WINDOW} — the one least disturbed.
 */
final class ClockSync {
    static final int WINDOW = 16;

    private final long[] offsets = new long[WINDOW];
    private final long[] rtts = new long[WINDOW];
    private int samples;
    private int next;
    private volatile long offsetNs;
    private volatile long rttNs;
    private volatile boolean hasEstimate;

    /** Adds one exchange; returns false (and ignores it) when its times are impossible. */
    boolean onExchange(long t1, long t2, long t3, long t4) {
        long rtt = (t4 - t1) - (t3 - t2);
        if (t4 < t1 || t3 < t2 || rtt < 0) {
            return false;
        }
        offsets[next] = ((t2 - t1) + (t3 - t4)) / 2;
        rtts[next] = rtt;
        next = (next + 1) % WINDOW;
        samples = Math.min(samples + 1, WINDOW);
        int best = 0;
        for (int i = 1; i < samples; i++) {
            if (rtts[i] < rtts[best]) {
                best = i;
            }
        }
        offsetNs = offsets[best];
        rttNs = rtts[best];
        hasEstimate = true;
        return true;
    }

    boolean hasEstimate() {
        return hasEstimate;
    }

    /** Sender clock minus receiver clock. */
    long offsetNs() {
        return offsetNs;
    }

    long rttNs() {
        return rttNs;
    }
}
