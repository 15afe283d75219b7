package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Where epoll is absent (macOS, Windows, a Linux architecture without a bundled native) the pair
 * runs on NIO and says so once. Here epoll is forced off with {@code -Dio.netty.transport.noNative=true}
 * by a surefire execution of its own (system-tests/pom.xml), in a JVM where no transport was chosen
 * before this class; on a machine without epoll it runs the same way in any JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NioFallbackTest {
    private static final int QUOTES = 2_000;
    private static final ListAppender<ILoggingEvent> TRANSPORT_LOG = new ListAppender<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void captureTransportLog() {
        Logger logger = (Logger) LoggerFactory.getLogger(Transport.class);
        logger.setLevel(Level.INFO);
        TRANSPORT_LOG.start();
        logger.addAppender(TRANSPORT_LOG);
    }

    @AfterAll
    static void stopCapturing() {
        ((Logger) LoggerFactory.getLogger(Transport.class)).detachAppender(TRANSPORT_LOG);
    }

    @Test
    void quotesFlowOverNioAndTheFallbackIsSaidOnceAtStart() throws Exception {
        assumeTrue(Transport.epollUnavailabilityCause() != null,
            "epoll is available in this JVM: the nio-fallback surefire execution runs this with -Dio.netty.transport.noNative=true");
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .ratePerSecond(2_000).maxMessages(QUOTES).generateAfterConnections(RelayRig.BINANCE_CONNECTIONS))) {
            // Receiver (I/O, handshake and warm-up groups) and sender each ask for the best transport.
            rig.startReceiver().startSender();
            assertTrue(rig.simulator.awaitGeneratorFinished(RelayRig.WAIT), "simulator sent its quotes");
            rig.awaitQuiescent(QUOTES);
            SessionStats session = rig.session();
            assertEquals(0, session.gaps(), "nothing lost in flight over NIO");
            // The identity as SessionStats states it: a link that went down before its first quote
            // was read (a loaded machine starves the I/O thread) makes the receiver meet the
            // session mid-way, and the last term counts what went before. Quotes of a symbol that
            // met in one read reach the callback as the newest of them (conflated at the receiver).
            assertEquals(QUOTES, session.delivered() + session.gaps() + session.reportedConflated()
                + session.conflatedAtReceiver() + Math.max(0, session.joinedAtSeq() - 1),
                "every update accounted for: " + session);
            assertEquals(session.delivered(), rig.delivered.size(), "the callback saw every delivered quote");
        }
        assertEquals("nio", Transport.best().name());
        List<String> fallbackLines = TRANSPORT_LOG.list.stream().map(ILoggingEvent::getFormattedMessage)
            .filter(m -> m.contains("using the NIO transport")).toList();
        assertEquals(1, fallbackLines.size(), "said once for the whole JVM: " + TRANSPORT_LOG.list);
        assertTrue(fallbackLines.get(0).startsWith("epoll is not available on ")
            && fallbackLines.get(0).contains(Transport.epollUnavailabilityCause()), "names the platform and the reason: " + fallbackLines.get(0));
    }
}
