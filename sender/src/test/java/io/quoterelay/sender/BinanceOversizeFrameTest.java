package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.LogCapture;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13.2: a peer that announces or sends a frame over the limit costs the sender one
 * connection, one counter step and one log line, never its memory; the next connection delivers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceOversizeFrameTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String QUOTE = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":7,\"s\":\"BTCUSDT\","
        + "\"b\":\"100.10\",\"B\":\"1.5\",\"a\":\"100.20\",\"A\":\"2.5\"}}";

    @RegisterExtension
    final StreamRig rig = new StreamRig();
    private final LogCapture log = new LogCapture("io.quoterelay.sender.binance");
    private final List<Long> forwarded = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        log.close();
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
        HostileExchange exchange = new HostileExchange(n -> n == 0 ? hostileFirst : HostileExchange.textFrame(QUOTE));
        rig.exchange = exchange;
        BinanceStream stream = rig.startStream(URI.create(exchange.uri()), Duration.ofSeconds(5), q -> forwarded.add(q.updateId()));

        Await.until("a quote from the connection after the oversize one", WAIT, () -> forwarded.size() == 1);
        // The control thread marks the stream UP; the quote can reach the sink on the loop just before.
        Await.until("the stream marked up again", WAIT, () -> stream.state() == LinkState.UP);
        assertEquals(List.of(7L), forwarded);
        assertEquals(1, stream.oversizeFrames(), "one oversize frame counted");
        assertEquals(2, exchange.connectionsAccepted(), "redialled once");
        assertEquals(0, stream.malformed(), "an oversize frame is not a malformed message");
        List<String> lines = log.messages().stream().filter(m -> m.contains("oversize")).toList();
        assertEquals(1, lines.size(), "one log line: " + lines);
        assertTrue(lines.get(0).contains("limit BINANCE_MAX_FRAME_BYTES=65536"), lines.get(0));
    }
}
