package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.ops.cli.EnvironmentDefaults;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SenderMainTest {
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        return SenderMain.run(args, env, new PrintWriter(err, true));
    }

    private List<String> errLines() {
        return err.toString().lines().toList();
    }

    @Test
    void missingReceiverHostStopsWithExitCode2AndOneLineNamingIt() {
        assertEquals(2, run(Map.of("CA_CERT", "/nonexistent/ca.crt")));
        assertEquals(List.of("error: RECEIVER_HOST (--receiver-host) is not set"), errLines());
    }

    @Test
    void missingCaCertIsNamed() {
        assertEquals(2, run(Map.of("RECEIVER_HOST", "10.0.0.5")));
        assertEquals(List.of("error: CA_CERT (--ca-cert) is not set"), errLines());
    }

    @Test
    void unreadableCaCertStopsWithOneLineNamingTheFile() {
        assertEquals(2, run(Map.of("RECEIVER_HOST", "10.0.0.5", "CA_CERT", "/nonexistent/ca.crt")));
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("error: ") && errLines().get(0).contains("/nonexistent/ca.crt"), err.toString());
    }

    @Test
    void badPortNamesTheVariable() {
        assertEquals(2, run(Map.of("RECEIVER_HOST", "h", "RECEIVER_PORT", "abc", "CA_CERT", "/x")));
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).startsWith("error: RECEIVER_PORT or AMS_PORT (--receiver-port): "), err.toString());
    }

    @Test
    void badMarketAndSymbolsAreNamed() {
        assertEquals(2, run(Map.of("RECEIVER_HOST", "h", "CA_CERT", "/x", "MARKET", "options")));
        assertTrue(err.toString().startsWith("error: MARKET (--market) 'options'"), err.toString());
    }

    @Test
    void amsHostAliasIsHonouredAndThePrimaryNameWins() {
        SenderMain main = parse(Map.of("AMS_HOST", "10.0.0.5", "AMS_PORT", "9100", "CA_CERT", "/certs/ca.crt",
            "SYMBOLS", "BTCUSDT,SOLUSDT", "STATS_INTERVAL", "5s"));
        assertEquals("10.0.0.5", main.receiverHost);
        assertEquals(9100, main.receiverPort);
        assertEquals(List.of("BTCUSDT", "SOLUSDT"), main.symbols);
        assertEquals(java.time.Duration.ofSeconds(5), main.statsInterval);
        SenderConfig config = main.toConfig();
        assertEquals(List.of(new SenderConfig.Receiver("10.0.0.5", 9100)), config.receivers());
        assertEquals("wss://stream.binance.com:9443/stream?streams=btcusdt@bookTicker/solusdt@bookTicker",
            config.binanceUrl().toString());

        SenderMain both = parse(Map.of("AMS_HOST", "old", "RECEIVER_HOST", "new", "CA_CERT", "/c"));
        assertEquals("new", both.receiverHost);
    }

    @Test
    void flagsWinOverEnvironmentAndUsdmUsesTheRoutedFuturesUrl() {
        SenderMain main = parse(Map.of("RECEIVER_HOST", "env-host", "CA_CERT", "/c", "MARKET", "usdm"),
            "--receiver-host", "a:9001,b", "--receiver-port", "9002");
        SenderConfig config = main.toConfig();
        assertEquals(List.of(new SenderConfig.Receiver("a", 9001), new SenderConfig.Receiver("b", 9002)), config.receivers());
        assertEquals("wss://fstream.binance.com/public/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker",
            config.binanceUrl().toString());
    }

    @Test
    void binanceFrameLimitDefaultsTo64KiBAndComesFromTheEnvironment() {
        assertEquals(64 * 1024, parse(Map.of("RECEIVER_HOST", "h", "CA_CERT", "/c")).toConfig().binanceMaxFrameBytes());
        assertEquals(4096, parse(Map.of("RECEIVER_HOST", "h", "CA_CERT", "/c", "BINANCE_MAX_FRAME_BYTES", "4096"))
            .toConfig().binanceMaxFrameBytes());
    }

    @Test
    void binanceFrameLimitOutOfRangeIsNamed() {
        assertEquals(2, run(Map.of("RECEIVER_HOST", "h", "CA_CERT", "/x", "BINANCE_MAX_FRAME_BYTES", "100")));
        assertEquals(1, errLines().size(), err.toString());
        assertTrue(errLines().get(0).contains("binanceMaxFrameBytes") && errLines().get(0).contains("100 is not in 1024-16777216"),
            err.toString());
    }

    private static SenderMain parse(Map<String, String> env, String... args) {
        SenderMain main = new SenderMain();
        CommandLine cli = new CommandLine(main);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        cli.parseArgs(args);
        return main;
    }
}
