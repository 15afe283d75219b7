package io.quoterelay.bench.real;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an executor-side harness recorded, one line per delivered quote in arrival order:
 * <pre>  emit_ns latency_ns [claimed_ns truth_ns]</pre>
 * {@code latency} = callback time − emit stamp (same host, one wall clock); the product's harness
 * adds the latency its own stats recorded for that quote ({@code claimed}, offset-corrected) and
 * the truth of that same segment ({@code truth}, sender write → receiver decode, uncorrected:
 * on one host the true offset is 0).
 */
record Deliveries(long[] emitNs, long[] latencyNs, long[] claimedNs, long[] truthNs) {
    static final long FIRST_WINDOW_NS = 10_000_000_000L;

    static Deliveries read(Path file) throws IOException {
        long[] emit = new long[1024];
        long[] lat = new long[1024];
        long[] claimed = new long[1024];
        long[] truth = new long[1024];
        int n = 0;
        boolean product = false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != 2 && f.length != 4) {
                    throw new IOException(file + " line " + lineNo + ": expected 2 or 4 numbers, got '" + line + "'");
                }
                if (n == emit.length) {
                    emit = Arrays.copyOf(emit, n * 2);
                    lat = Arrays.copyOf(lat, n * 2);
                    claimed = Arrays.copyOf(claimed, n * 2);
                    truth = Arrays.copyOf(truth, n * 2);
                }
                try {
                    emit[n] = Long.parseLong(f[0]);
                    lat[n] = Long.parseLong(f[1]);
                    if (f.length == 4) {
                        product = true;
                        claimed[n] = Long.parseLong(f[2]);
                        truth[n] = Long.parseLong(f[3]);
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + lineNo + ": not a number in '" + line + "'", e);
                }
                n++;
            }
        }
        return new Deliveries(Arrays.copyOf(emit, n), Arrays.copyOf(lat, n), product ? Arrays.copyOf(claimed, n) : null,
            product ? Arrays.copyOf(truth, n) : null);
    }

    int count() {
        return emitNs.length;
    }

    /** Emit → callback after discarding the first {@code warmup} deliveries. */
    Percentiles measured(int warmup) {
        return Percentiles.of(latencyNs, Math.min(warmup, count()), count());
    }

    /** Emit → callback of every quote emitted in the first 10 s of the run (warm-up included): the cold start. */
    Percentiles firstTenSeconds() {
        if (count() == 0) {
            return Percentiles.NONE;
        }
        long first = Arrays.stream(emitNs).min().getAsLong();
        long[] early = new long[count()];
        int k = 0;
        for (int i = 0; i < count(); i++) {
            if (emitNs[i] - first < FIRST_WINDOW_NS) {
                early[k++] = latencyNs[i];
            }
        }
        return Percentiles.of(early, 0, k);
    }

    Percentiles claimed(int warmup) {
        return claimedNs == null ? Percentiles.NONE : Percentiles.of(claimedNs, Math.min(warmup, count()), count());
    }

    Percentiles truth(int warmup) {
        return truthNs == null ? Percentiles.NONE : Percentiles.of(truthNs, Math.min(warmup, count()), count());
    }
}
