package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelaySenderBuilderTest {
    private static RelaySender.Builder valid() {
        return RelaySender.builder().receiver("127.0.0.1", 9001).tls(Path.of("ca.crt"), null, null);
    }

    private static String setting(RelaySender.Builder b) {
        return assertThrows(SenderConfigException.class, b::build).setting();
    }

    @Test
    void defaultsSubscribeToBtcAndEthOnSpot() {
        SenderConfig c = valid().build();
        assertEquals(URI.create("wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker"), c.binanceUrl());
        assertEquals(Duration.ofSeconds(10), c.statsInterval());
        assertEquals(Duration.ofSeconds(1), c.heartbeatInterval());
        assertEquals(Duration.ofMillis(2500), c.linkIdleTimeout());
        assertEquals(Duration.ofSeconds(30), c.binanceStallTimeout());
    }

    @Test
    void everyInvalidSettingIsNamed() {
        assertEquals("receiver", setting(RelaySender.builder().tls(Path.of("ca"), null, null)));
        assertEquals("receiver", setting(valid().receiver("", 1)));
        assertEquals("receiver", setting(valid().receiver("h", 70000)));
        assertEquals("tls", setting(RelaySender.builder().receiver("h", 1)));
        assertEquals("tls", setting(valid().tls(Path.of("ca"), Path.of("c.crt"), null)));
        assertEquals("binanceUrl", setting(valid().binanceUrl(URI.create("http://x/stream")).symbols(List.of("A"))));
        assertEquals("binanceUrl", setting(valid().binanceUrl(URI.create("http://x/stream"))));
        assertEquals("symbols", setting(valid().symbols(List.of("BTC USDT"))));
        assertEquals("symbols", setting(valid().symbols(List.of())));
        assertEquals("heartbeatInterval", setting(valid().heartbeatInterval(Duration.ZERO)));
        assertEquals("linkIdleTimeout", setting(valid().linkIdleTimeout(Duration.ofSeconds(-1))));
        assertEquals("binanceStallTimeout", setting(valid().binanceStallTimeout(null)));
        assertEquals("statsInterval", setting(valid().statsInterval(Duration.ofSeconds(-1))));
        assertEquals("maxFrameBytes", setting(valid().maxFrameBytes(10)));
    }
}
