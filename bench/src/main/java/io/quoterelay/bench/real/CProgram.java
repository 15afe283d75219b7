package io.quoterelay.bench.real;

import java.io.IOException;
import java.nio.file.Path;

/** A one-file C program of the bench (the floor, the wake-up probe), built with gcc -O2. */
final class CProgram {
    private CProgram() {
    }

    /** {@code outDir/NAME} from {@code NAME.c}; gcc's own words when it fails. */
    static Path build(Path source, Path gcc, Path outDir) throws IOException, InterruptedException {
        String name = source.getFileName().toString().replaceFirst("\\.c$", "");
        Path binary = outDir.resolve(name);
        Process p = new ProcessBuilder(gcc.toString(), "-O2", "-o", binary.toString(), source.toString())
            .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("gcc failed on " + source + ": " + said.trim());
        }
        return binary;
    }
}
