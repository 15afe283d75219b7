package io.quoterelay.bench.real;

import io.quoterelay.bench.cli.BenchCli;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Settings of one real-traffic run ({@link Flags} parses them); a bad or unknown flag stops the run
 * with one line naming it.
 *
 * @param captures     capture names to replay at their recorded pace (see {@link #CAPTURES})
 * @param replayLines  good lines of each capture to replay, 0 = all
 * @param rates        fixed rates, msg/s
 * @param rateSeconds  length of each fixed-rate run
 * @param peers        peers to run, in this order within each traffic
 * @param idleSeconds  window of the product pair's idle CPU, 0 skips it
 * @param shared       the folder with binance-corpus/, floor/ and python-pair/
 * @param python       the interpreter for the Python pair
 * @param out          results and logs
 * @param connectionJitterUs mean of each simulator connection's own delivery delay, 0 = none
 * @param profile      attach async-profiler to the product's sender and receiver for the measured window
 */
record RealOptions(List<String> captures, int replayLines, List<Integer> rates, int rateSeconds, List<String> peers,
                   int idleSeconds, Path shared, Path python, Path out, int connectionJitterUs, boolean profile) {

    /** Name → file stem in the corpus: the two captures that have per-message receive times. */
    static final List<List<String>> CAPTURES = List.of(
        List.of("spot", "hftbacktest-spot-btcusdt-2024-08-09"),
        List.of("usdm", "hftbacktest-usdm-btcusdt-2024-08-08"));

    RealOptions {
        names("--captures", captures, List.of("spot", "usdm"));
        atLeast("--replay-lines", replayLines, 0);
        for (int rate : rates) {
            atLeast("--rates", rate, 1);
        }
        atLeast("--rate-seconds", rateSeconds, 1);
        names("--peers", peers, ResultTable.PEERS);
        atLeast("--idle-seconds", idleSeconds, 0);
        atLeast("--connection-jitter-us", connectionJitterUs, 0);
        captures = List.copyOf(captures);
        rates = List.copyOf(rates);
        peers = List.copyOf(peers);
    }

    static RealOptions parse(String... args) {
        return BenchCli.parse(new Flags(), args);
    }

    private static void names(String flag, List<String> given, List<String> allowed) {
        for (String name : given) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(flag + " takes some of " + String.join(",", allowed) + ", got '" + name + "'");
            }
        }
    }

    private static void atLeast(String flag, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(flag + " takes a whole number >= " + min + ", got '" + value + "'");
        }
    }

    @Command(name = "bench/run-real.sh", sortOptions = false,
        description = {
            "Emit -> executor-callback latency of three peers, one after another, same emitter and clock:",
            "floor (relay2hop.c), the Python pair, this product; one markdown table with ratios."},
        footer = {
            "Needs gcc, python3-msgpack and python3-websockets for the floor and the Python pair:",
            "bench/install-peers.sh installs them; a peer whose tools are missing is skipped, saying what to install."})
    static final class Flags implements BenchCli.Flags<RealOptions> {
        private static final int QUICK_REPLAY_LINES = 1_500;
        private static final int QUICK_SECONDS = 5;

        @Option(names = "--quick",
            description = "smoke check: 1500 lines per capture, 5 s per rate, 5 s idle (about 4 minutes)")
        boolean quick;

        @Option(names = "--captures", paramLabel = "spot,usdm|none", defaultValue = "spot,usdm",
            converter = BenchCli.NamesOrNone.class,
            description = "captures replayed at their recorded pace (default ${DEFAULT-VALUE})")
        List<String> captures;

        @Option(names = "--replay-lines", paramLabel = "N", defaultValue = "0",
            description = "good lines replayed per capture, 0 = all 10 000 (default 0: about 66 s and 53 s)")
        int replayLines;

        @Option(names = "--rates", paramLabel = "R1,R2,..|none", defaultValue = "100,1000,10000",
            converter = BenchCli.WholeNumbersOrNone.class, description = "fixed rates in msg/s (default ${DEFAULT-VALUE})")
        List<Integer> rates;

        @Option(names = "--rate-seconds", paramLabel = "S", defaultValue = "30",
            description = "length of each fixed-rate run (default ${DEFAULT-VALUE})")
        int rateSeconds;

        @Option(names = "--peers", paramLabel = "floor,python,product,..", split = ",",
            defaultValue = "floor,python,product,product-spin",
            description = {
                "which peers (default ${DEFAULT-VALUE}; product-spin: the receiver's I/O thread spins;"
                    + " product-c2: the same with C2 allowed, -XX:TieredStopAtLevel=4 (the images stop at C1);"
                    + " product-nicejit: both services' JIT compiler threads at nice 19;"
                    + " product-previous: the images' JVM options before 2026-12-01, C2 and a safepoint a second);",
                "also product-1line,product-2lines: the sender on 1 or 2 hot-hot Binance connections"})
        List<String> peers;

        @Option(names = "--connection-jitter-us", paramLabel = "US", defaultValue = "0",
            description = "mean of each simulator connection's own exponential delivery delay (default 0 = none);"
                + " with product-1line,product-2lines it shows what a second connection buys")
        int connectionJitterUs;

        @Option(names = "--idle-seconds", paramLabel = "S", defaultValue = "10",
            description = "CPU of the product pair with links up and no quotes (default ${DEFAULT-VALUE}; 0 skips)")
        int idleSeconds;

        @Option(names = "--profile",
            description = "attach async-profiler to the product's sender and receiver for each measured window:"
                + " <out>/<traffic>/<peer>/{sender,receiver}.collapsed and a summary line (threads, layers, top frames)")
        boolean profile;

        @Option(names = "--shared", paramLabel = "DIR", defaultValue = "../shared",
            description = "folder with binance-corpus/, floor/relay2hop.c, python-pair/ (default ${DEFAULT-VALUE})")
        Path shared;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = "/usr/bin/python3",
            description = "interpreter of the Python pair (default ${DEFAULT-VALUE})")
        Path python;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/target/real",
            description = "results and logs (default ${DEFAULT-VALUE})")
        Path out;

        /** {@code --quick} shortens only what was not given. */
        @Override
        public RealOptions options(ParseResult given) {
            int lines = quick && !given.hasMatchedOption("--replay-lines") ? QUICK_REPLAY_LINES : replayLines;
            int seconds = quick && !given.hasMatchedOption("--rate-seconds") ? QUICK_SECONDS : rateSeconds;
            int idle = quick && !given.hasMatchedOption("--idle-seconds") ? QUICK_SECONDS : idleSeconds;
            return new RealOptions(captures, lines, rates, seconds, peers, idle, shared, python, out, connectionJitterUs,
                profile);
        }
    }
}
