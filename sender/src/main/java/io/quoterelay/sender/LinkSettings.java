package io.quoterelay.sender;

import io.quoterelay.protocol.EpochNanoClock;
import java.time.Duration;

/**
 * What every receiver link shares: heartbeat interval (heartbeats and session reports), the read
 * idle timeout applied once the receiver has said hello, the frame size bound and the clock that
 * stamps send times and answers clock pings.
 */
record LinkSettings(Duration heartbeatInterval, Duration idleTimeout, int maxFrameBytes, EpochNanoClock clock) {
    public static final int CONNECT_TIMEOUT_MILLIS = 3_000;
    public static final long HANDSHAKE_TIMEOUT_MILLIS = 5_000;
    /** Small on purpose: a receiver that stops reading makes the channel unwritable quickly, and quotes conflate. */
    public static final int WRITE_BUFFER_LOW_BYTES = 32 * 1024;
    public static final int WRITE_BUFFER_HIGH_BYTES = 64 * 1024;
}
