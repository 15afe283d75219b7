package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.channel.EventLoopGroup;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Issue 13.2: a peer that announces or sends a frame over the limit costs the sender one
 * connection, one counter step and one log line, never its memory; the next connection delivers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceOversizeFrameTest {
    private static final String QUOTE = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":7,\"s\":\"BTCUSDT\","
        + "\"b\":\"100.10\",\"B\":\"1.5\",\"a\":\"100.20\",\"A\":\"2.5\"}}";

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventLoopGroup loop = Transport.best().newGroup(1, "oversize-test");
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.quoterelay.sender.binance");
    private final List<Long> forwarded = new CopyOnWriteArrayList<>();
    private HostileExchange exchange;
    private BinanceStream stream;

    @AfterEach
    void stop() throws Exception {
        logger.detachAppender(log);
        if (stream != null) {
            stream.close();
        }
        if (exchange != null) {
            exchange.close();
        }
        scheduler.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    @Test
    void headerAnnouncingTwoGigabytesClosesThatConnectionAndTheNextOneDelivers() throws Exception {
        // Ten bytes: a text frame of 2^31-1 bytes, of which none follow.
        run(HostileExchange.textHeader(Integer.MAX_VALUE));
    }

    @Test
    void tenMegabyteTextFrameClosesThatConnectionAndTheNextOneDelivers() throws Exception {
        byte[] header = HostileExchange.textHeader(10_000_000);
        byte[] frame = new byte[header.length + 10_000_000];
        System.arraycopy(header, 0, frame, 0, header.length);
        java.util.Arrays.fill(frame, header.length, frame.length, (byte) 'x');
        run(frame);
    }

    private void run(byte[] hostileFirst) throws Exception {
        log.start();
        logger.addAppender(log);
        exchange = new HostileExchange(n -> n == 0 ? hostileFirst : HostileExchange.textFrame(QUOTE));
        stream = new BinanceStream(URI.create(exchange.uri()), EpochNanoClock.system(), Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ZERO, BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), loop.next(),
            scheduler, q -> forwarded.add(q.updateId()));
        stream.start();

        await(() -> forwarded.size() == 1, "a quote from the connection after the oversize one");
        // The control thread marks the stream UP; the quote can reach the sink on the loop just before.
        await(() -> stream.state() == LinkState.UP, "the stream marked up again");
        assertEquals(List.of(7L), forwarded);
        assertEquals(1, stream.oversizeFrames(), "one oversize frame counted");
        assertEquals(2, exchange.connectionsAccepted(), "redialled once");
        assertEquals(0, stream.malformed(), "an oversize frame is not a malformed message");
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains("oversize")).toList();
        assertEquals(1, lines.size(), "one log line: " + lines);
        assertTrue(lines.get(0).contains("limit BINANCE_MAX_FRAME_BYTES=65536"), lines.get(0));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }
}
