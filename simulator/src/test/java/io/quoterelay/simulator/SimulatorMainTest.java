package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatorMainTest {
    @Test
    void flagsBuildARunningFuturesSimulator() throws Exception {
        SimulatorMain options = CommandLine.populateCommand(new SimulatorMain(),
            "--port", "0", "--symbols", "BTCUSDT,SOLUSDT", "--rate", "500", "--market", "usdm", "--max-messages", "3");
        assertEquals(List.of("BTCUSDT", "SOLUSDT"), options.symbols);
        try (ExchangeSimulator sim = options.toBuilder().generateAfterConnections(1).start()) {
            assertEquals(Market.USDM_FUTURES, sim.market());
            assertEquals("/public/stream", sim.combinedStreamUri().getPath());
            TestClient client = TestClient.open(sim.combinedStreamUri());
            assertEquals(3, client.next(3).size());
        }
    }

    @Test
    void unknownMarketIsABadSetting() {
        assertThrows(CommandLine.ParameterException.class,
            () -> CommandLine.populateCommand(new SimulatorMain(), "--market", "coinm"));
    }
}
