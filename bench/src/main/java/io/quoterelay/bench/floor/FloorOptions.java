package io.quoterelay.bench.floor;

import io.quoterelay.bench.cli.BenchCli;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Settings of one floor run, with their defaults ({@link Flags} parses them). Every bad or unknown
 * flag stops the run with one line naming it ({@link IllegalArgumentException}).
 *
 * @param warmup            closed-loop round trips before anything is recorded (JIT, TLS buffers, caches)
 * @param measured          closed-loop round trips recorded
 * @param openLoopRates     fixed send rates (msg/s) for the open-loop runs after the ping-pong; empty: none
 * @param openLoopDuration  how long each open-loop rate runs (its message count is rate x duration)
 * @param spinNs            the open-loop sender parks until this long before a ping is due, then spins:
 *                          0 parks all the way (costs the kernel's timer slack, ~50 us, as send lag;
 *                          spinning costs CPU the two processes under test would otherwise have)
 * @param serverStartTimeout how long to wait for the server JVM's "listening on PORT" line
 * @param runTimeout        ceiling of each measured phase; a run that exceeds it fails instead of hanging
 */
record FloorOptions(int warmup, int measured, List<Integer> openLoopRates, Duration openLoopDuration, long spinNs,
                    Duration serverStartTimeout, Duration runTimeout) {


    FloorOptions {
        if (warmup < 0) {
            throw new IllegalArgumentException("--warmup must be >= 0, got " + warmup);
        }
        if (measured < 1) {
            throw new IllegalArgumentException("--measured must be >= 1, got " + measured);
        }
        for (int r : openLoopRates) {
            if (r < 1 || r > 1_000_000) {
                throw new IllegalArgumentException("--rates: each rate must be 1..1000000 msg/s, got " + r);
            }
        }
        openLoopRates = List.copyOf(openLoopRates);
        if (openLoopDuration.isNegative() || openLoopDuration.isZero()) {
            throw new IllegalArgumentException("--open-loop-seconds must be > 0, got " + openLoopDuration.toSeconds());
        }
        if (spinNs < 0 || spinNs > 1_000_000_000L) {
            throw new IllegalArgumentException("--spin-us must be 0..1000000, got " + spinNs / 1000);
        }
        if (serverStartTimeout.isNegative() || serverStartTimeout.isZero()) {
            throw new IllegalArgumentException("--server-start-timeout-seconds must be > 0");
        }
        if (runTimeout.isNegative() || runTimeout.isZero()) {
            throw new IllegalArgumentException("--run-timeout-seconds must be > 0");
        }
    }

    static FloorOptions parse(String... args) {
        return BenchCli.parse(new Flags(), args);
    }

    /** Messages one open-loop run at {@code rate} sends. */
    long openLoopCount(int rate) {
        return Math.max(1, rate * openLoopDuration.toMillis() / 1000);
    }

    @Command(name = "TlsPingPong", sortOptions = false)
    static final class Flags implements BenchCli.Flags<FloorOptions> {
        @Option(names = "--warmup", paramLabel = "N", defaultValue = "20000",
            description = "closed-loop round trips before recording (default ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--measured", paramLabel = "N", defaultValue = "100000",
            description = "closed-loop round trips recorded (default ${DEFAULT-VALUE})")
        int measured;

        @Option(names = "--rates", paramLabel = "R1,R2,..|none", defaultValue = "1000,10000",
            converter = BenchCli.WholeNumbersOrNone.class,
            description = "open-loop rates in msg/s after the ping-pong, or 'none' (default ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--open-loop-seconds", paramLabel = "S", defaultValue = "10",
            description = "seconds per open-loop rate (default ${DEFAULT-VALUE})")
        int openLoopSeconds;

        @Option(names = "--spin-us", paramLabel = "N", defaultValue = "0",
            description = "open loop: park until N us before each due time, then spin (default 0: park only)")
        int spinUs;

        @Option(names = "--server-start-timeout-seconds", paramLabel = "S", defaultValue = "30",
            description = "wait for the server JVM (default ${DEFAULT-VALUE})")
        int serverStartTimeoutSeconds;

        @Option(names = "--run-timeout-seconds", paramLabel = "S", defaultValue = "120",
            description = "ceiling per measured phase (default ${DEFAULT-VALUE})")
        int runTimeoutSeconds;

        @Override
        public FloorOptions options(ParseResult given) {
            return new FloorOptions(warmup, measured, rates, Duration.ofSeconds(openLoopSeconds), spinUs * 1_000L,
                Duration.ofSeconds(serverStartTimeoutSeconds), Duration.ofSeconds(runTimeoutSeconds));
        }
    }
}
