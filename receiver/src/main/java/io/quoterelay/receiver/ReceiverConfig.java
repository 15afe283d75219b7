package io.quoterelay.receiver;

import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.IdleStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/** Validated settings of one receiver, made by {@link RelayReceiver.Builder}. */
record ReceiverConfig(String bindAddress, int port, Path certificate, Path privateKey, Path trustedCa,
                      boolean requireClientCertificate, QuoteListener listener, int pollCapacity,
                      Duration statsInterval, Consumer<ReceiverStats> statsListener, Duration idleTimeout,
                      Duration firstFrameTimeout, Duration legacyIdleTimeout, Duration clockPingInterval,
                      int maxFrameBytes, EpochNanoClock clock, LatencyClock latencyClock, int warmupQuotes,
                      Duration warmupBudget, IdleStrategy idleStrategy, SenderAllowlist allowedSenders,
                      int handshakesPerSecondPerAddress, HandshakeProbe handshakeProbe) {
}
