package io.quoterelay.bench.real;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

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
        startThreads = sampleThreads();
        startNanoTime = System.nanoTime();
    }

    Map<String, Double> usPerMessage(long messages) {
        Map<String, Long> used = used();
        Map<String, Double> out = new LinkedHashMap<>();
        used.forEach((name, ns) -> out.put(name, ns < 0 || messages <= 0 ? Double.NaN : ns / 1000.0 / messages));
        return out;
    }

    /**
     * Per process, its busiest threads' CPU and its longest-queued threads' wait for a core, µs per
     * message ({@link ThreadCpu#busiest}, {@link ThreadCpu#longestQueued}), from one look at the threads:
     * "sender[relay-link-1-1=512.30 …] receiver[…]".
     */
    ThreadLines threadsPerMessage(long messages) {
        Map<String, Map<Long, ThreadCpu.Sample>> end = sampleThreads();
        return new ThreadLines(perProcess(end, (before, after) -> ThreadCpu.busiest(before, after, messages)),
            perProcess(end, (before, after) -> ThreadCpu.longestQueued(before, after, messages)),
            perProcess(end, (before, after) -> ThreadCpu.mostWakeups(before, after, messages)));
    }

    /** Per process, its busiest threads' share of one core: "sender[relay-link-1-1=0.41] …". */
    String threadsPercentOfCore() {
        long elapsed = System.nanoTime() - startNanoTime;
        return perProcess(sampleThreads(), (before, after) -> ThreadCpu.busiestPercent(before, after, elapsed));
    }

    /** Per process, the threads woken most often, per second: "sender[relay-control=6.0 …] …". */
    String threadsWakeupsPerSecond() {
        long elapsed = System.nanoTime() - startNanoTime;
        return perProcess(sampleThreads(), (before, after) -> ThreadCpu.mostWakeups(before, after, elapsed / 1e9));
    }

    /** The per-thread lines of a measured window: CPU, wait for a core (µs) and times on a CPU, per message. */
    record ThreadLines(String cpu, String queued, String wakeups) {
    }

    private Map<String, Map<Long, ThreadCpu.Sample>> sampleThreads() {
        Map<String, Map<Long, ThreadCpu.Sample>> m = new LinkedHashMap<>();
        pids.forEach((name, pid) -> m.put(name, ThreadCpu.sample(pid)));
        return m;
    }

    /** "name[figure] …" per process, {@code figure} made from its threads at the start and at {@code end}. */
    private String perProcess(Map<String, Map<Long, ThreadCpu.Sample>> end,
                              BiFunction<Map<Long, ThreadCpu.Sample>, Map<Long, ThreadCpu.Sample>, String> figure) {
        StringBuilder b = new StringBuilder();
        end.forEach((name, after) -> b.append(b.length() == 0 ? "" : " ").append(name).append('[')
            .append(figure.apply(startThreads.get(name), after)).append(']'));
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
