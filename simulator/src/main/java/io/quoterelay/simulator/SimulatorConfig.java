package io.quoterelay.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ExchangeSimulator}'s settings, immutable and validated on construction (each check
 * names the setting at fault). Made by {@link ExchangeSimulator.Builder#config()}, whose setters
 * document each one; the simulator never changes them.
 *
 * @param host                       bind address
 * @param port                       0: an ephemeral port
 * @param symbols                    upper-case, distinct
 * @param market                     spot or USD-M futures wire format
 * @param ratePerSecond              updates per second across symbols, open loop
 * @param maxMessages                stop after this many updates; 0: never
 * @param pingInterval               server ping period; zero: no pings and no pong deadline
 * @param pongTimeout                a connection whose last pong is older is dropped
 * @param connectionLifetime         close each connection this long after it opened; null: never
 * @param maxClientMessagesPerSecond client requests per connection per second before a 1008 close
 * @param generateAfterConnections   hold the generator until this many connections are open
 * @param positionFields             USD-M only: the {@code ps} and {@code st} fields
 * @param seed                       of the price walk and of each connection's jitter
 * @param startPrices                where a symbol's walk starts
 * @param replayFile                 a capture sent verbatim instead of generated updates; null: generate
 * @param replayRecvNsFile           the capture's receive-time sidecar, for its real pace
 * @param replaySpeed                replay pace factor
 * @param dueTimeUpdateIds           benchmark mode: u = due time in nanoTime ns
 * @param emitStamps                 benchmark mode: u and E = epoch ns at emit
 * @param perConnectionJitter        mean of each connection's own exponential delivery delay; zero: none
 * @param connectionDelays           fixed extra delay of the k-th connection accepted, entry k modulo size
 */
public record SimulatorConfig(String host, int port, List<String> symbols, Market market, long ratePerSecond,
                              long maxMessages, Duration pingInterval, Duration pongTimeout, Duration connectionLifetime,
                              int maxClientMessagesPerSecond, int generateAfterConnections, boolean positionFields,
                              long seed, Map<String, String> startPrices, Path replayFile,
                              Optional<Path> replayRecvNsFile, double replaySpeed, boolean dueTimeUpdateIds,
                              boolean emitStamps, Duration perConnectionJitter, List<Duration> connectionDelays) {
    public SimulatorConfig {
        symbols = List.copyOf(symbols);
        startPrices = Collections.unmodifiableMap(new LinkedHashMap<>(startPrices));
        connectionDelays = List.copyOf(connectionDelays);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be set, e.g. 127.0.0.1");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("at least one symbol is needed, e.g. BTCUSDT");
        }
        for (String s : symbols) {
            if (s.isEmpty() || !s.equals(s.toUpperCase(Locale.ROOT)) || !StreamPath.isValidStream(
                BookTickerGenerator.streamName(s))) {
                throw new IllegalArgumentException("symbol '" + s + "' must be upper-case letters and digits, e.g. BTCUSDT");
            }
        }
        if (symbols.stream().distinct().count() != symbols.size()) {
            throw new IllegalArgumentException("symbols must not repeat: " + symbols);
        }
        if (ratePerSecond < 1 || ratePerSecond > OpenLoopSchedule.MAX_RATE_PER_SECOND) {
            throw new IllegalArgumentException("ratePerSecond must be 1.." + OpenLoopSchedule.MAX_RATE_PER_SECOND
                + ", was " + ratePerSecond);
        }
        if (maxMessages < 0) {
            throw new IllegalArgumentException("maxMessages must be >= 0 (0 = unlimited), was " + maxMessages);
        }
        if (pingInterval.isNegative() || pongTimeout.isNegative() || pongTimeout.isZero()) {
            throw new IllegalArgumentException("pingInterval must be >= 0 and pongTimeout > 0");
        }
        if (connectionLifetime != null && connectionLifetime.isNegative()) {
            throw new IllegalArgumentException("connectionLifetime must not be negative");
        }
        if (perConnectionJitter == null || perConnectionJitter.isNegative()) {
            throw new IllegalArgumentException("perConnectionJitter must be zero (none) or positive, was " + perConnectionJitter);
        }
        if (connectionDelays.stream().anyMatch(Duration::isNegative)) {
            throw new IllegalArgumentException("connectionDelays must not be negative: " + connectionDelays);
        }
        if (maxClientMessagesPerSecond < 1) {
            throw new IllegalArgumentException("maxClientMessagesPerSecond must be >= 1");
        }
        if (positionFields && market != Market.USDM_FUTURES) {
            throw new IllegalArgumentException("futuresPositionFields applies to USDM_FUTURES only");
        }
        if (emitStamps && dueTimeUpdateIds) {
            throw new IllegalArgumentException("emitStamps and dueTimeUpdateIds both set u; choose one");
        }
        if (emitStamps && replayFile == null && market != Market.USDM_FUTURES) {
            throw new IllegalArgumentException("emitStamps on generated updates needs market USDM_FUTURES (spot has no E)");
        }
        if (dueTimeUpdateIds && replayFile != null) {
            throw new IllegalArgumentException("dueTimeUpdateIds applies to generated updates, not to replay");
        }
        for (String s : startPrices.keySet()) {
            if (!symbols.contains(s)) {
                throw new IllegalArgumentException("startPrice given for " + s + ", which is not in symbols " + symbols);
            }
        }
    }
}
