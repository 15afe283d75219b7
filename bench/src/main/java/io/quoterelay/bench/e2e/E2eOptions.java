package io.quoterelay.bench.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Settings of one end-to-end run, parsed from {@code --flag value} pairs; a bad or unknown flag
 * stops the run with one line naming it.
 *
 * @param rates          offered rates (msg/s, across all symbols), each in fresh processes
 * @param warmupSeconds  run before the measured window (JIT, TLS, buffers); not measured
 * @param seconds        measured window per rate
 * @param sustainSeconds length of the sustained run at the highest rate that passed; 0 skips it
 * @param constrained    also run at {@link #CONSTRAINED_RATE} with both services on one CPU and a 64 MB heap
 * @param floor          also run the floor (TLS ping-pong between two JVMs) in the same run
 * @param symbols        symbols the simulator streams (the sender subscribes to all)
 * @param serviceOptions JVM options of the sender and the receiver (and the simulator) in normal runs
 * @param out            directory for the children's logs and the result file
 */
public record E2eOptions(List<Integer> rates, int warmupSeconds, int seconds, int sustainSeconds, boolean constrained,
                  boolean floor, List<String> symbols, List<String> serviceOptions, Path out) {

    static final List<Integer> DEFAULT_RATES = List.of(100, 1_000, 10_000, 50_000, 100_000);
    static final int CONSTRAINED_RATE = 10_000;
    /** The containers' collector and a fixed, pre-touched heap of the size the 256 MB container gives (40%). */
    public static final List<String> DEFAULT_SERVICE_OPTIONS = List.of("-Xms128m", "-Xmx128m", "-XX:+AlwaysPreTouch",
        "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=32m");
    static final List<String> CONSTRAINED_OPTIONS = List.of("-XX:ActiveProcessorCount=1", "-Xms64m", "-Xmx64m",
        "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=32m");

    static final String USAGE = """
        usage: E2eBench [--rates R1,R2,..] [--warmup-seconds S] [--seconds S] [--sustain-seconds S|0]
                        [--constrained true|false] [--floor true|false] [--symbols A,B,..] [--out DIR]
          --rates            offered msg/s, each in fresh processes (default 100,1000,10000,50000,100000)
          --warmup-seconds   unmeasured warm-up per run (default 5)
          --seconds          measured window per rate (default 10)
          --sustain-seconds  re-run the highest rate with zero gaps this long (default 30; 0 skips)
          --constrained      also 10000 msg/s with -XX:ActiveProcessorCount=1 -Xmx64m for both services (default true)
          --floor            also the floor, bare TLS ping-pong, in the same run (default true)
          --symbols          simulator symbols (default BTCUSDT,ETHUSDT,SOLUSDT)
          --out              logs and results (default bench/target/e2e)
        JVM options of the services: the system property e2e.serviceOpts (space-separated), default
          %s
        """.formatted(String.join(" ", DEFAULT_SERVICE_OPTIONS));

    static E2eOptions parse(String... args) {
        List<Integer> rates = DEFAULT_RATES;
        int warmup = 5;
        int seconds = 10;
        int sustain = 30;
        boolean constrained = true;
        boolean floor = true;
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT", "SOLUSDT");
        Path out = Path.of("bench", "target", "e2e");
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (flag) {
                case "--rates" -> {
                    List<Integer> r = new ArrayList<>();
                    for (String s : v.split(",")) {
                        r.add(positive(flag, s.trim()));
                    }
                    rates = List.copyOf(r);
                }
                case "--warmup-seconds" -> warmup = positive(flag, v);
                case "--seconds" -> seconds = positive(flag, v);
                case "--sustain-seconds" -> sustain = v.equals("0") ? 0 : positive(flag, v);
                case "--constrained" -> constrained = bool(flag, v);
                case "--floor" -> floor = bool(flag, v);
                case "--symbols" -> symbols = List.of(v.split(","));
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        String opts = System.getProperty("e2e.serviceOpts");
        List<String> serviceOptions = opts == null || opts.isBlank() ? DEFAULT_SERVICE_OPTIONS
            : Arrays.asList(opts.trim().split("\\s+"));
        return new E2eOptions(rates, warmup, seconds, sustain, constrained, floor, symbols, serviceOptions, out);
    }

    private static int positive(String flag, String v) {
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a positive whole number, got '" + v + "'");
        }
    }

    private static boolean bool(String flag, String v) {
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(flag + " takes true or false, got '" + v + "'");
        }
        return Boolean.parseBoolean(v);
    }
}
