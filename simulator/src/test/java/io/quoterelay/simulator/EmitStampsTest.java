package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Emit-stamp mode: u and E carry the emit time, the rest of each line is untouched. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EmitStampsTest {
    private static final String SPOT = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093421613,\"s\":\"BTCUSDT\","
        + "\"b\":\"61685.99000000\",\"B\":\"1.25869000\",\"a\":\"61686.00000000\",\"A\":\"2.44816000\"}}";
    private static final String USDM = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":5123107839020,"
        + "\"s\":\"BTCUSDT\",\"b\":\"61800.20\",\"B\":\"2.507\",\"a\":\"61800.30\",\"A\":\"2.510\",\"T\":1723161256313,\"E\":1723161256313}}";

    @Test
    void spotLineGainsAnEventTimeBesideTheStampedUpdateId() {
        assertEquals(SPOT.replace("50093421613", "1700000000000000001,\"E\":1700000000000000001"),
            EmitStamps.fill(EmitStamps.template(SPOT), 1_700_000_000_000_000_001L));
    }

    @Test
    void futuresLineHasBothFieldsReplacedInPlace() {
        assertEquals(USDM.replace("5123107839020", "42").replace("\"E\":1723161256313", "\"E\":42"),
            EmitStamps.fill(EmitStamps.template(USDM), 42));
    }

    @Test
    void eventTimeBeforeUpdateIdIsStampedToo() {
        String line = "{\"E\":1,\"s\":\"BTCUSDT\",\"u\":2,\"b\":\"1\",\"a\":\"2\"}";
        assertEquals("{\"E\":7,\"s\":\"BTCUSDT\",\"u\":7,\"b\":\"1\",\"a\":\"2\"}",
            EmitStamps.fill(EmitStamps.template(line), 7));
    }

    @Test
    void lineWithoutNumericUpdateIdCannotBeStamped() {
        assertNull(EmitStamps.template("{\"result\":null,\"id\":1}"));
        assertNull(EmitStamps.template("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":\"x\""));
    }

    @Test
    void stampsStrictlyIncreaseAndReadTheWallClock() {
        EmitStamps stamps = new EmitStamps();
        long before = System.currentTimeMillis() * 1_000_000L;
        long previous = stamps.next();
        for (int i = 0; i < 1_000; i++) {
            long s = stamps.next();
            assertTrue(s > previous, "strictly increasing");
            previous = s;
        }
        assertTrue(previous >= before && previous < before + TimeUnit.MINUTES.toNanos(1), "epoch ns: " + previous);
    }

    @Test
    void replaySkipsAndCountsLinesItCannotStamp(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("capture.jsonl"), List.of(SPOT, "{\"result\":null,\"id\":1}", USDM),
            StandardCharsets.UTF_8);
        try (ExchangeSimulator sim = ExchangeSimulator.builder().replay(file, Optional.empty(), 1.0).ratePerSecond(1_000)
            .emitStamps(true).generateAfterConnections(1).start()) {
            TestClient client = TestClient.open(sim.combinedStreamUri());
            List<String> got = client.next(2);
            assertTrue(sim.awaitGeneratorFinished(TestClient.WAIT));
            assertEquals(1, sim.unstampableLines());
            assertTrue(got.get(0).contains(",\"E\":") && !got.get(0).contains("50093421613"), got.get(0));
            assertTrue(got.get(1).startsWith("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":"), got.get(1));
        }
    }

    @Test
    void generatedSpotUpdatesCannotCarryStamps() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> ExchangeSimulator.builder().emitStamps(true).start());
        assertTrue(e.getMessage().contains("USDM_FUTURES"), e.getMessage());
    }
}
