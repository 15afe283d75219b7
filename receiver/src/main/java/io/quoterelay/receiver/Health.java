package io.quoterelay.receiver;

/**
 * Whether quotes are flowing, not merely whether the process runs: healthy while at least one
 * sender is connected and a quote arrived within the configured window
 * ({@link RelayReceiver.Builder#healthMaxQuoteAge}).
 *
 * @param healthy whether quotes are flowing
 * @param reason  one line saying why, e.g. "last quote 42s ago (limit 30s)"
 */
public record Health(boolean healthy, String reason) {
}
