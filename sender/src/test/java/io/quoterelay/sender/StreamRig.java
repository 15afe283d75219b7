package io.quoterelay.sender;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test of a {@link BinanceStream} runs on: one event loop, one control scheduler, and the
 * stream and the exchange it dials (the simulator or a {@link HostileExchange}) to close
 * afterwards, in that order.
 */
final class StreamRig implements AutoCloseable, AfterEachCallback {
    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventLoopGroup loop = Transport.best().newGroup(1, "binance-test");
    AutoCloseable exchange;
    BinanceStream stream;

    EventLoop loop() {
        return loop.next();
    }

    /** Starts a one-connection stream to {@code uri} with a 30 s stall timeout and no planned rollover. */
    BinanceStream startStream(URI uri, Duration handshakeTimeout, QuoteSink sink) {
        stream = new BinanceStream(uri, EpochNanoClock.system(), Duration.ofSeconds(30), handshakeTimeout, Duration.ZERO,
            BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), loop(), scheduler, sink);
        stream.start();
        return stream;
    }

    @Override
    public void close() throws Exception {
        if (stream != null) {
            stream.close();
        }
        if (exchange != null) {
            exchange.close();
        }
        scheduler.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** Registered with {@code @RegisterExtension}, the rig stops after each test by itself. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }
}
