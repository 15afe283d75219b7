package io.quoterelay.sender;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.netty.IdleStrategy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a {@link RelaySender} needs, validated by {@link RelaySender.Builder#build()}.
 * Defaults are the constants below.
 *
 * @param binanceUrl              combined-stream URL (built from symbols and market unless given)
 * @param receivers               one independent link per receiver
 * @param caCert                  CA that signs the receivers' certificates
 * @param clientCert              this sender's certificate for mutual TLS (null: none)
 * @param clientKey               its private key (null with clientCert)
 * @param clock                   stamps receive and send times and answers clock pings
 * @param statsInterval           period of the stats log line; zero disables it
 * @param heartbeatInterval       period of heartbeats and session reports on each link
 * @param linkIdleTimeout         a receiver that said hello and then sends nothing this long is dead
 * @param binanceStallTimeout     an open Binance connection that delivers nothing this long is redialled
 * @param binanceHandshakeTimeout deadline for TCP, TLS and WebSocket handshakes together
 * @param binanceConnectionLifetime age at which a Binance connection is replaced, make before break (zero: never)
 * @param maxFrameBytes           upper bound of a frame body on the links
 * @param binanceMaxFrameBytes    largest WebSocket frame or message accepted from Binance; a larger one
 *                                closes that connection, is counted, and the sender redials at once
 * @param warmupQuotes            made-up updates parsed and encoded in memory while Binance is dialled, so
 *                                the first real ones run compiled code; 0 turns it off
 * @param idleStrategy            whether the hot-path thread sleeps or spins while no bytes wait
 * @param binanceLines            hot-hot connections to the same Binance streams, their source
 *                                addresses and the silence watchdog (first copy of each update wins)
 */
public record SenderConfig(URI binanceUrl, List<Receiver> receivers, Path caCert, Path clientCert, Path clientKey,
                           EpochNanoClock clock, Duration statsInterval, Duration heartbeatInterval,
                           Duration linkIdleTimeout, Duration binanceStallTimeout, Duration binanceHandshakeTimeout,
                           Duration binanceConnectionLifetime,
                           int maxFrameBytes, int binanceMaxFrameBytes, int warmupQuotes,
                           IdleStrategy idleStrategy, BinanceLines binanceLines) {
    /** Made-up updates parsed and encoded at start to get the per-quote code compiled (see {@code SenderWarmup}). */
    public static final int DEFAULT_WARMUP_QUOTES = 20_000;
    public static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT");
    public static final Market DEFAULT_MARKET = Market.SPOT;
    public static final Duration DEFAULT_STATS_INTERVAL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    /** Two missed clock pings (the receiver sends one a second) and half of a third: a cut is seen within 3 s. */
    public static final Duration DEFAULT_LINK_IDLE_TIMEOUT = Duration.ofMillis(2500);
    /** BTCUSDT updates many times a second; 30 s of silence on an open socket is a stall, not a quiet market. */
    public static final Duration DEFAULT_BINANCE_STALL_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_BINANCE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Binance cuts every connection at 24 h; replacing it 10 minutes earlier loses no update. */
    public static final Duration DEFAULT_BINANCE_CONNECTION_LIFETIME = BinanceStream.DEFAULT_CONNECTION_LIFETIME;
    public static final int DEFAULT_MAX_FRAME_BYTES = FrameFormat.DEFAULT_MAX_FRAME_BYTES;
    public static final int MIN_MAX_FRAME_BYTES = 1024;
    public static final int MAX_MAX_FRAME_BYTES = 16 * 1024 * 1024;
    /** A bookTicker is about 200 bytes; 64 KiB leaves room for any acknowledgement Binance sends. */
    public static final int DEFAULT_BINANCE_MAX_FRAME_BYTES = BinanceStream.DEFAULT_MAX_FRAME_BYTES;

    public SenderConfig {
        receivers = List.copyOf(receivers);
    }

    /** A receiver to dial; {@code host} is also the name its certificate must carry. */
    public record Receiver(String host, int port) {
        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
