package io.quoterelay.simulator;

/**
 * One update as the simulator put it on the wire, for tests that check every field arrived intact.
 * Decimal fields are the exact wire text. For spot, which carries no exchange time,
 * {@code eventTimeMs} and {@code transactionTimeMs} are {@code -1}.
 *
 * @param index             0-based index of the update in the generator's sequence
 * @param symbol            upper-case symbol, as in {@code "s"}
 * @param updateId          {@code "u"}
 * @param bid               {@code "b"}
 * @param bidQty            {@code "B"}
 * @param ask               {@code "a"}
 * @param askQty            {@code "A"}
 * @param eventTimeMs       {@code "E"} (futures), else -1
 * @param transactionTimeMs {@code "T"} (futures), else -1
 * @param combinedJson      the exact text sent to combined-stream connections
 * @param rawJson           the exact text sent to raw ({@code /ws/...}) connections: the inner object
 * @param dueNanos          the intended send time from the open-loop schedule ({@link System#nanoTime()} base)
 * @param sentNanos         {@link System#nanoTime()} just before the first {@code send}
 */
public record SentQuote(
    long index,
    String symbol,
    long updateId,
    String bid,
    String bidQty,
    String ask,
    String askQty,
    long eventTimeMs,
    long transactionTimeMs,
    String combinedJson,
    String rawJson,
    long dueNanos,
    long sentNanos) {
}
