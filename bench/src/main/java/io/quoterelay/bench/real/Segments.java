package io.quoterelay.bench.real;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The product's emit → callback split in four per quote, from the stamps the quote carries:
 * {@code inbound} (emit → the sender's read: the emitter's write, loopback, the sender's wake-up and
 * WebSocket decode), {@code sender} (read → the sender's stamp before encoding: parse, arbitration),
 * {@code link} (encode, TLS, both kernels, the receiver's wake-up and decode) and {@code receiver}
 * (decode → callback). A median only says where the usual quote goes; the slowest 1 % say where the
 * tail comes from, and how many separate episodes it is.
 */
final class Segments {
    static final String[] NAMES = {"inbound", "sender", "link", "receiver"};
    /** Slow quotes closer than this to the previous slow one belong to the same episode. */
    static final long EPISODE_GAP_NS = 100_000_000L;

    private final long[] totalNs;
    private final long[][] partsNs;
    private final long[] emitNs;

    /** Per quote, in the same order: its total, each part ({@link #NAMES}) and its emit time. */
    Segments(long[] totalNs, long[][] partsNs, long[] emitNs) {
        if (partsNs.length != NAMES.length) {
            throw new IllegalArgumentException("expected " + NAMES.length + " parts, got " + partsNs.length);
        }
        this.totalNs = totalNs;
        this.partsNs = partsNs;
        this.emitNs = emitNs;
    }

    /** The quotes whose total is at or above the p99 (as {@link Percentiles} picks it). */
    int[] slowest() {
        if (totalNs.length == 0) {
            return new int[0];
        }
        long p99 = Percentiles.of(totalNs, 0, totalNs.length).p99Ns();
        return IntStream.range(0, totalNs.length).filter(i -> totalNs[i] >= p99).toArray();
    }

    /** Median of each part over {@code quotes}, ns. */
    long[] medians(int[] quotes) {
        long[] out = new long[NAMES.length];
        for (int p = 0; p < NAMES.length; p++) {
            long[] v = new long[quotes.length];
            for (int k = 0; k < quotes.length; k++) {
                v[k] = partsNs[p][quotes[k]];
            }
            Arrays.sort(v);
            out[p] = v.length == 0 ? 0 : v[v.length / 2];
        }
        return out;
    }

    /** For each part, how many of {@code quotes} spent the most time in it. */
    int[] largestPartCounts(int[] quotes) {
        int[] out = new int[NAMES.length];
        for (int q : quotes) {
            int best = 0;
            for (int p = 1; p < NAMES.length; p++) {
                if (partsNs[p][q] > partsNs[best][q]) {
                    best = p;
                }
            }
            out[best]++;
        }
        return out;
    }

    /** Runs of {@code quotes} (in emit order) with less than {@link #EPISODE_GAP_NS} between neighbours. */
    int episodes(int[] quotes) {
        long[] t = new long[quotes.length];
        for (int k = 0; k < quotes.length; k++) {
            t[k] = emitNs[quotes[k]];
        }
        Arrays.sort(t);
        int n = t.length == 0 ? 0 : 1;
        for (int k = 1; k < t.length; k++) {
            if (t[k] - t[k - 1] >= EPISODE_GAP_NS) {
                n++;
            }
        }
        return n;
    }

    /**
     * {@code all p50 inbound=.. sender=.. link=.. receiver=..; slowest 1% (n=.., >= ..us, .. episodes)
     * p50 inbound=.. ...; largest part inbound=.. ...}, µs.
     */
    String line() {
        int[] all = IntStream.range(0, totalNs.length).toArray();
        int[] slow = slowest();
        List<String> out = new ArrayList<>();
        out.add("all p50 " + parts(medians(all)));
        long threshold = slow.length == 0 ? 0 : Arrays.stream(slow).mapToLong(i -> totalNs[i]).min().getAsLong();
        out.add(String.format(Locale.ROOT, "slowest 1%% (n=%d, >= %sus, %d episodes %d ms apart or more) p50 %s",
            slow.length, Percentiles.us(threshold), episodes(slow), EPISODE_GAP_NS / 1_000_000, parts(medians(slow))));
        int[] largest = largestPartCounts(slow);
        StringBuilder b = new StringBuilder("largest part in those:");
        for (int p = 0; p < NAMES.length; p++) {
            b.append(' ').append(NAMES[p]).append('=').append(largest[p]);
        }
        out.add(b.toString());
        return String.join("; ", out);
    }

    private static String parts(long[] ns) {
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < NAMES.length; p++) {
            b.append(p == 0 ? "" : " ").append(NAMES[p]).append('=').append(Percentiles.us(ns[p]));
        }
        return b.toString();
    }
}
