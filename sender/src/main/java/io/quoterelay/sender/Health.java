package io.quoterelay.sender;

/**
 * Whether quotes are flowing, not merely whether the process runs: healthy while the Binance
 * stream and every receiver link are up and a quote arrived from Binance within the configured
 * window ({@link RelaySender.Builder#healthMaxQuoteAge}).
 *
 * @param healthy whether quotes are flowing
 * @param reason  one line saying why, e.g. "link 10.0.0.5:9001 DOWN (connection refused)"
 */
public record Health(boolean healthy, String reason) {
}
