package io.quoterelay.receiver;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * The human view of {@link ReceiverStats}: one line per interval, fields in a fixed order so
 * that grep and awk keep working. Documented field by field in docs/operations.md.
 */
final class StatsLine {
    private static final MathContext FIFTEEN_DIGITS = new MathContext(15, RoundingMode.HALF_EVEN);
    private StatsLine() {
    }

    static String format(ReceiverStats s) {
        StringBuilder b = new StringBuilder(256);
        ReceiverStats.Interval interval = s.interval();
        b.append("stats ").append(Math.round(interval.length().toMillis() / 1000.0)).append('s');
        b.append(" msgs=").append(interval.quotes());
        b.append(" rate=").append(String.format(Locale.ROOT, "%.1f", interval.rate())).append("/s");
        boolean anyCorrected = interval.corrected().count() > 0;
        boolean anyRaw = interval.raw().count() > 0;
        ClockStats clock = s.clock();
        if (anyCorrected) {
            percentiles(b, " lat_us", interval.corrected());
            b.append(" (offset-corrected, ");
            estimate(b, clock);
            b.append(')');
        }
        if (anyRaw && clock.latencyClock() == LatencyClock.HOST) {
            percentiles(b, " lat_us", interval.raw());
            b.append(" (host-clock: hosts' clocks trusted; ");
            if (clock.synced()) {
                // Corrected latency would be raw + offset: the offset is how far the estimate disagrees with the hosts.
                b.append("estimate ");
                estimate(b, clock);
                b.append(" differs by ").append(signedMicros(clock.offsetNs())).append("us");
            } else {
                b.append("no estimate yet");
            }
            b.append(')');
        } else if (anyRaw) {
            percentiles(b, anyCorrected ? " raw_lat_us" : " lat_us", interval.raw());
            b.append(" (raw: clock offset not removed; peer cannot sync clocks or no estimate yet");
            if (clock.unansweredPings() + clock.rejectedPongs() > 0) {
                b.append("; clock pings unanswered=").append(clock.unansweredPings())
                    .append(" bad answers=").append(clock.rejectedPongs());
            }
            b.append(')');
        }
        if (!anyCorrected && !anyRaw) {
            b.append(" lat_us n/a");
        }
        ReceiverStats.Accounting a = s.accounting();
        ReceiverStats.Connections c = s.connections();
        b.append(" gaps=").append(a.gaps());
        b.append(" dup=").append(a.duplicates());
        b.append(" ooo=").append(a.outOfOrder());
        b.append(" conflated=").append(a.conflated());
        b.append(" resets=").append(a.sessionResets());
        b.append(" repeats=").append(a.repeats());
        b.append(" cb_err=").append(a.callbackErrors());
        b.append(" bad_frames=").append(s.frames().malformed() + s.frames().oversize());
        b.append(" refused=").append(c.refused() + c.notAllowed() + c.rateLimited());
        b.append(" conns=").append(c.active());
        b.append(" conflated_rx=").append(a.conflatedAtReceiver());
        lines(b, s);
        if (s.lastSymbol() != null) {
            b.append(" last ").append(s.lastSymbol()).append(" mid=").append(price(s.lastMid()));
        }
        return b.toString();
    }

    /**
     * Arbitration, once more than one line (sender session) has carried the feed: merged gaps
     * (missed by every line), then per line its wins, lost races, too-old copies, own gaps and lag
     * behind the winning copy. A single sender's line stays as it was.
     */
    private static void lines(StringBuilder b, ReceiverStats s) {
        if (s.lines().stream().filter(l -> !l.legacy()).count() < 2) {
            return;
        }
        b.append(" merged_gaps=").append(s.merged().gaps()).append(" lost_copies=").append(s.merged().lostCopies())
            .append(" too_old=").append(s.merged().tooOld());
        for (LineStats l : s.lines()) {
            if (l.legacy()) {
                continue;
            }
            LatencySummary lag = l.lagBehindWinner();
            b.append(" line[").append(Long.toHexString(l.sessionId())).append(' ').append(l.peer()).append("]")
                .append(" wins=").append(l.wins()).append(" lost=").append(l.lostRaces())
                .append(" old=").append(l.tooOld()).append(" gaps=").append(l.gaps())
                .append(" covered=").append(l.coveredMissed())
                .append(" lag_us p50=").append(lag.p50Ns() / 1000).append(" p99=").append(lag.p99Ns() / 1000);
            if (l.conflicts() + l.marksReset() > 0) {
                b.append(" conflicts=").append(l.conflicts()).append(" marks_reset=").append(l.marksReset());
            }
        }
    }

    private static void percentiles(StringBuilder b, String label, LatencySummary l) {
        b.append(label)
            .append(" p50=").append(l.p50Ns() / 1000)
            .append(" p90=").append(l.p90Ns() / 1000)
            .append(" p99=").append(l.p99Ns() / 1000)
            .append(" p99.9=").append(l.p999Ns() / 1000)
            .append(" max=").append(l.maxNs() / 1000);
    }

    /**
     * A mid as a person reads it: (bid + ask) / 2 in binary floating point prints 97000.175 as
     * 97000.17499999999; 15 significant digits hold any Binance price and its half tick exactly.
     */
    static String price(double mid) {
        if (!Double.isFinite(mid)) {
            return String.valueOf(mid);
        }
        return new BigDecimal(mid).round(FIFTEEN_DIGITS).stripTrailingZeros().toPlainString();
    }

    /** offset=+Xus rtt_min=Yus ±Zus: the true offset lies within offset ± Z. */
    private static void estimate(StringBuilder b, ClockStats c) {
        b.append("offset=").append(signedMicros(c.offsetNs())).append("us rtt_min=").append(c.rttMinNs() / 1000)
            .append("us \u00b1").append(c.errorBoundNs() / 1000).append("us");
    }

    private static String signedMicros(long ns) {
        long us = ns / 1000;
        return (us >= 0 ? "+" : "") + us;
    }
}
