package io.quoterelay.receiver;

/** What a latency figure is measured against. */
public enum LatencyBasis {
    /** The link's clock-offset estimate removed: true within the estimate's error bound. */
    CORRECTED,
    /** Receive minus send timestamp with the hosts' clock offset left in: the peer cannot sync clocks, or no estimate yet. */
    RAW,
    /** Receive minus send timestamp, trusting both hosts' clocks ({@link LatencyClock#HOST}). */
    HOST_CLOCK
}
