package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.Market;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The harness starts the simulator's stream by opening its last awaited connection, and hangs up after one message. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GeneratorKickTest {
    @Test
    void startsAStreamHeldForOneConnectionAndHangsUp() throws Exception {
        try (ExchangeSimulator sim = ExchangeSimulator.builder().market(Market.USDM_FUTURES).symbols("BTCUSDT")
            .ratePerSecond(1_000).maxMessages(5).emitStamps(true).generateAfterConnections(1).start()) {
            GeneratorKick.kick(sim.combinedStreamUri().toString(), Duration.ofSeconds(10));
            assertTrue(sim.awaitGeneratorFinished(Duration.ofSeconds(10)));
            assertEquals(5, sim.updatesGenerated());
        }
    }

    @Test
    void aStreamThatNeverStartsIsATimeoutNamingIt() throws Exception {
        // Held for two more connections: one kick cannot start it.
        try (ExchangeSimulator sim = ExchangeSimulator.builder().generateAfterConnections(2).start()) {
            String uri = sim.combinedStreamUri().toString();
            TimeoutException e = assertThrows(TimeoutException.class, () -> GeneratorKick.kick(uri, Duration.ofSeconds(2)));
            assertTrue(e.getMessage().contains(uri), e.getMessage());
            assertEquals(0, sim.updatesGenerated());
        }
    }
}
