package io.quoterelay.sender;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.simulator.ExchangeSimulator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a test of a {@link BinanceStream} against the simulator runs on: one event loop, one
 * control scheduler, and the stream and simulator to close afterwards (in that order).
 */
final class StreamRig implements AutoCloseable {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventLoopGroup loop = Transport.best().newGroup(1, "binance-test");
    ExchangeSimulator sim;
    BinanceStream stream;

    EventLoop loop() {
        return loop.next();
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        if (sim != null) {
            sim.close();
        }
        scheduler.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
}
