package io.quoterelay.receiver;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per source address: each address may start {@code perSecond} TLS handshakes a
 * second, in bursts of up to twice that. A sender connects once and reconnects after a link cut,
 * so it never comes near; a scanner or a flood from one address is refused at accept, before any
 * TLS work. The table keeps the most recently seen {@value #MAX_ADDRESSES} addresses (a flood from
 * more addresses than that still meets the limit on each, as long as it keeps coming back).
 * Handshake thread only.
 */
final class HandshakeRateLimiter {
    static final int MAX_ADDRESSES = 4096;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final double perNano;
    private final double burst;
    private final Map<InetAddress, Bucket> buckets = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, Bucket> eldest) {
            return size() > MAX_ADDRESSES;
        }
    };

    /** {@code perSecond} 0 means no limit. */
    HandshakeRateLimiter(int perSecond) {
        this.perNano = perSecond / (double) NANOS_PER_SECOND;
        this.burst = 2.0 * perSecond;
    }

    /** Whether {@code address} may start a handshake at {@code nowNs} (System.nanoTime); takes a token if so. */
    boolean tryAcquire(InetAddress address, long nowNs) {
        if (burst == 0) {
            return true;
        }
        Bucket b = buckets.get(address);
        if (b == null) {
            b = new Bucket(burst, nowNs);
            buckets.put(address, b);
        } else {
            b.tokens = Math.min(burst, b.tokens + (nowNs - b.updatedNs) * perNano);
            b.updatedNs = nowNs;
        }
        if (b.tokens < 1) {
            return false;
        }
        b.tokens -= 1;
        return true;
    }

    private static final class Bucket {
        double tokens;
        long updatedNs;

        Bucket(double tokens, long updatedNs) {
            this.tokens = tokens;
            this.updatedNs = updatedNs;
        }
    }
}
