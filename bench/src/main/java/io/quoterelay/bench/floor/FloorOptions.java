package io.quoterelay.bench.floor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one floor run, with their defaults, parsed from {@code --flag value} pairs. Every
 * bad or unknown flag stops the run with one line naming it ({@link IllegalArgumentException}).
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

    static final int DEFAULT_WARMUP = 20_000;
    static final int DEFAULT_MEASURED = 100_000;
    static final List<Integer> DEFAULT_OPEN_LOOP_RATES = List.of(1_000, 10_000);
    static final Duration DEFAULT_OPEN_LOOP_DURATION = Duration.ofSeconds(10);
    static final Duration DEFAULT_SERVER_START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofSeconds(120);

    static final String USAGE = """
        usage: TlsPingPong [--warmup N] [--measured N] [--rates R1,R2,..|none] [--open-loop-seconds S] [--spin-us N]
                           [--server-start-timeout-seconds S] [--run-timeout-seconds S]
          --warmup N           closed-loop round trips before recording (default %d)
          --measured N         closed-loop round trips recorded (default %d)
          --rates LIST         open-loop rates in msg/s after the ping-pong, or 'none' (default %s)
          --open-loop-seconds  seconds per open-loop rate (default %d)
          --spin-us N          open loop: park until N us before each due time, then spin (default 0: park only)
          --server-start-timeout-seconds  wait for the server JVM (default %d)
          --run-timeout-seconds           ceiling per measured phase (default %d)
        """.formatted(DEFAULT_WARMUP, DEFAULT_MEASURED, join(DEFAULT_OPEN_LOOP_RATES), DEFAULT_OPEN_LOOP_DURATION.toSeconds(),
        DEFAULT_SERVER_START_TIMEOUT.toSeconds(), DEFAULT_RUN_TIMEOUT.toSeconds());

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
        int warmup = DEFAULT_WARMUP;
        int measured = DEFAULT_MEASURED;
        List<Integer> rates = DEFAULT_OPEN_LOOP_RATES;
        Duration openLoop = DEFAULT_OPEN_LOOP_DURATION;
        long spinNs = 0;
        Duration serverStart = DEFAULT_SERVER_START_TIMEOUT;
        Duration run = DEFAULT_RUN_TIMEOUT;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--warmup" -> warmup = intValue(flag, value);
                case "--measured" -> measured = intValue(flag, value);
                case "--rates" -> rates = rates(value);
                case "--open-loop-seconds" -> openLoop = Duration.ofSeconds(intValue(flag, value));
                case "--spin-us" -> spinNs = intValue(flag, value) * 1_000L;
                case "--server-start-timeout-seconds" -> serverStart = Duration.ofSeconds(intValue(flag, value));
                case "--run-timeout-seconds" -> run = Duration.ofSeconds(intValue(flag, value));
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        return new FloorOptions(warmup, measured, rates, openLoop, spinNs, serverStart, run);
    }

    /** Messages one open-loop run at {@code rate} sends. */
    long openLoopCount(int rate) {
        return Math.max(1, rate * openLoopDuration.toMillis() / 1000);
    }

    private static int intValue(String flag, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, got '" + value + "'");
        }
    }

    private static List<Integer> rates(String value) {
        if (value.equalsIgnoreCase("none") || value.isBlank()) {
            return List.of();
        }
        List<Integer> out = new ArrayList<>();
        for (String part : value.split(",")) {
            out.add(intValue("--rates", part.trim()));
        }
        return out;
    }

    private static String join(List<Integer> rates) {
        return String.join(",", rates.stream().map(String::valueOf).toList());
    }
}
