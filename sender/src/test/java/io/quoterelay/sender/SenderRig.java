package io.quoterelay.sender;

import io.quoterelay.protocol.testing.TestPki;
import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.Market;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole sender on loopback: the exchange simulator (two USD-M symbols, 300 updates a second),
 * a mutual-TLS {@link TestReceiver} and a {@link RelaySender} between them, on the shared test
 * certificates. {@link #close} stops whatever started, the sender first, so that nothing is left
 * feeding a peer that is already gone.
 */
final class SenderRig implements AutoCloseable, AfterEachCallback {
    private static final TestPki PKI = TestPki.shared();

    ExchangeSimulator sim;
    TestReceiver receiver;
    RelaySender sender;

    /**
     * Starts the three in turn; the sender's builder already names the simulator, the receiver and
     * the certificates, and {@code settings} adds what the test is about.
     */
    SenderRig start(UnaryOperator<RelaySender.Builder> settings) throws InterruptedException {
        sim = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT").market(Market.USDM_FUTURES).ratePerSecond(300).start();
        receiver = new TestReceiver(PKI.serverTls(), true).start(0);
        sender = settings.apply(RelaySender.builder()
            .binanceUrl(sim.combinedStreamUri())
            .receiver("127.0.0.1", receiver.port())
            .tls(PKI.caCert(), PKI.clientCert(), PKI.clientKey())
            // The test receiver says hello and then nothing (no heartbeats, no clock pings), which the
            // default idle timeout would take for a dead receiver every 2.5 s.
            .linkIdleTimeout(Duration.ofMinutes(1)))
            .start();
        return this;
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable part : new AutoCloseable[] {sender, receiver, sim}) { // the reverse of start
            if (part != null) {
                part.close();
            }
        }
    }

    /** Registered with {@code @RegisterExtension}, the rig stops after each test by itself. */
    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        close();
    }
}
