package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness itself, in one JVM and with a few hundred messages: a check that it works, not a measurement. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PingPongOverTlsTest {
    @TempDir
    Path certs;

    @Test
    void everyPingIsAnsweredAndRecordedOnce() throws Exception {
        PkiFiles pki = PkiFiles.generate(certs, List.of("127.0.0.1"), List.of(), List.of("bench"), false);
        SslContext serverTls = TlsContexts.server(pki.serverCert(), pki.serverKey(), pki.caCert(), true);
        SslContext clientTls = TlsContexts.client(pki.caCert(), pki.clientCert("bench"), pki.clientKey("bench"));
        Duration timeout = Duration.ofSeconds(20);
        try (EchoServer server = EchoServer.start(Transport.best(), serverTls, 0);
             PingClient client = PingClient.connect(Transport.best(), clientTls, "127.0.0.1", server.port(), timeout)) {
            assertTrue(client.tlsDescription().startsWith("TLSv1.3"), client.tlsDescription());

            Histogram closed = client.pingPong(50, 200, timeout);
            assertEquals(200, closed.getTotalCount());
            assertTrue(closed.getMinValue() > 0);

            PingClient.OpenLoopResult open = client.openLoop(2_000, 300, 0, timeout);
            assertEquals(300, open.rtt().getTotalCount());
            assertEquals(300, open.sendLag().getTotalCount());
            // 2 000/s asked: a rate in the right unit and order, with room for a loaded machine's stalls.
            assertTrue(open.achievedRate() > 100 && open.achievedRate() < 2_100, "achieved " + open.achievedRate());
        }
    }
}
