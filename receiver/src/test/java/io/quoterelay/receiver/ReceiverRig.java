package io.quoterelay.receiver;

import io.quoterelay.protocol.testing.LogCapture;
import io.quoterelay.protocol.testing.TestPki;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RelayReceiver} under test with its log captured from before its first line (the start-up
 * warnings are part of what the tests check); {@link #close} stops the receiver, then the capture.
 */
final class ReceiverRig implements AutoCloseable, AfterEachCallback {
    private static final TestPki PKI = TestPki.shared();

    final LogCapture log = new LogCapture(RelayReceiver.class);
    private RelayReceiver receiver;

    /** An ephemeral port on 127.0.0.1, the shared server certificate, no periodic stats line. */
    static RelayReceiver.Builder builder() {
        return RelayReceiver.builder().port(0).bindAddress("127.0.0.1").tls(PKI.serverCert(), PKI.serverKey(), PKI.caCert())
            .statsInterval(Duration.ZERO);
    }

    RelayReceiver start(RelayReceiver.Builder b) {
        log.start();
        receiver = b.start();
        return receiver;
    }

    @Override
    public void close() {
        if (receiver != null) {
            receiver.close();
        }
        log.close();
    }

    /** Registered with {@code @RegisterExtension}, the rig stops after each test by itself. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
