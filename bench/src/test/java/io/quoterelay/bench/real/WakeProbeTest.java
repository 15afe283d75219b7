package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real probe, built with the real gcc where there is one (bench/install-peers.sh installs it). */
class WakeProbeTest {
    @TempDir
    Path dir;

    private static Path gcc() {
        Optional<Path> gcc = Peers.onPath("gcc");
        assumeTrue(gcc.isPresent(), "no gcc on the PATH");
        return gcc.get();
    }

    @Test
    void buildsAndPrintsOneResultLineWithEveryPercentile() throws Exception {
        String line = WakeProbe.run(Path.of("c", "wakeprobe.c"), gcc(), dir, 0.05);
        assertTrue(line.matches("WAKEPROBE sleeps=50 period_us=1000 p50=\\d+ p90=\\d+ p99=\\d+ p99\\.9=\\d+ max=\\d+ us"), line);
    }

    @Test
    void aSourceGccRefusesNamesItWithGccsOwnWords() throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.c"), "int main( {");
        IOException e = assertThrows(IOException.class, () -> CProgram.build(broken, gcc(), dir));
        assertTrue(e.getMessage().startsWith("gcc failed on " + broken + ": ") && e.getMessage().contains("error"), e.getMessage());
    }
}
