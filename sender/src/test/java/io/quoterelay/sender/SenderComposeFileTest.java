package io.quoterelay.sender;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.ops.compose.ComposeService;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose/docker-compose.sender.yml and sender.env.example against what {@link SenderMain}
 * actually reads: a misspelled variable would be ignored silently and the container would run on
 * a default, so every name must be one of the main's options' environment names.
 */
class SenderComposeFileTest {
    private static ComposeService service() throws Exception {
        return ComposeService.read("docker-compose.sender.yml", "sender");
    }

    @Test
    void everyVariableTheComposeFileSetsIsOneTheSenderReads() throws Exception {
        service().assertSetsOnlyVariablesReadBy(new SenderMain());
    }

    @Test
    void everyVariableOfTheEnvExampleIsOneTheSenderReads() throws Exception {
        service().assertEnvExampleSetsOnlyVariablesReadBy("sender.env.example", new SenderMain());
    }

    @Test
    void certificatePathsLieInTheReadOnlyCertsVolumeUnderTheNamesTheCertsToolWrites(@TempDir Path dir) throws Exception {
        PkiFiles pki = PkiFiles.generate(dir, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
        service().assertCertificatesInReadOnlyCertsVolume(Map.of("CLIENT_CERT", pki.clientCert("sender"),
            "CLIENT_KEY", pki.clientKey("sender"), "CA_CERT", pki.caCert()));
    }

    @Test
    void metricsPortAndHealthCheckAgreeWithTheSettings() throws Exception {
        service().assertMetricsOnLoopbackAndHealthCheckedThere();
    }
}
