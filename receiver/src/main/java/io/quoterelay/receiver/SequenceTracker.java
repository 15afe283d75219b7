package io.quoterelay.receiver;

/**
 * Sequence accounting for one sender session: every number is either delivered or counted as a
 * gap, exactly once. TCP neither loses nor reorders within a connection, so gaps arise only when
 * a connection dies with frames in flight, and late arrivals only from a sender's snapshot after
 * a reconnect. Recent gaps are remembered (bounded) so such a late arrival turns a gap back into
 * a delivery instead of being miscounted as a duplicate.
 *
 * <p>A receiver that meets a session after it began (the receiver restarted) starts counting at
 * the first number it sees; what came before is reported as {@link #joinedAtSeq()}, not as gaps.
 * Single-threaded: the I/O thread only; counts are readable from any thread.
 */
final class SequenceTracker {
    /** What to do with a quote. */
    enum Verdict {
        /** A number not delivered before: counted in {@link #delivered}. */
        DELIVER,
        /** A snapshot repeat of a number already counted: the executor gets it as the current price, uncounted. */
        REFRESH,
        DUPLICATE
    }

    private static final int MAX_OPEN_GAPS = 64;

    final Counter delivered = new Counter();
    final Counter gaps = new Counter();
    final Counter duplicates = new Counter();
    final Counter outOfOrder = new Counter();
    final Counter repeats = new Counter();
    private final Counter highest = new Counter();
    private volatile long joinedAtSeq = -1;
    // Open gaps as inclusive ranges, oldest first; only the I/O thread touches them.
    private final long[] gapFrom = new long[MAX_OPEN_GAPS];
    private final long[] gapTo = new long[MAX_OPEN_GAPS];
    private int openGaps;

    Verdict onQuote(long seq, boolean repeat) {
        long h = highest.get();
        if (repeat) {
            // Already counted when first sent; mostly it only refreshes the executor. If the
            // original was lost in flight, this copy is how that update finally arrives.
            repeats.increment();
            if (joinedAtSeq < 0 || seq <= h) {
                if (joinedAtSeq >= 0 && closeGap(seq)) {
                    outOfOrder.increment();
                    delivered.increment();
                    return Verdict.DELIVER;
                }
                return Verdict.REFRESH;
            }
        }
        if (joinedAtSeq < 0) {
            joinedAtSeq = seq;
            highest.set(seq);
            delivered.increment();
            return Verdict.DELIVER;
        }
        if (seq == h + 1) {
            highest.set(seq);
            delivered.increment();
            return Verdict.DELIVER;
        }
        if (seq > h + 1) {
            gaps.add(seq - h - 1);
            openGap(h + 1, seq - 1);
            highest.set(seq);
            delivered.increment();
            return Verdict.DELIVER;
        }
        if (seq >= joinedAtSeq && closeGap(seq)) {
            outOfOrder.increment();
            delivered.increment();
            return Verdict.DELIVER;
        }
        duplicates.increment();
        return Verdict.DUPLICATE;
    }

    long highestSeq() {
        return highest.get();
    }

    /** First sequence number this receiver saw in the session, or -1 before any. */
    long joinedAtSeq() {
        return joinedAtSeq;
    }

    private void openGap(long from, long to) {
        if (openGaps == MAX_OPEN_GAPS) {
            // The oldest gap becomes final: a quote that late is worthless anyway.
            System.arraycopy(gapFrom, 1, gapFrom, 0, MAX_OPEN_GAPS - 1);
            System.arraycopy(gapTo, 1, gapTo, 0, MAX_OPEN_GAPS - 1);
            openGaps--;
        }
        gapFrom[openGaps] = from;
        gapTo[openGaps] = to;
        openGaps++;
    }

    private boolean closeGap(long seq) {
        for (int i = 0; i < openGaps; i++) {
            if (seq < gapFrom[i] || seq > gapTo[i]) {
                continue;
            }
            gaps.add(-1);
            if (gapFrom[i] == gapTo[i]) {
                System.arraycopy(gapFrom, i + 1, gapFrom, i, openGaps - i - 1);
                System.arraycopy(gapTo, i + 1, gapTo, i, openGaps - i - 1);
                openGaps--;
            } else if (seq == gapFrom[i]) {
                gapFrom[i]++;
            } else if (seq == gapTo[i]) {
                gapTo[i]--;
            } else if (openGaps < MAX_OPEN_GAPS) {
                System.arraycopy(gapFrom, i + 1, gapFrom, i + 2, openGaps - i - 1);
                System.arraycopy(gapTo, i + 1, gapTo, i + 2, openGaps - i - 1);
                gapFrom[i + 1] = seq + 1;
                gapTo[i + 1] = gapTo[i];
                gapTo[i] = seq - 1;
                openGaps++;
            } else {
                gapTo[i] = seq - 1; // no room to split: the upper part becomes final
            }
            return true;
        }
        return false;
    }
}
