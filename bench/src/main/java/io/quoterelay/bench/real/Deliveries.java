package io.quoterelay.bench.real;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What an executor-side harness recorded, one line per delivered quote in arrival order:
 * <pre>  emit_ns latency_ns [claimed_ns truth_ns [inbound_ns sender_ns]]</pre>
 * {@code latency} = callback time − emit stamp (same host, one wall clock); the product's harness
 * adds the latency its own stats recorded for that quote ({@code claimed}, offset-corrected) and
 * the truth of that same segment ({@code truth}, sender write → receiver decode, uncorrected:
 * on one host the true offset is 0), then the two segments before it from the sender's stamps
 * ({@code inbound}: emit → the sender's read of the update; {@code sender}: that read → its write).
 * Optional arrays are null where the file does not carry them.
 */
record Deliveries(long[] emitNs, long[] latencyNs, long[] claimedNs, long[] truthNs, long[] inboundNs, long[] senderNs) {
    static final long FIRST_WINDOW_NS = 10_000_000_000L;

    static Deliveries read(Path file) throws IOException {
        long[][] cols = new long[6][1024];
        int n = 0;
        int width = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                if (f.length != 2 && f.length != 4 && f.length != 6) {
                    throw new IOException(file + " line " + lineNo + ": expected 2, 4 or 6 numbers, got '" + line + "'");
                }
                if (width != 0 && f.length != width) {
                    throw new IOException(file + " line " + lineNo + ": " + f.length + " numbers where the lines before had " + width);
                }
                width = f.length;
                if (n == cols[0].length) {
                    for (int c = 0; c < cols.length; c++) {
                        cols[c] = Arrays.copyOf(cols[c], n * 2);
                    }
                }
                try {
                    for (int c = 0; c < f.length; c++) {
                        cols[c][n] = Long.parseLong(f[c]);
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(file + " line " + lineNo + ": not a number in '" + line + "'", e);
                }
                n++;
            }
        }
        long[][] out = new long[6][];
        for (int c = 0; c < out.length; c++) {
            out[c] = c < Math.max(width, 2) ? Arrays.copyOf(cols[c], n) : null;
        }
        return new Deliveries(out[0], out[1], out[2], out[3], out[4], out[5]);
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

    /** Where the quotes after the warm-up spent their time, or null when the file has no sender stamps. */
    Segments segments(int warmup) {
        if (senderNs == null) {
            return null;
        }
        int from = Math.min(warmup, count());
        int m = count() - from;
        long[][] parts = new long[Segments.NAMES.length][m];
        for (int i = 0; i < m; i++) {
            int q = from + i;
            parts[0][i] = inboundNs[q];
            parts[1][i] = senderNs[q];
            parts[2][i] = truthNs[q];
            parts[3][i] = latencyNs[q] - inboundNs[q] - senderNs[q] - truthNs[q];
        }
        return new Segments(Arrays.copyOfRange(latencyNs, from, count()), parts, Arrays.copyOfRange(emitNs, from, count()));
    }
}
