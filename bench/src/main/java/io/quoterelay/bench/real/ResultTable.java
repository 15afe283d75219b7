package io.quoterelay.bench.real;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The one markdown table of a run: per traffic, a row per peer (emit → callback µs after the
 * warm-up, the first 10 s, CPU per message per process), then the product's ratios to the Python
 * pair and to the floor at each percentile (below 1 = the product is faster). A peer that was
 * skipped or failed keeps its row, saying so, and its ratios show as "–".
 */
final class ResultTable {
    /** Every peer a run may have, in table order. */
    static final List<String> PEERS = List.of(Peers.FLOOR, Peers.PYTHON, Peers.PRODUCT, Peers.PRODUCT_PREVIOUS,
        Peers.PRODUCT_C2, Peers.PRODUCT_NICE_JIT, Peers.PRODUCT_SPIN, Peers.PRODUCT_1LINE, Peers.PRODUCT_2LINES);
    static final List<String> COLUMNS = List.of("p50", "p90", "p99", "p99.9", "max");
    static final String HEADER = """
        | traffic | peer | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | n (received/sent) | first 10 s p50 / p99 µs | CPU µs/msg per process |
        |---|---|---:|---:|---:|---:|---:|---:|---|---|""";

    private ResultTable() {
    }

    static String format(List<String> trafficOrder, List<PeerResult> results) {
        List<String> rows = new ArrayList<>();
        rows.add(HEADER);
        for (String traffic : trafficOrder) {
            for (String peer : PEERS) {
                PeerResult r = find(results, traffic, peer);
                if (r != null) {
                    rows.add(row(r));
                }
            }
            PeerResult two = find(results, traffic, Peers.PRODUCT_2LINES);
            PeerResult one = find(results, traffic, Peers.PRODUCT_1LINE);
            if (two != null && one != null) {
                rows.add(ratioRow(traffic, two, one));
            }
            for (String mine : Peers.PRODUCTS) {
                PeerResult product = find(results, traffic, mine);
                for (String other : List.of(Peers.PYTHON, Peers.FLOOR)) {
                    if (product != null && find(results, traffic, other) != null) {
                        rows.add(ratioRow(traffic, product, find(results, traffic, other)));
                    }
                }
            }
        }
        return String.join("\n", rows) + "\n";
    }

    static String row(PeerResult r) {
        if (!r.ok()) {
            String why = r.skipped() != null ? "skipped: " + r.skipped() : "failed: " + Objects.toString(r.failed(), "no data");
            return "| " + r.traffic() + " | " + r.peer() + " | " + why.replace("|", "/") + " | | | | | | | |";
        }
        Percentiles m = r.measured();
        String count = r.received() >= 0 ? m.n() + " (" + r.received() + "/" + r.expected() + ")" : Long.toString(m.n());
        String first = r.firstTenSeconds().isEmpty() ? "–"
            : Percentiles.us(r.firstTenSeconds().p50Ns()) + " / " + Percentiles.us(r.firstTenSeconds().p99Ns());
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", r.traffic(), r.peer(),
            Percentiles.us(m.p50Ns()), Percentiles.us(m.p90Ns()), Percentiles.us(m.p99Ns()), Percentiles.us(m.p999Ns()),
            Percentiles.us(m.maxNs()), count, first, r.cpuUsPerMsg().isEmpty() ? "–" : r.cpu());
    }

    static String ratioRow(String traffic, PeerResult product, PeerResult other) {
        StringBuilder b = new StringBuilder("| " + traffic + " | *" + product.peer() + " / " + other.peer() + "* |");
        for (String c : COLUMNS) {
            b.append(' ').append(ratio(product, other, c)).append(" |");
        }
        return b.append(" | | |").toString();
    }

    static String ratio(PeerResult a, PeerResult b, String column) {
        if (!a.ok() || !b.ok() || b.measured().at(column) <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f×", a.measured().at(column) / (double) b.measured().at(column));
    }

    private static PeerResult find(List<PeerResult> results, String traffic, String peer) {
        for (PeerResult r : results) {
            if (r.traffic().equals(traffic) && r.peer().equals(peer)) {
                return r;
            }
        }
        return null;
    }
}
