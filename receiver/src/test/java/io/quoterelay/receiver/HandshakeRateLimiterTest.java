package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HandshakeRateLimiterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void aBurstOfTwiceTheRateThenTheRate() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(5);
        InetAddress a = InetAddress.getByName("203.0.113.7");
        long t = 42 * SECOND;
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire(a, t), "burst " + i);
        }
        assertFalse(limiter.tryAcquire(a, t), "the eleventh at once");
        assertFalse(limiter.tryAcquire(a, t + SECOND / 10), "half a token after 100 ms");
        assertTrue(limiter.tryAcquire(a, t + SECOND / 5), "one token after 200 ms");
        assertFalse(limiter.tryAcquire(a, t + SECOND / 5));
        for (int i = 0; i < 10; i++) {
            assertTrue(limiter.tryAcquire(a, t + 60 * SECOND), "full again after a quiet minute, " + i);
        }
    }

    @Test
    void eachAddressHasItsOwnBucket() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(1);
        InetAddress flood = InetAddress.getByName("198.51.100.1");
        InetAddress sender = InetAddress.getByName("203.0.113.7");
        while (limiter.tryAcquire(flood, 0)) {
            // drain
        }
        assertTrue(limiter.tryAcquire(sender, 0));
    }

    @Test
    void zeroMeansNoLimit() throws Exception {
        HandshakeRateLimiter limiter = new HandshakeRateLimiter(0);
        InetAddress a = InetAddress.getByName("203.0.113.7");
        for (int i = 0; i < 10_000; i++) {
            assertTrue(limiter.tryAcquire(a, 0));
        }
    }
}
