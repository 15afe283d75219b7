package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveriesTest {
    @TempDir
    Path dir;

    @Test
    void pythonFileHasEmitAndLatencyInArrivalOrder() throws IOException {
        Path f = Files.write(dir.resolve("d.txt"), List.of("100 9000", "200 1000", "", "300 2000"));
        Deliveries d = Deliveries.read(f);
        assertEquals(3, d.count());
        assertNull(d.claimedNs());
        assertEquals(new Percentiles(2, 2000, 2000, 2000, 2000, 2000), d.measured(1));
        assertEquals(Percentiles.NONE, d.claimed(1));
    }

    @Test
    void productFileAddsClaimedAndTruthOfTheSameQuotes() throws IOException {
        Path f = Files.write(dir.resolve("d.txt"), List.of("1 50 40 30", "2 60 -5 20"));
        Deliveries d = Deliveries.read(f);
        assertEquals(-5, d.claimed(1).p50Ns(), "a negative claim (offset over-corrected) is kept as it is");
        assertEquals(30, d.truth(0).maxNs());
    }

    @Test
    void firstTenSecondsCountsByEmitTimeWarmUpIncluded() throws IOException {
        long s = 1_000_000_000L;
        Path f = Files.write(dir.resolve("d.txt"), List.of(
            "1000 5", (1000 + 9 * s) + " 7", (1000 + 10 * s) + " 1000000", (1000 + 11 * s) + " 1000000"));
        Percentiles first = Deliveries.read(f).firstTenSeconds();
        assertEquals(2, first.n());
        assertEquals(7, first.maxNs());
    }

    @Test
    void sixColumnsSplitEachQuoteInFourPartsThatAddUpToItsLatency() throws IOException {
        // emit latency claimed truth inbound sender: receiver = 100 - 30 - 10 - 40 = 20
        Path f = Files.write(dir.resolve("d.txt"), List.of("1 999 0 999 0 0", "2 100 35 40 30 10"));
        Segments s = Deliveries.read(f).segments(1);
        assertArrayEquals(new long[] {30, 10, 40, 20}, s.medians(new int[] {0}));
    }

    @Test
    void fourColumnsHaveNoSegmentsAndAMixedFileIsRefused() throws IOException {
        assertNull(Deliveries.read(Files.write(dir.resolve("d.txt"), List.of("1 50 40 30"))).segments(0));
        IOException e = assertThrows(IOException.class,
            () -> Deliveries.read(Files.write(dir.resolve("m.txt"), List.of("1 50 40 30 1 1", "2 50"))));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void aBrokenLineNamesItsNumber() {
        IOException e = assertThrows(IOException.class,
            () -> Deliveries.read(Files.write(dir.resolve("d.txt"), List.of("1 2", "1 2 3"))));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
