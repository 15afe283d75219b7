package io.quoterelay.bench.real;

import java.util.Arrays;
import java.util.Locale;

/**
 * Latency percentiles of one peer's messages, computed exactly as {@code relay2hop} computes its
 * own (sorted values, the value at index {@code n*q}), so the three peers' rows compare like with like.
 * Values in ns; printed in µs.
 */
record Percentiles(long n, long p50Ns, long p90Ns, long p99Ns, long p999Ns, long maxNs) {
    static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0, 0);

    static Percentiles of(long[] values, int from, int to) {
        int m = to - from;
        if (m <= 0) {
            return NONE;
        }
        long[] v = Arrays.copyOfRange(values, from, to);
        Arrays.sort(v);
        return new Percentiles(m, v[(int) (m * 50L / 100)], v[(int) (m * 90L / 100)], v[(int) (m * 99L / 100)],
            v[(int) (m * 999L / 1000)], v[m - 1]);
    }

    /** From relay2hop's line, values in µs: {@code FLOOR2HOP replay rate=0 n=9000 p50=116 p90=.. p99=.. p99.9=.. max=.. us}. */
    static Percentiles parseFloorLine(String line) {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        for (String part : line.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                f.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        try {
            return new Percentiles(Long.parseLong(f.get("n")), usToNs(f.get("p50")), usToNs(f.get("p90")),
                usToNs(f.get("p99")), usToNs(f.get("p99.9")), usToNs(f.get("max")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a relay2hop result line: '" + line + "'", e);
        }
    }

    private static long usToNs(String us) {
        return Math.round(Double.parseDouble(us) * 1000);
    }

    boolean isEmpty() {
        return n == 0;
    }

    /** The value of one column: p50, p90, p99, p99.9, max. */
    long at(String column) {
        return switch (column) {
            case "p50" -> p50Ns;
            case "p90" -> p90Ns;
            case "p99" -> p99Ns;
            case "p99.9" -> p999Ns;
            case "max" -> maxNs;
            default -> throw new IllegalArgumentException(column);
        };
    }

    /** {@code p50=.. p90=.. p99=.. p99.9=.. max=.. n=..} in µs, or {@code n=0}. */
    String line() {
        if (isEmpty()) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "p50=%s p90=%s p99=%s p99.9=%s max=%s n=%d", us(p50Ns), us(p90Ns), us(p99Ns),
            us(p999Ns), us(maxNs), n);
    }

    static String us(long ns) {
        return Long.toString(Math.round(ns / 1000.0)); // never "-0" for a part a few ns below zero
    }
}
