package io.quoterelay.receiver.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.ops.compose.ComposeService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose/docker-compose.receiver.yml and receiver.env.example against what {@link ReceiverMain}
 * actually reads: a misspelled variable would be ignored silently and the container would run on
 * a default, so every name must be one of the main's options' environment names.
 */
class ReceiverComposeFileTest {
    private static ComposeService service() throws Exception {
        return ComposeService.read("docker-compose.receiver.yml", "receiver");
    }

    @Test
    void everyVariableTheComposeFileSetsIsOneTheReceiverReads() throws Exception {
        service().assertSetsOnlyVariablesReadBy(new ReceiverMain());
    }

    @Test
    void everyVariableOfTheEnvExampleIsOneTheReceiverReads() throws Exception {
        service().assertEnvExampleSetsOnlyVariablesReadBy("receiver.env.example", new ReceiverMain());
    }

    @Test
    void certificatePathsLieInTheReadOnlyCertsVolumeUnderTheNamesTheCertsToolWrites(@TempDir Path dir) throws Exception {
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        service().assertCertificatesInReadOnlyCertsVolume(Map.of("SERVER_CERT", pki.serverCert(),
            "SERVER_KEY", pki.serverKey(), "CA_CERT", pki.caCert()));
    }

    @Test
    void portsAndHealthCheckAgreeWithTheSettings() throws Exception {
        ComposeService service = service();
        assertEquals("${RELAY_PORT:-9001}", service.environment().get("RELAY_PORT"),
            "the relay port is the host's (host networking), 9001 unless .env says otherwise");
        service.assertMetricsOnLoopbackAndHealthCheckedThere();
    }
}
