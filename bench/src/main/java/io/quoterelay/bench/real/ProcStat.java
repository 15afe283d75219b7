package io.quoterelay.bench.real;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CPU time of another process from outside it, as {@code top} sees it: utime + stime from
 * {@code /proc/PID/stat} (all threads: JIT and GC in a JVM, the interpreter in Python), in ns.
 * The kernel counts in USER_HZ ticks, 100 per second on Linux (fixed in its ABI), so a figure
 * has 10 ms resolution: windows here are seconds long and hold hundreds of ticks or more.
 */
final class ProcStat {
    static final long NS_PER_TICK = 10_000_000L;

    private ProcStat() {
    }

    /** utime + stime of {@code pid} in ns, or -1 when the process is gone. */
    static long cpuNs(long pid) {
        try {
            return cpuNsOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Fields 14 and 15 of a stat line; the command name (field 2) may hold spaces and ')' so count from its last ')'. */
    static long cpuNsOf(String statLine) {
        String[] f = statLine.substring(statLine.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state): utime is field 14 -> f[11], stime field 15 -> f[12].
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NS_PER_TICK;
    }

    /** The children of {@code pid} in the order the kernel lists them (creation order), or empty. */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "task", Long.toString(pid), "children"));
            for (String p : s.trim().split("\\s+")) {
                if (!p.isEmpty()) {
                    out.add(Long.parseLong(p));
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone or not Linux: no children known
        }
        return out;
    }

    /** The 1, 5 and 15 minute load averages and the running/total tasks, as /proc/loadavg has them. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown (no /proc/loadavg)";
        }
    }
}
