package io.quoterelay.protocol.netty;

import java.util.Locale;

/**
 * What an I/O thread does while no bytes are waiting.
 *
 * <p>{@link #SLEEP} (the default) blocks in the kernel: no CPU while idle, but every message
 * first pays a wake-up, and the code it runs meets cold caches after the sleep. On the 2-vCPU
 * virtual machines this product was measured on, that is most of the per-message cost at
 * Binance's 100-200 updates a second (docs/benchmarks.md). {@link #SPIN} polls the socket
 * without sleeping (Netty's epoll busy-wait): the thread never sleeps, so it answers at once
 * with warm caches, and it burns one whole core for it. Worth it only where that core is the
 * thread's own (pin it, see docs/deployment.md); on a shared or half core it steals time from
 * everything else, including the other threads of the same process. NIO (no epoll) cannot spin
 * and sleeps.
 */
public enum IdleStrategy {
    SLEEP,
    SPIN;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
