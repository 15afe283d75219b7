package io.quoterelay.receiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.ops.lifecycle.ServiceProcess;
import io.quoterelay.protocol.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver process stopped as a container runtime stops it. */
class ReceiverMainShutdownTest {
    @Test
    void sigtermClosesTheReceiverBeforeTheJvmExitsWith143(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(dir);
        Map<String, String> env = Map.of("CERT", pki.serverCert().toString(), "KEY", pki.serverKey().toString(),
            "CA_CERT", pki.caCert().toString(),
            "RELAY_PORT", "0", "BIND_ADDRESS", "127.0.0.1", "METRICS_PORT", "0", "WARMUP_QUOTES", "0");
        try (ServiceProcess receiver = ServiceProcess.start(ReceiverMain.class.getName(), env)) {
            receiver.awaitLine(l -> l.contains("receiver listening on"), "the receiver listening");
            assertEquals(143, receiver.terminate(), "128 + SIGTERM");
            List<String> out = receiver.output();
            assertTrue(out.stream().anyMatch(l -> l.matches(".*receiver on port \\d+ closed.*")),
                "close ran to its end before the JVM halted: " + out);
        }
    }
}
