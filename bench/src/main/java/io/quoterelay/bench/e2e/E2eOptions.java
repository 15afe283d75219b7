package io.quoterelay.bench.e2e;

import io.quoterelay.bench.cli.BenchCli;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Settings of one end-to-end run ({@link Flags} parses them); a bad or unknown flag stops the run
 * with one line naming it.
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

    static final int CONSTRAINED_RATE = 10_000;
    /**
     * The containers' options (parent pom, Jib jvmFlags): their collector, a fixed pre-touched heap of the size
     * the 256 MB container gives (40%), C1 only, no class-metadata collection below the metaspace cap, no
     * periodic safepoint, no hsperfdata sampling and idle monitors deflated every 5 s (docs/benchmarks.md
     * says what each is worth).
     */
    private static final String DEFAULT_SERVICE_OPTS =
        "-Xms128m -Xmx128m -XX:+AlwaysPreTouch -XX:+UseSerialGC -XX:MaxDirectMemorySize=32m"
            + " -XX:MetaspaceSize=64m -XX:MaxMetaspaceSize=64m -XX:TieredStopAtLevel=1"
            + " -XX:+UnlockDiagnosticVMOptions -XX:GuaranteedSafepointInterval=0 -XX:AsyncDeflationInterval=5000"
            + " -XX:-UsePerfData";
    public static final List<String> DEFAULT_SERVICE_OPTIONS = List.of(DEFAULT_SERVICE_OPTS.split(" "));
    /**
     * The simulator's when it generates load: the services' collector and heap, with C2, because it is
     * not the product and its cost per update comes out of the services' two cores (on C1 it costs
     * twice as much at 100 000 msg/s; docs/benchmarks.md, "Throughput at 100 000 msg/s").
     */
    static final List<String> GENERATOR_OPTIONS = DEFAULT_SERVICE_OPTIONS.stream()
        .filter(o -> !o.startsWith("-XX:TieredStopAtLevel=")).toList();
    static final List<String> CONSTRAINED_OPTIONS = List.of("-XX:ActiveProcessorCount=1", "-Xms64m", "-Xmx64m",
        "-XX:+UseSerialGC", "-XX:MaxDirectMemorySize=32m");

    public E2eOptions {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("--rates takes at least one rate");
        }
        for (int rate : rates) {
            positive("--rates", rate);
        }
        positive("--warmup-seconds", warmupSeconds);
        positive("--seconds", seconds);
        if (sustainSeconds != 0) {
            positive("--sustain-seconds", sustainSeconds);
        }
        rates = List.copyOf(rates);
        symbols = List.copyOf(symbols);
        serviceOptions = List.copyOf(serviceOptions);
    }

    static E2eOptions parse(String... args) {
        return BenchCli.parse(new Flags(), args);
    }

    private static void positive(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " takes a positive whole number, got '" + value + "'");
        }
    }

    @Command(name = "E2eBench", sortOptions = false,
        footer = {"JVM options of the services: the system property e2e.serviceOpts (space-separated), default",
            "  " + DEFAULT_SERVICE_OPTS})
    static final class Flags implements BenchCli.Flags<E2eOptions> {
        @Option(names = "--rates", paramLabel = "R1,R2,..", split = ",", defaultValue = "100,1000,10000,50000,100000",
            description = "offered msg/s, each in fresh processes (default ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--warmup-seconds", paramLabel = "S", defaultValue = "5",
            description = "unmeasured warm-up per run (default ${DEFAULT-VALUE})")
        int warmupSeconds;

        @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "measured window per rate (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--sustain-seconds", paramLabel = "S|0", defaultValue = "30",
            description = "re-run the highest rate with zero gaps this long (default ${DEFAULT-VALUE}; 0 skips)")
        int sustainSeconds;

        @Option(names = "--constrained", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "also 10000 msg/s with -XX:ActiveProcessorCount=1 -Xmx64m for both services"
                + " (default ${DEFAULT-VALUE})")
        boolean constrained;

        @Option(names = "--floor", paramLabel = "true|false", arity = "1", defaultValue = "true",
            description = "also the floor, bare TLS ping-pong, in the same run (default ${DEFAULT-VALUE})")
        boolean floor;

        @Option(names = "--symbols", paramLabel = "A,B,..", split = ",", defaultValue = "BTCUSDT,ETHUSDT,SOLUSDT",
            description = "simulator symbols (default ${DEFAULT-VALUE})")
        List<String> symbols;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/target/e2e",
            description = "logs and results (default ${DEFAULT-VALUE})")
        Path out;

        @Override
        public E2eOptions options(ParseResult given) {
            String opts = System.getProperty("e2e.serviceOpts");
            List<String> serviceOptions = opts == null || opts.isBlank() ? DEFAULT_SERVICE_OPTIONS
                : Arrays.asList(opts.trim().split("\\s+"));
            return new E2eOptions(rates, warmupSeconds, seconds, sustainSeconds, constrained, floor, symbols,
                serviceOptions, out);
        }
    }
}
