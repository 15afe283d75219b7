package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.ops.lifecycle.ServiceProcess;
import io.quoterelay.protocol.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender process stopped as a container runtime stops it. */
class SenderMainShutdownTest {
    @Test
    void sigtermClosesTheSenderBeforeTheJvmExitsWith143(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        // Nothing listens on port 1: the link and the Binance side keep redialling, as they do while a peer is down.
        Map<String, String> env = Map.of("RECEIVER_HOST", "127.0.0.1", "RECEIVER_PORT", "1",
            "CA_CERT", pki.caCert().toString(), "METRICS_PORT", "0", "WARMUP_QUOTES", "0",
            "BINANCE_URL", "ws://127.0.0.1:1/stream?streams=btcusdt@bookTicker");
        try (ServiceProcess sender = ServiceProcess.start(SenderMain.class.getName(), env)) {
            sender.awaitLine(l -> l.contains("sender starting"), "the sender starting");
            assertEquals(143, sender.terminate(), "128 + SIGTERM");
            List<String> out = sender.output();
            assertTrue(out.stream().anyMatch(l -> l.contains("sender closed")),
                "close ran to its end before the JVM halted: " + out);
        }
    }
}
