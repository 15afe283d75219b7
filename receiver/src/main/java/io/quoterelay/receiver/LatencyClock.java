package io.quoterelay.receiver;

/**
 * Which clock the headline latency trusts; see docs/operations.md, "Which latency clock".
 */
public enum LatencyClock {
    /**
     * Default. The receiver estimates the sender's clock offset over the link and removes it
     * (offset-corrected latency, within ± rtt_min/2); raw for peers that cannot answer clock pings.
     */
    ESTIMATE,
    /**
     * Both hosts' clocks are disciplined (chrony or PTP) and trusted as they are: the headline is
     * raw latency (receive − send timestamp). The estimate is still made and shown beside it.
     */
    HOST
}
