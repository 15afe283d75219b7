package io.quoterelay.bench.real;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The three peers' names and what each needs on the machine. A missing piece skips that peer's
 * column with one line naming what to install; it never fails the run or leaves a half table.
 */
final class Peers {
    static final String FLOOR = "floor";
    static final String PYTHON = "python";
    static final String PRODUCT = "product";
    /**
     * The product with its receiver's I/O thread spinning (IDLE_STRATEGY=spin); the sender sleeps
     * as by default, since on two shared cores a second spinning thread would starve the emitter.
     */
    static final String PRODUCT_SPIN = "product-spin";
    /**
     * The product with the images' options but C2 allowed ({@code -XX:TieredStopAtLevel=4}): the one
     * difference from {@link #PRODUCT} since the images stop at C1 (C2 compiles the per-quote path only
     * tens of seconds in at Binance's rates, its compiler threads sharing the two cores with the
     * quotes meanwhile, and its code is faster once there).
     */
    static final String PRODUCT_C2 = "product-c2";
    /**
     * The product with both services' JIT compiler threads at nice 19
     * ({@code -XX:ThreadPriorityPolicy=1 -XX:CompilerThreadPriority=19}): a compiling C2 thread then
     * yields the core to a woken quote thread at once instead of after the scheduler's wake-up
     * granularity. As root (the bench) policy 1 also raises the VM and GC threads to nice -4; as
     * the images' user it cannot, so only the lowering applies there.
     */
    static final String PRODUCT_NICE_JIT = "product-nicejit";
    /**
     * The product with the JVM options the images had before 2026-12-01 (C1 then C2, a periodic
     * safepoint every second, the first class-metadata collection at the JVM's default 21 MB): the
     * baseline of the current defaults.
     */
    static final String PRODUCT_PREVIOUS = "product-previous";
    /** The product on one Binance connection ({@code --binance-connections 1}): the redundancy baseline. */
    static final String PRODUCT_1LINE = "product-1line";
    /** The product on two hot-hot Binance connections, first copy of each update wins. */
    static final String PRODUCT_2LINES = "product-2lines";
    /** What the product's sender opens by default (its {@code --binance-connections} default). */
    private static final int PRODUCT_DEFAULT_LINES = 2;
    /** This product in each of its settings, in table order. */
    static final List<String> PRODUCTS = List.of(PRODUCT, PRODUCT_PREVIOUS, PRODUCT_C2, PRODUCT_NICE_JIT, PRODUCT_SPIN, PRODUCT_1LINE,
        PRODUCT_2LINES);
    static final String INSTALL_HINT = "bench/install-peers.sh installs it (apt-get)";

    private Peers() {
    }

    /** Whether {@code peer} is this product, in any of its settings. */
    static boolean isProduct(String peer) {
        return PRODUCTS.contains(peer);
    }

    /** Binance (simulator) connections the peer's sender opens. */
    static int binanceConnections(String peer) {
        return switch (peer) {
            case PRODUCT_1LINE, PYTHON -> 1;
            case PRODUCT_2LINES -> 2;
            default -> PRODUCT_DEFAULT_LINES;
        };
    }

    /** Why the floor cannot run: no source, or no C compiler. Empty when it can. */
    static Optional<String> floorMissing(Path source, Optional<Path> gcc) {
        if (!Files.isRegularFile(source)) {
            return Optional.of("no floor source at " + source + " (give --shared DIR holding floor/relay2hop.c)");
        }
        if (gcc.isEmpty()) {
            return Optional.of("no gcc on PATH to build " + source.getFileName() + ": apt-get install gcc; " + INSTALL_HINT);
        }
        return Optional.empty();
    }

    /** Why the Python pair cannot run: no pair, no python3 at {@code python}, or its modules missing. */
    static Optional<String> pythonMissing(Path python, Path pairDir) {
        for (String f : List.of("sender.py", "receiver.py")) {
            if (!Files.isRegularFile(pairDir.resolve(f))) {
                return Optional.of("no " + f + " in " + pairDir + " (give --shared DIR holding python-pair/)");
            }
        }
        if (!Files.isExecutable(python)) {
            return Optional.of("no " + python + ": apt-get install python3 python3-msgpack python3-websockets; "
                + INSTALL_HINT);
        }
        String probe = "import sys, msgpack, websockets; sys.exit(0 if sys.version_info >= (3, 10) else 3)";
        try {
            Process p = new ProcessBuilder(python.toString(), "-c", probe).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.of(python + " did not answer within 30 s");
            }
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() == 3) {
                return Optional.of(python + " is older than 3.10 (sender.py needs 3.10+; Debian 12 ships 3.11)");
            }
            if (p.exitValue() != 0) {
                String last = said.isEmpty() ? "exit " + p.exitValue() : said.lines().reduce((a, b) -> b).orElse(said);
                return Optional.of(python + " lacks the pair's modules (" + last
                    + "): apt-get install python3-msgpack python3-websockets; " + INSTALL_HINT);
            }
        } catch (IOException e) {
            return Optional.of("cannot run " + python + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while probing " + python);
        }
        return Optional.empty();
    }

    /** {@code name} found on PATH, as a shell would. */
    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
