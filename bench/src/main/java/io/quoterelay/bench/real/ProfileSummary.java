package io.quoterelay.bench.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line from a {@link ServiceProfiler} collapsed-stack file: which threads had the CPU, and for
 * the busiest one where its own (leaf) samples fell by layer (kernel, Netty, the TLS library, the
 * JDK, this project, the JVM's stubs and runtime) and in which frames. A flat profile (no frame
 * above a few %) says the cost is spread over the whole path, as cold caches after every sleep spread it.
 */
final class ProfileSummary {
    private static final int TOP_THREADS = 3;
    private static final int TOP_FRAMES = 6;

    private ProfileSummary() {
    }

    static String of(Path collapsed) throws IOException {
        // thread -> its own samples by leaf frame; a thread's total is the sum of its leaves.
        Map<String, Map<String, Long>> leavesByThread = new HashMap<>();
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String[] frames = line.substring(0, space).split(";");
            leavesByThread.computeIfAbsent(thread(frames[0]), t -> new HashMap<>())
                .merge(named(frames[frames.length - 1]), n, Long::sum);
        }
        Map<String, Long> byThread = new HashMap<>();
        leavesByThread.forEach((t, leaves) -> byThread.put(t, leaves.values().stream().mapToLong(Long::longValue).sum()));
        long total = byThread.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "no samples";
        }
        List<Map.Entry<String, Long>> threads = sortedDescending(byThread);
        String busiest = threads.get(0).getKey();
        long busiestTotal = threads.get(0).getValue();
        Map<String, Long> leaves = leavesByThread.get(busiest);
        Map<String, Long> layers = new HashMap<>();
        leaves.forEach((leaf, n) -> layers.merge(layer(leaf), n, Long::sum));
        StringBuilder b = new StringBuilder().append(total).append(" samples; threads");
        for (Map.Entry<String, Long> e : threads.subList(0, Math.min(TOP_THREADS, threads.size()))) {
            b.append(' ').append(e.getKey().replace(' ', '_')).append('=').append(percent(e.getValue(), total));
        }
        b.append("; ").append(busiest.replace(' ', '_')).append(" self by layer");
        for (Map.Entry<String, Long> e : sortedDescending(layers)) {
            b.append(' ').append(e.getKey()).append('=').append(percent(e.getValue(), busiestTotal));
        }
        b.append("; top frames");
        List<Map.Entry<String, Long>> top = sortedDescending(leaves);
        for (Map.Entry<String, Long> e : top.subList(0, Math.min(TOP_FRAMES, top.size()))) {
            b.append(' ').append(e.getKey().replace(' ', '_')).append('=').append(percent(e.getValue(), busiestTotal));
        }
        return b.toString();
    }

    /** "[relay-link-1-1 tid=123]" → "relay-link-1-1"; a stack without a thread frame counts as "?". */
    static String thread(String first) {
        if (!first.startsWith("[")) {
            return "?";
        }
        String name = first.substring(1, first.endsWith("]") ? first.length() - 1 : first.length());
        int tid = name.lastIndexOf(" tid=");
        return tid >= 0 ? name.substring(0, tid) : name;
    }

    /** netty-tcnative's library is unpacked under a random temporary name: one name for all runs. */
    static String named(String frame) {
        return frame.contains("netty_tcnative") ? "libnetty_tcnative.so" : frame;
    }

    /** Where a leaf frame's code lives. */
    static String layer(String frame) {
        if (frame.endsWith("_[k]")) {
            return "kernel";
        }
        // BoringSSL is linked into netty-tcnative's library without symbols: its frames show as the file.
        if (frame.contains("netty_tcnative") || frame.startsWith("SSL_") || frame.startsWith("EVP_")) {
            return "tls";
        }
        if (frame.startsWith("io/netty/")) {
            return "netty";
        }
        if (frame.startsWith("io/quoterelay/")) {
            return "quoterelay";
        }
        if (frame.startsWith("java/") || frame.startsWith("jdk/") || frame.startsWith("sun/")) {
            return "jdk";
        }
        if (frame.startsWith("org/") || frame.startsWith("com/")) {
            return "libraries";
        }
        if (frame.contains("stub") || frame.contains("adapter") || frame.contains("::")
            || frame.startsWith("JVM_") || frame.startsWith("Unsafe_") || frame.startsWith("jni_")) {
            return "jvm";
        }
        return "native";
    }

    private static List<Map.Entry<String, Long>> sortedDescending(Map<String, Long> m) {
        List<Map.Entry<String, Long>> out = new ArrayList<>(m.entrySet());
        out.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return out;
    }

    private static String percent(long part, long whole) {
        return String.format(Locale.ROOT, "%.0f%%", 100.0 * part / whole);
    }
}
