package io.quoterelay.bench.real;

import io.quoterelay.bench.e2e.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * What one wake-up costs on the machine the run is on, measured by {@code bench/c/wakeprobe.c}
 * before the peers run: a plain C thread sleeping to each 1 ms tick, and how late it woke. Each
 * peer's latency is a chain of such wake-ups (the floor: relay and sink; the pairs: the emitter's
 * writer, the sender and the receiver), so this line says how much of every figure below is the
 * host's, whatever runs on it.
 */
final class WakeProbe {
    static final Path SOURCE = Path.of("bench", "c", "wakeprobe.c");
    static final int SECONDS = 10;
    static final int PERIOD_US = 1_000;

    private WakeProbe() {
    }

    /** The probe's own result line after {@code seconds} of sleeps, or why there is none. */
    static String run(Path source, Path gcc, Path outDir, double seconds) throws IOException, InterruptedException {
        Path binary = CProgram.build(source, gcc, outDir);
        Path dir = outDir.resolve("wakeprobe-output"); // beside the binary, which is outDir/wakeprobe
        Files.createDirectories(dir);
        try (ChildJvm probe = ChildJvm.startProcess("wakeprobe", List.of(binary.toString(), Double.toString(seconds),
                Integer.toString(PERIOD_US)), Map.of(), dir)) {
            return probe.await(l -> l.startsWith("WAKEPROBE"), Duration.ofSeconds((long) seconds + 30));
        } catch (TimeoutException | IllegalStateException e) {
            return "WAKEPROBE FAILED: " + e.getMessage();
        }
    }
}
