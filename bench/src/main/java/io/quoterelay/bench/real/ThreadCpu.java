package io.quoterelay.bench.real;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * CPU of each thread of another process, and how long it sat runnable waiting for a core, from
 * {@code /proc/PID/task/TID/schedstat} (ns: time on a CPU, time on a run queue; where the kernel
 * has no schedstat, CPU from {@code stat} in {@link ProcStat}'s 10 ms ticks and no wait), with the
 * thread's name from {@code comm} (the JVM names its native threads after the Java ones, cut to 15
 * characters). A process figure says a quote costs 300 µs; this says whether the quote's own
 * thread spent it or the JIT, the collector or a timer did, and whether the quote's thread lost
 * time queueing behind the other processes for one of the two cores.
 */
final class ThreadCpu {
    /** Threads below this share of their process's total are left out of the line. */
    private static final double MIN_SHARE = 0.02;
    private static final int MAX_THREADS = 4;

    private ThreadCpu() {
    }

    /** Thread id → its sample now; empty when the process is gone or this is not Linux. */
    static Map<Long, Sample> sample(long pid) {
        Map<Long, Sample> out = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    out.put(Long.parseLong(task.getFileName().toString()), read(task));
                } catch (IOException | RuntimeException gone) {
                    // the thread ended between the listing and the read: it is not in this window
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    private static Sample read(Path task) throws IOException {
        String name = Files.readString(task.resolve("comm")).trim();
        try {
            return Sample.ofSchedstat(name, Files.readString(task.resolve("schedstat")));
        } catch (NoSuchFileException noSchedstat) {
            return new Sample(name, ProcStat.cpuNsOf(Files.readString(task.resolve("stat"))), -1, -1);
        }
    }

    /**
     * The busiest threads between two samples, as {@code name=µs} per message, at most four and each
     * with at least 2 % of the process's CPU: "relay-link-1-1=512.30 C1_CompilerThre=31.00".
     * A thread born inside the window counts from zero.
     */
    static String busiest(Map<Long, Sample> before, Map<Long, Sample> after, long messages) {
        return messages <= 0 ? "-" : top(before, after, Sample::cpuNs, 1_000.0 * messages);
    }

    /** The same as % of one core over a window of {@code elapsedNs}: "relay-link-1-1=0.41". */
    static String busiestPercent(Map<Long, Sample> before, Map<Long, Sample> after, long elapsedNs) {
        return elapsedNs <= 0 ? "-" : top(before, after, Sample::cpuNs, elapsedNs / 100.0);
    }

    /**
     * The threads that waited longest for a core, runnable but not running, as {@code name=µs} per
     * message; "?" where the kernel keeps no schedstat.
     */
    static String longestQueued(Map<Long, Sample> before, Map<Long, Sample> after, long messages) {
        if (after.values().stream().anyMatch(s -> s.queuedNs() < 0)) {
            return "?";
        }
        return messages <= 0 ? "-" : top(before, after, Sample::queuedNs, 1_000.0 * messages);
    }

    /**
     * The threads that got a CPU most often, as {@code name=times} per unit (a second, a message):
     * for a thread that sleeps between tasks, its wake-ups. "?" where the kernel keeps no schedstat.
     */
    static String mostWakeups(Map<Long, Sample> before, Map<Long, Sample> after, double units) {
        if (after.values().stream().anyMatch(s -> s.runs() < 0)) {
            return "?";
        }
        return units <= 0 ? "-" : top(before, after, Sample::runs, units);
    }

    /** {@code nsPerUnit}: ns of {@code measure} that make one unit of the printed figure. */
    private static String top(Map<Long, Sample> before, Map<Long, Sample> after, ToLongFunction<Sample> measure,
                              double nsPerUnit) {
        Map<String, Long> byName = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<Long, Sample> e : after.entrySet()) {
            Sample b = before.get(e.getKey());
            long used = measure.applyAsLong(e.getValue()) - (b == null ? 0 : measure.applyAsLong(b));
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

    /**
     * @param cpuNs    time on a CPU since the thread started
     * @param queuedNs time runnable on a run queue, waiting for a CPU; -1 when unknown
     * @param runs     times the thread was given a CPU (schedstat's timeslices); -1 when unknown
     */
    record Sample(String name, long cpuNs, long queuedNs, long runs) {
        /** From a schedstat line: "run ns, wait ns, timeslices". */
        static Sample ofSchedstat(String name, String schedstat) {
            String[] f = schedstat.trim().split("\\s+");
            return new Sample(name, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }
}
