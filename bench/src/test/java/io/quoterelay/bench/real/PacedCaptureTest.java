package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PacedCaptureTest {
    private static final String Q1 = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1.0\",\"a\":\"2.0\"}}";
    private static final String Q2 = Q1.replace("\"u\":1", "\"u\":2");
    private static final String Q3 = Q1.replace("\"u\":1", "\"u\":3");

    @TempDir
    Path dir;

    private PacedCapture load(List<String> lines, List<String> times, int limit) throws IOException {
        Path jsonl = Files.write(dir.resolve("c.jsonl"), lines, StandardCharsets.UTF_8);
        Path recv = Files.write(dir.resolve("c.recv_ns.txt"), times, StandardCharsets.UTF_8);
        return PacedCapture.load("c", jsonl, recv, limit);
    }

    @Test
    void malformedPairsAreCountedAndSkippedAndTheRestKeepTheirPace() throws IOException {
        PacedCapture c = load(
            List.of(Q1, "{\"result\":null,\"id\":1}", Q2, "{\"u\":4,", Q3, Q3),
            List.of("1000", "1500", "2000", "2500", "12x", "4000"), 0);
        assertEquals(List.of(Q1, Q2, Q3), c.lines());
        assertArrayEquals(new long[] {0, 1000, 3000}, c.offsetsNs());
        assertEquals(3, c.malformed());
        assertTrue(c.reasons().get(0).startsWith("line 2: no numeric u"), c.reasons().toString());
        assertTrue(c.reasons().get(1).startsWith("line 4: not valid JSON"), c.reasons().toString());
        assertTrue(c.reasons().get(2).startsWith("line 5: receive time '12x'"), c.reasons().toString());
    }

    @Test
    void aLineWithoutReceiveTimeIsMalformedNotFatal() throws IOException {
        PacedCapture c = load(List.of(Q1, Q2), List.of("5"), 0);
        assertEquals(List.of(Q1), c.lines());
        assertEquals(1, c.malformed());
        assertEquals("line 2: no receive time for this line", c.reasons().get(0));
    }

    @Test
    void aClockThatStepsBackNeverSchedulesALineBeforeItsPredecessor() throws IOException {
        PacedCapture c = load(List.of(Q1, Q2, Q3), List.of("1000", "900", "1200"), 0);
        assertArrayEquals(new long[] {0, 0, 200}, c.offsetsNs());
    }

    @Test
    void limitKeepsTheFirstGoodLines() throws IOException {
        PacedCapture c = load(List.of("x", Q1, Q2, Q3), List.of("1", "2", "3", "4"), 2);
        assertEquals(List.of(Q1, Q2), c.lines());
        assertEquals(1, c.malformed());
        assertEquals(1, c.durationNs());
    }

    @Test
    void nothingUsableIsAnErrorThatNamesTheFiles() {
        IOException e = assertThrows(IOException.class, () -> load(List.of("x"), List.of("y"), 0));
        assertTrue(e.getMessage().contains("c.jsonl") && e.getMessage().contains("no usable line"), e.getMessage());
    }

    @Test
    void writesTheCleanPairForTheSimulatorAndRelay2hop() throws IOException {
        PacedCapture c = load(List.of(Q1, "junk", Q2), List.of("100", "150", "300"), 0);
        Path jsonl = dir.resolve("out.jsonl");
        Path recv = dir.resolve("out.recv_ns.txt");
        c.write(jsonl, recv);
        assertEquals(List.of(Q1, Q2), Files.readAllLines(jsonl));
        assertEquals(List.of("0", "200"), Files.readAllLines(recv));
        assertEquals(1, c.dueBetween(0, 200));
        assertEquals(2, c.dueBetween(0, 201));
    }
}
