package io.quoterelay.bench.real;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One peer's figures for one traffic: emit → callback after the warm-up, the first 10 s, CPU per
 * message of each of its processes, and any extra lines (the product's own claim beside the truth).
 *
 * @param skipped   why the peer did not run (missing tool, missing corpus), or null
 * @param failed    why the run broke off, or null
 * @param cpuUsPerMsg per process name: CPU µs per message over the measured window, in process order
 */
record PeerResult(String peer, String traffic, String skipped, String failed, int expected, int received,
                  Percentiles measured, Percentiles firstTenSeconds, Map<String, Double> cpuUsPerMsg,
                  List<String> extraLines) {

    static PeerResult skipped(String peer, String traffic, String why) {
        return new PeerResult(peer, traffic, why, null, 0, 0, Percentiles.NONE, Percentiles.NONE, Map.of(), List.of());
    }

    static PeerResult failed(String peer, String traffic, String why) {
        return new PeerResult(peer, traffic, null, why, 0, 0, Percentiles.NONE, Percentiles.NONE, Map.of(), List.of());
    }

    boolean ok() {
        return skipped == null && failed == null && !measured.isEmpty();
    }

    /** The per-peer lines, fixed format for grep and diff. */
    List<String> lines() {
        String head = "real " + traffic + " " + peer;
        if (skipped != null) {
            return List.of(head + " SKIPPED: " + skipped);
        }
        if (failed != null) {
            return List.of(head + " FAILED: " + failed);
        }
        List<String> out = new ArrayList<>();
        out.add(head + " lat_us " + measured.line() + (received >= 0 ? " received=" + received + "/" + expected : "")
            + (received >= 0 && received < expected ? " MISSING=" + (expected - received) : ""));
        if (!firstTenSeconds.isEmpty()) {
            out.add(head + " first10s_us " + firstTenSeconds.line());
        }
        if (!cpuUsPerMsg.isEmpty()) {
            out.add(head + " cpu_us_per_msg " + cpu());
        }
        out.addAll(extraLines);
        return out;
    }

    String cpu() {
        StringBuilder b = new StringBuilder();
        cpuUsPerMsg.forEach((name, us) -> b.append(b.length() == 0 ? "" : " ")
            .append(String.format(Locale.ROOT, "%s=%.1f", name, us)));
        return b.toString();
    }
}
