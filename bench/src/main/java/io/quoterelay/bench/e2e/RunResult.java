package io.quoterelay.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run, from the three children's reports, and their fixed-format lines:
 * <pre>
 * e2e rate@1000/s lat_us p50=.. p90=.. p99=.. p99.9=.. max=.. n=.. achieved=../s gaps=0 conflated=0 conflated_rx=0 missing=0
 * e2e rate@1000/s stages_us p50 exchange=.. sender=.. link=.. receiver=.. p99 exchange=.. ...
 * e2e rate@1000/s cost cpu_s_per_10k sim=.. sender=.. receiver=.. rss_peak_mb ... gc ... alloc_b_per_msg receiver_io=..
 * </pre>
 */
record RunResult(String kind, int rate, Map<String, String> receiver, Map<String, String> sender,
                 Map<String, String> simulator) {

    static final String TABLE_HEADER = """
        | run | offered/s | achieved/s | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs | gaps | conflated | missing | CPU s/10k sim / sender / receiver | peak RSS MB sender / receiver | GC n/ms sender / receiver | B/msg receiver I/O |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|""";

    static RunResult failed(String kind, int rate) {
        return new RunResult(kind, rate, Map.of(), Map.of(), Map.of());
    }

    String name() {
        return kind + "@" + rate + "/s";
    }

    boolean ok() {
        return receiver.containsKey("n");
    }

    long n() {
        return Long.parseLong(receiver.get("n"));
    }

    /** Quotes due in the window that never reached the callback (conflated, lost, or not yet generated). */
    long missing() {
        return Math.max(0, Math.round(rate * d(receiver, "window_s")) - n());
    }

    boolean sustained() {
        return ok() && "0".equals(receiver.get("gaps")) && "0".equals(receiver.get("conflated"))
            && "true".equals(receiver.get("drained")) && d(receiver, "achieved") >= 0.99 * rate
            && d(receiver, "e2e_p99_us") <= E2eBench.SUSTAINED_MAX_P99_US;
    }

    List<String> lines() {
        if (!ok()) {
            return List.of("e2e " + name() + " FAILED");
        }
        String lat = String.format(Locale.ROOT, "e2e %s lat_us p50=%s p90=%s p99=%s p99.9=%s max=%s n=%d achieved=%.1f/s"
                + " gaps=%s conflated=%s conflated_rx=%s missing=%d dup=%s ooo=%s%s", name(), receiver.get("e2e_p50_us"),
            receiver.get("e2e_p90_us"), receiver.get("e2e_p99_us"), receiver.get("e2e_p999_us"),
            receiver.get("e2e_max_us"), n(), d(receiver, "achieved"), receiver.get("gaps"), receiver.get("conflated"),
            receiver.get("conflated_rx"), missing(), receiver.get("dup"), receiver.get("ooo"),
            "true".equals(receiver.get("drained")) ? "" : " NOT-DRAINED");
        StringBuilder stages = new StringBuilder("e2e " + name() + " stages_us");
        for (String p : List.of("p50", "p99", "p999")) {
            stages.append(' ').append(p.equals("p999") ? "p99.9" : p);
            for (String s : BenchReceiver.STAGES) {
                stages.append(' ').append(s).append('=').append(receiver.get(s + "_" + p + "_us"));
            }
        }
        double per10k = n() / 10_000.0;
        String cost = String.format(Locale.ROOT, "e2e %s cost cpu_s_per_10k sim=%.3f sender=%.3f receiver=%.3f"
                + " rss_peak_mb sim=%d sender=%d receiver=%d gc sender=%s/%sms receiver=%s/%sms alloc_b_per_msg receiver_io=%s io_cpu_us_per_msg receiver=%s",
            name(), cpuS(simulator) / per10k, cpuS(sender) / per10k, cpuS(receiver) / per10k, mb(simulator), mb(sender),
            mb(receiver), sender.get("gc_count"), sender.get("gc_ms"), receiver.get("gc_count"), receiver.get("gc_ms"),
            receiver.get("alloc_b_per_msg"), receiver.get("io_cpu_us_per_msg"));
        return List.of(lat, stages.toString(), cost);
    }

    String tableRow() {
        if (!ok()) {
            return "| " + kind + " | " + rate + " | failed |";
        }
        double per10k = n() / 10_000.0;
        return String.format(Locale.ROOT, "| %s | %d | %.0f | %s | %s | %s | %s | %s | %s | %s | %d | %.2f / %.2f / %.2f | %d / %d | %s/%s / %s/%s | %s |",
            kind, rate, d(receiver, "achieved"), receiver.get("e2e_p50_us"), receiver.get("e2e_p90_us"),
            receiver.get("e2e_p99_us"), receiver.get("e2e_p999_us"), receiver.get("e2e_max_us"), receiver.get("gaps"),
            receiver.get("conflated"), missing(), cpuS(simulator) / per10k, cpuS(sender) / per10k,
            cpuS(receiver) / per10k, mb(sender), mb(receiver), sender.get("gc_count"), sender.get("gc_ms"),
            receiver.get("gc_count"), receiver.get("gc_ms"), receiver.get("alloc_b_per_msg"));
    }

    private static double cpuS(Map<String, String> m) {
        return d(m, "cpu_ms") / 1000.0;
    }

    private static long mb(Map<String, String> m) {
        return Math.round(d(m, "rss_peak_kb") / 1024.0);
    }

    private static double d(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }
}
