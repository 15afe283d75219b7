package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultTableTest {
    private static PeerResult ok(String peer, String traffic, long p50Us) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("sender", 12.34);
        cpu.put("receiver", 5.0);
        return new PeerResult(peer, traffic, null, null, 100, 100,
            new Percentiles(90, p50Us * 1000, p50Us * 2000, p50Us * 4000, p50Us * 8000, p50Us * 10_000),
            new Percentiles(100, p50Us * 3000, 0, p50Us * 5000, 0, 0), cpu, List.of());
    }

    @Test
    void rowsPerPeerThenTheProductsRatiosPerPercentile() {
        String table = ResultTable.format(List.of("100/s"), List.of(
            ok(Peers.FLOOR, "100/s", 100), ok(Peers.PYTHON, "100/s", 1000), ok(Peers.PRODUCT, "100/s", 500)));
        List<String> rows = table.lines().toList();
        assertEquals(2 + 3 + 2, rows.size(), table);
        assertEquals("| 100/s | product | 500 | 1000 | 2000 | 4000 | 5000 | 90 (100/100) | 1500 / 2500 | sender=12.3 receiver=5.0 |",
            rows.get(4));
        assertEquals("| 100/s | *product / python* | 0.50× | 0.50× | 0.50× | 0.50× | 0.50× | | | |", rows.get(5));
        assertEquals("| 100/s | *product / floor* | 5.00× | 5.00× | 5.00× | 5.00× | 5.00× | | | |", rows.get(6));
    }

    @Test
    void everyRowHasTheHeadersColumnCount() {
        String table = ResultTable.format(List.of("real spot"), List.of(ok(Peers.FLOOR, "real spot", 100),
            PeerResult.skipped(Peers.PYTHON, "real spot", "no python3 | here"), ok(Peers.PRODUCT, "real spot", 500)));
        long columns = table.lines().findFirst().orElseThrow().chars().filter(c -> c == '|').count();
        table.lines().forEach(r -> assertEquals(columns, r.chars().filter(c -> c == '|').count(), r));
    }

    @Test
    void aSkippedPeerSaysWhyAndItsRatiosShowAsDashes() {
        String table = ResultTable.format(List.of("real spot"), List.of(ok(Peers.FLOOR, "real spot", 100),
            PeerResult.skipped(Peers.PYTHON, "real spot", "apt-get install python3-msgpack"),
            ok(Peers.PRODUCT, "real spot", 500)));
        assertTrue(table.contains("| real spot | python | skipped: apt-get install python3-msgpack |"), table);
        assertTrue(table.contains("| real spot | *product / python* | – | – | – | – | – |"), table);
        assertTrue(table.contains("| real spot | *product / floor* | 5.00× |"), table);
    }
}
