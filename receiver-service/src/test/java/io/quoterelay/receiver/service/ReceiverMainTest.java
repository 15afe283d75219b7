package io.quoterelay.receiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.ops.cli.EnvironmentDefaults;
import io.quoterelay.ops.cli.ServiceCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import io.quoterelay.receiver.LatencyClock;
import java.util.Map;
import picocli.CommandLine;
import org.junit.jupiter.api.Test;

class ReceiverMainTest {

    private static String runExpectingBadSetting(Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        assertEquals(ServiceCommand.BAD_SETTING, ReceiverMain.run(args, env, new PrintWriter(err, true)));
        String text = err.toString().trim();
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.startsWith("error: "), text);
        return text;
    }

    @Test
    void missingCertificateStopsStartUpNamingFlagAndVariable() {
        String line = runExpectingBadSetting(Map.of("KEY", "/certs/server.key", "CA_CERT", "/certs/ca.crt"));
        assertTrue(line.contains("--cert") && line.contains("SERVER_CERT"), line);
    }

    @Test
    void pythonVariableNamesAreHonouredAsAliases() {
        // PORT is read (and rejected as a number), proving the alias reaches the option.
        String line = runExpectingBadSetting(Map.of("PORT", "ninety", "CERT", "/x.crt", "KEY", "/x.key"));
        assertTrue(line.contains("ninety") && line.contains("RELAY_PORT or PORT"), line);
    }

    @Test
    void missingCaWithMutualTlsOnIsOneClearLine() {
        String line = runExpectingBadSetting(Map.of("CERT", "/x.crt", "KEY", "/x.key"));
        assertTrue(line.contains("CA_CERT"), line);
    }

    @Test
    void unreadableCertificateFileIsNamed() {
        String line = runExpectingBadSetting(Map.of("CERT", "/nonexistent/server.crt", "KEY", "/nonexistent/server.key",
            "CA_CERT", "/nonexistent/ca.crt"));
        assertTrue(line.contains("/nonexistent/server.crt") && line.contains("certs-tool"), line);
    }

    @Test
    void badDurationIsRejectedWithItsName() {
        String line = runExpectingBadSetting(Map.of("CERT", "/x.crt", "KEY", "/x.key", "CA_CERT", "/ca.crt",
            "STATS_INTERVAL", "often"));
        assertTrue(line.contains("often") && line.contains("STATS_INTERVAL"), line);
    }

    @Test
    void legacyModeWithoutAllowedSendersIsOneClearLine() {
        String line = runExpectingBadSetting(Map.of("CERT", "/x.crt", "KEY", "/x.key", "REQUIRE_CLIENT_CERT", "false"));
        assertTrue(line.contains("REQUIRE_CLIENT_CERT=false needs ALLOWED_SENDERS"), line);
    }

    @Test
    void allowedSendersThatAreNotAddressesAreNamed() {
        String line = runExpectingBadSetting(Map.of("CERT", "/x.crt", "KEY", "/x.key", "REQUIRE_CLIENT_CERT", "false",
            "ALLOWED_SENDERS", "203.0.113.7,sender.example.com"));
        assertTrue(line.contains("ALLOWED_SENDERS entry 'sender.example.com' is not an IP or CIDR block"), line);
    }

    @Test
    void badLatencyClockIsRejectedNamingTheChoices() {
        String line = runExpectingBadSetting(Map.of("CERT", "/x.crt", "KEY", "/x.key", "CA_CERT", "/ca.crt",
            "LATENCY_CLOCK", "ntp"));
        assertTrue(line.contains("'ntp'") && line.contains("estimate or host") && line.contains("LATENCY_CLOCK"), line);
    }

    @Test
    void latencyClockComesFromTheFlagOrTheEnvironmentAndDefaultsToTheEstimate() {
        assertEquals(LatencyClock.ESTIMATE, parsed(Map.of()).latencyClock);
        assertEquals(LatencyClock.HOST, parsed(Map.of("LATENCY_CLOCK", "host")).latencyClock);
        assertEquals(LatencyClock.HOST, parsed(Map.of(), "--latency-clock=HOST").latencyClock);
    }

    private static ReceiverMain parsed(Map<String, String> env, String... extra) {
        ReceiverMain m = new ReceiverMain();
        CommandLine cli = new CommandLine(m);
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        String[] args = new String[extra.length + 4];
        System.arraycopy(new String[] {"--cert", "/x.crt", "--key", "/x.key"}, 0, args, 0, 4);
        System.arraycopy(extra, 0, args, 4, extra.length);
        cli.parseArgs(args);
        return m;
    }
}
