package io.quoterelay.receiver;

/**
 * The clock-offset estimate behind offset-corrected latency, from the most recent sender link
 * that produced one. The true offset lies within {@code offsetNs ± errorBoundNs}: the bound is half
 * the round trip of the exchange the estimate comes from (both directions together took
 * {@code rttMinNs}; however unequally they split it, the estimate is off by at most half).
 *
 * @param latencyClock     which clock the headline latency trusts (configured)
 * @param synced           whether an estimate exists
 * @param offsetNs         sender clock minus receiver clock
 * @param rttMinNs         round trip of the chosen (least disturbed) exchange
 * @param errorBoundNs     rttMinNs / 2
 * @param sampleAgeNs      how old the chosen exchange was when it was chosen
 * @param exchanges        clock pings answered with usable times, since start
 * @param rejectedPongs    pongs that answered no outstanding ping or carried impossible times (ignored)
 * @param unansweredPings  pings with no answer by the time the next burst was due
 */
public record ClockStats(LatencyClock latencyClock, boolean synced, long offsetNs, long rttMinNs, long errorBoundNs,
                         long sampleAgeNs, long exchanges, long rejectedPongs, long unansweredPings) {
}
