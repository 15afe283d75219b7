package io.quoterelay.receiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.CertificateAuthority;
import io.quoterelay.ops.lifecycle.ServiceProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver process stopped as a container runtime stops it. */
class ReceiverMainShutdownTest {
    @Test
    void sigtermClosesTheReceiverBeforeTheJvmExitsWith143(@TempDir Path dir) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("test CA");
        ca.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"), false);
        ca.issueServer("receiver", List.of("127.0.0.1"), List.of()).writePem(dir.resolve("server.crt"),
            dir.resolve("server.key"), false);
        Map<String, String> env = Map.of("CERT", dir.resolve("server.crt").toString(),
            "KEY", dir.resolve("server.key").toString(), "CA_CERT", dir.resolve("ca.crt").toString(),
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
