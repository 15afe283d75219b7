package io.quoterelay.receiver;

/**
 * Estimates the sender's clock offset and the round trip from NTP-style exchanges on the link:
 * t1 (our clock, ping sent), t2 (sender's, ping received), t3 (sender's, pong sent), t4 (our
 * clock, pong received). rtt = (t4 − t1) − (t3 − t2); offset = ((t2 − t1) + (t3 − t4)) / 2 is
 * the sender's clock minus ours. Whatever the two directions take, the true offset lies within
 * ± rtt / 2 of an exchange's estimate: that is the error bound, and it is exact only when both
 * directions take equal time.
 *
 * <p>Queueing and wake-ups make an exchange slower and usually lopsided, so the estimate is the
 * exchange with the smallest bound among the last {@value #CAPACITY} (up to {@value #MAX_AGE_SECONDS}
 * s old), where a sample's bound grows with its age by {@value #AGING_NS_PER_SECOND} ns per second
 * (15 ppm, the frequency error NTP allows a free-running clock): an old quiet exchange gives way
 * to a fresher one once the clocks may have drifted further apart than the newer exchange is
 * noisy, so a real drift is followed. Pings come in bursts (see {@link ConnectionHandler}), so the
 * window holds quiet samples from every few seconds.
 *
 * <p>One instance per connection (each sender host has its own clock); I/O thread only.
 */
final class ClockSync {
    static final int CAPACITY = 256;
    static final long MAX_AGE_SECONDS = 120;
    static final long AGING_NS_PER_SECOND = 15_000;
    /** A round trip beyond this is not a measurement of any network this product runs on: garbage. */
    static final long MAX_RTT_NS = 10_000_000_000L;
    private static final long MAX_AGE_NS = MAX_AGE_SECONDS * 1_000_000_000L;

    private final long[] offsets = new long[CAPACITY];
    private final long[] rtts = new long[CAPACITY];
    private final long[] takenAt = new long[CAPACITY];
    private int samples;
    private int next;
    private long offsetNs;
    private long rttNs;
    private long sampleAgeNs;
    private boolean hasEstimate;

    /** Adds one exchange; returns false (and ignores it) when its times are impossible. */
    boolean onExchange(long t1, long t2, long t3, long t4) {
        long rtt = (t4 - t1) - (t3 - t2);
        if (t4 < t1 || t3 < t2 || rtt < 0 || rtt > MAX_RTT_NS) {
            return false;
        }
        // Halves first: (t2 − t1) + (t3 − t4) overflows for clocks decades apart, halves do not.
        offsets[next] = (t2 - t1) / 2 + (t3 - t4) / 2;
        rtts[next] = rtt;
        takenAt[next] = t4;
        next = (next + 1) % CAPACITY;
        samples = Math.min(samples + 1, CAPACITY);
        choose(t4);
        return true;
    }

    private void choose(long now) {
        int best = -1;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < samples; i++) {
            long age = now - takenAt[i];
            if (age < 0 || age > MAX_AGE_NS) {
                continue; // too old to trust, or our clock stepped back since
            }
            long score = rtts[i] / 2 + age / 1_000_000_000L * AGING_NS_PER_SECOND
                + age % 1_000_000_000L * AGING_NS_PER_SECOND / 1_000_000_000L;
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        // The newest sample always qualifies (age 0), so best is set.
        offsetNs = offsets[best];
        rttNs = rtts[best];
        sampleAgeNs = now - takenAt[best];
        hasEstimate = true;
    }

    boolean hasEstimate() {
        return hasEstimate;
    }

    /** Sender clock minus receiver clock. */
    long offsetNs() {
        return offsetNs;
    }

    /** Round trip of the exchange the estimate comes from: the smallest, after aging. */
    long rttNs() {
        return rttNs;
    }

    /** The true offset lies within ± this of {@link #offsetNs()} when the exchange was made: rtt / 2. */
    long errorBoundNs() {
        return rttNs / 2;
    }

    /** How old the chosen exchange was when it was chosen (receiver clock). */
    long sampleAgeNs() {
        return sampleAgeNs;
    }
}
