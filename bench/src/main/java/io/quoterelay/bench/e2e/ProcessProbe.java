package io.quoterelay.bench.e2e;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one process costs, read from inside it: CPU time of the whole process (all threads, JIT and
 * GC included), GC collections and their accumulated time from the GC MXBeans (for the serial
 * collector every collection is a stop-the-world pause, so the time is the pause total), and peak
 * resident memory ({@code VmHWM} in /proc/self/status, the kernel's high-water mark since start).
 */
final class ProcessProbe {
    private ProcessProbe() {
    }

    /** Cumulative counters at one instant; subtract two to get a window. */
    record Sample(long cpuNs, long gcCount, long gcMillis) {
        Sample minus(Sample earlier) {
            return new Sample(cpuNs - earlier.cpuNs, gcCount - earlier.gcCount, gcMillis - earlier.gcMillis);
        }
    }

    static Sample sample() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new Sample(processCpuNs(), count, millis);
    }

    static long processCpuNs() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Peak resident set size in KiB since the process started, or -1 where /proc is missing. */
    static long peakRssKb() {
        return statusField("VmHWM:");
    }

    static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux: reported as -1.
        }
        return -1;
    }

    /** Bytes allocated so far by {@code thread} (HotSpot's per-thread TLAB accounting), or -1. */
    static long allocatedBytes(Thread thread) {
        if (thread != null && ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            return t.getThreadAllocatedBytes(thread.getId());
        }
        return -1;
    }

    /** CPU time the thread has used, ns; -1 when unknown. */
    static long cpuNanos(Thread thread) {
        return thread == null ? -1 : ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** The report fields every child prints: window CPU, GC, and the process's peak RSS. */
    static String fields(Sample window) {
        return "cpu_ms=" + window.cpuNs() / 1_000_000 + " gc_count=" + window.gcCount() + " gc_ms=" + window.gcMillis()
            + " rss_peak_kb=" + peakRssKb();
    }
}
