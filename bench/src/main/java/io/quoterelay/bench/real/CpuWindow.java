package io.quoterelay.bench.real;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU used by a peer's processes between two instants ({@link ProcStat}), per process, as CPU µs
 * per message or as a percentage of one core. A process that ended before the second sample
 * shows as NaN rather than as a wrong number.
 */
final class CpuWindow {
    private final Map<String, Long> pids;
    private Map<String, Long> startCpuNs;
    private Map<String, Map<Long, ThreadCpu.Sample>> startThreads;
    private long startNanoTime;

    /** {@code pids}: process name → pid, in the order the figures are printed. */
    CpuWindow(Map<String, Long> pids) {
        this.pids = new LinkedHashMap<>(pids);
    }

    void begin() {
        startCpuNs = sample();
        startThreads = new LinkedHashMap<>();
        pids.forEach((name, pid) -> startThreads.put(name, ThreadCpu.sample(pid)));
        startNanoTime = System.nanoTime();
    }

    Map<String, Double> usPerMessage(long messages) {
        Map<String, Long> used = used();
        Map<String, Double> out = new LinkedHashMap<>();
        used.forEach((name, ns) -> out.put(name, ns < 0 || messages <= 0 ? Double.NaN : ns / 1000.0 / messages));
        return out;
    }

    /** Per process, its busiest threads' CPU µs per message ({@link ThreadCpu#busiest}): "sender[relay-link-1-1=512.3] …". */
    String threadsUsPerMessage(long messages) {
        StringBuilder b = new StringBuilder();
        pids.forEach((name, pid) -> b.append(b.length() == 0 ? "" : " ").append(name).append('[')
            .append(ThreadCpu.busiest(startThreads.get(name), ThreadCpu.sample(pid), messages)).append(']'));
        return b.toString();
    }

    /** Per process, its threads that waited longest for a core, µs per message ({@link ThreadCpu#longestQueued}). */
    String queuedUsPerMessage(long messages) {
        StringBuilder b = new StringBuilder();
        pids.forEach((name, pid) -> b.append(b.length() == 0 ? "" : " ").append(name).append('[')
            .append(ThreadCpu.longestQueued(startThreads.get(name), ThreadCpu.sample(pid), messages)).append(']'));
        return b.toString();
    }

    /** Per process, its busiest threads' share of one core: "sender[relay-link-1-1=0.41] …". */
    String threadsPercentOfCore() {
        long elapsed = System.nanoTime() - startNanoTime;
        StringBuilder b = new StringBuilder();
        pids.forEach((name, pid) -> b.append(b.length() == 0 ? "" : " ").append(name).append('[')
            .append(ThreadCpu.busiestPercent(startThreads.get(name), ThreadCpu.sample(pid), elapsed)).append(']'));
        return b.toString();
    }

    Map<String, Double> percentOfCore() {
        long elapsed = System.nanoTime() - startNanoTime;
        Map<String, Long> used = used();
        Map<String, Double> out = new LinkedHashMap<>();
        used.forEach((name, ns) -> out.put(name, ns < 0 ? Double.NaN : 100.0 * ns / elapsed));
        return out;
    }

    private Map<String, Long> used() {
        Map<String, Long> end = sample();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String name : pids.keySet()) {
            long a = startCpuNs.get(name);
            long b = end.get(name);
            out.put(name, a < 0 || b < 0 ? -1 : b - a);
        }
        return out;
    }

    private Map<String, Long> sample() {
        Map<String, Long> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> m.put(name, ProcStat.cpuNs(pid)));
        return m;
    }
}
