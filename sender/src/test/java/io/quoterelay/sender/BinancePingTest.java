package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What Binance requires of a client, checked on the wire: a ping is answered with a pong carrying
 * the same payload, the upgrade offers no extension (permessage-deflate stays off), and a binary
 * frame is counted as a non-quote.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinancePingTest {
    private static final String QUOTE = "{\"u\":9,\"s\":\"BTCUSDT\",\"b\":\"100.10\",\"B\":\"1.5\",\"a\":\"100.20\",\"A\":\"2.5\"}";
    private static final String PAYLOAD = "1770000000123";

    @RegisterExtension
    final StreamRig rig = new StreamRig();
    private final List<Long> forwarded = new CopyOnWriteArrayList<>();

    @Test
    void pingIsAnsweredWithItsPayloadNoExtensionIsOfferedAndBinaryIsANonQuote() throws Exception {
        byte[] ping = HostileExchange.pingFrame(PAYLOAD);
        byte[] binary = {(byte) 0x82, 3, 1, 2, 3};
        byte[] quote = HostileExchange.textFrame(QUOTE);
        // The quote first: a connection's data counts from its first text message on.
        byte[] script = new byte[ping.length + quote.length + binary.length];
        System.arraycopy(ping, 0, script, 0, ping.length);
        System.arraycopy(quote, 0, script, ping.length, quote.length);
        System.arraycopy(binary, 0, script, ping.length + quote.length, binary.length);
        HostileExchange exchange = new HostileExchange(n -> script);
        rig.exchange = exchange;
        BinanceStream stream = rig.startStream(URI.create(exchange.uri()), Duration.ofSeconds(5), q -> forwarded.add(q.updateId()));

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (exchange.received(0) == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        byte[] fromClient = exchange.received(0);
        assertNotNull(fromClient, "the exchange finished reading the first connection");
        assertTrue(fromClient.length >= 6, "the client sent a frame");
        assertEquals((byte) 0x8A, fromClient[0], "a final pong frame");
        int length = fromClient[1] & 0x7F;
        assertTrue((fromClient[1] & 0x80) != 0, "client frames are masked");
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (fromClient[6 + i] ^ fromClient[2 + (i & 3)]);
        }
        assertEquals(PAYLOAD, new String(payload, StandardCharsets.UTF_8), "the pong echoes the ping's payload");

        String request = exchange.request(0).toLowerCase(Locale.ROOT);
        assertFalse(request.contains("sec-websocket-extensions"), "no extension offered: " + request);

        assertEquals(List.of(9L), forwarded);
        assertEquals(2, stream.messages(), "the quote and the binary frame");
        assertEquals(1, stream.nonQuotes(), "the binary frame is a non-quote");
        assertEquals(1, stream.quotes());
    }
}
