package io.quoterelay.bench.real;

import io.quoterelay.bench.e2e.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The floor: {@code relay2hop} (emitter → relay → sink, three C processes on loopback, sleeping
 * reads, stamps from CLOCK_REALTIME at emit), built here with gcc from the shared source and run
 * unchanged; its own result line gives the percentiles (after its own 10 % warm-up). Its CPU per
 * process is read from /proc over the same window the other peers use, with the message count
 * taken from the schedule (the floor delivers every message; it has no channel to count them).
 */
final class FloorRun {
    /** relay2hop's emitter sleeps this long after connecting before its first message. */
    private static final long EMITTER_START_DELAY_NS = 200_000_000L;

    private FloorRun() {
    }

    static PeerResult run(Path binary, Traffic t, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), Integer.toString(t.rate()),
            Integer.toString(t.count())));
        if (t.isReplay()) {
            cmd.add(t.recvNs().toString());
        }
        try (ChildJvm floor = ChildJvm.startProcess("relay2hop", cmd, Map.of(), dir).exitGrace(Duration.ofSeconds(1))) {
            List<Long> children = awaitChildren(floor.pid(), 2);
            long t0 = System.nanoTime() + EMITTER_START_DELAY_NS;
            Map<String, Long> pids = new LinkedHashMap<>();
            pids.put("emitter", children.size() > 1 ? children.get(1) : -1L);
            pids.put("relay", children.isEmpty() ? -1L : children.get(0));
            pids.put("sink", floor.pid());
            CpuWindow cpu = new CpuWindow(pids);
            int from = t.warmupCount();
            int to = (int) (t.count() * 0.98);
            sleepUntil(t0 + t.offsetNs(from));
            cpu.begin();
            sleepUntil(t0 + t.offsetNs(to));
            Map<String, Double> cpuUs = cpu.usPerMessage(to - from);
            Duration wait = Duration.ofNanos(t.durationNs()).plusSeconds(60);
            String line = floor.await(l -> l.startsWith("FLOOR2HOP"), wait);
            return new PeerResult(Peers.FLOOR, t.name(), null, null, t.count(), -1, Percentiles.parseFloorLine(line),
                Percentiles.NONE, cpuUs, List.of());
        } catch (TimeoutException | IllegalStateException | IllegalArgumentException e) {
            return PeerResult.failed(Peers.FLOOR, t.name(), e.getMessage());
        }
    }

    private static List<Long> awaitChildren(long pid, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<Long> c = ProcStat.children(pid);
        while (c.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(1);
            c = ProcStat.children(pid);
        }
        return c;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long ms = (nanoTime - System.nanoTime()) / 1_000_000;
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
