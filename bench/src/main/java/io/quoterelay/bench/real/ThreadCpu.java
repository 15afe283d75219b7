package io.quoterelay.bench.real;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU of each thread of another process, from {@code /proc/PID/task/TID/stat} (utime + stime, in
 * {@link ProcStat}'s 10 ms ticks) and the thread's name from {@code comm} (the JVM names its native
 * threads after the Java ones, cut to 15 characters). A process figure says a quote costs 300 µs;
 * this says whether the quote's own thread spent it or the JIT, the collector or a timer did.
 */
final class ThreadCpu {
    /** Threads below this share of their process's CPU are left out of the line. */
    private static final double MIN_SHARE = 0.02;
    private static final int MAX_THREADS = 4;

    private ThreadCpu() {
    }

    /** Thread id → (name, CPU ns) now; empty when the process is gone or this is not Linux. */
    static Map<Long, Sample> sample(long pid) {
        Map<Long, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    long cpu = ProcStat.cpuNsOf(Files.readString(task.resolve("stat")));
                    out.put(Long.parseLong(task.getFileName().toString()),
                        new Sample(Files.readString(task.resolve("comm")).trim(), cpu));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read: it is not in this window
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The busiest threads between two samples, as {@code name=µs} per message, at most four and each
     * with at least 2 % of the process's CPU: "relay-link-1-1=512.3 C1 CompilerThre=31.0".
     * A thread born inside the window counts from zero.
     */
    static String busiest(Map<Long, Sample> before, Map<Long, Sample> after, long messages) {
        return messages <= 0 ? "-" : busiest(before, after, 1_000.0 * messages);
    }

    /** The same as % of one core over a window of {@code elapsedNs}: "relay-link-1-1=0.41". */
    static String busiestPercent(Map<Long, Sample> before, Map<Long, Sample> after, long elapsedNs) {
        return elapsedNs <= 0 ? "-" : busiest(before, after, elapsedNs / 100.0);
    }

    /** {@code nsPerUnit}: CPU ns that make one unit of the printed figure. */
    private static String busiest(Map<Long, Sample> before, Map<Long, Sample> after, double nsPerUnit) {
        Map<String, Long> byName = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample b = before.get(e.getKey());
            long used = e.getValue().cpuNs() - (b == null ? 0 : b.cpuNs());
            if (used > 0) {
                byName.merge(e.getValue().name(), used, Long::sum);
                total += used;
            }
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(byName.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder line = new StringBuilder();
        for (Map.Entry<String, Long> e : sorted.subList(0, Math.min(MAX_THREADS, sorted.size()))) {
            if (e.getValue() < MIN_SHARE * total) {
                break;
            }
            line.append(line.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%s=%.2f",
                e.getKey().replace(' ', '_'), e.getValue() / nsPerUnit));
        }
        return line.length() == 0 ? "-" : line.toString();
    }

    record Sample(String name, long cpuNs) {
    }
}
