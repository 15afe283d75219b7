package io.quoterelay.bench.real;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one real-traffic run, from {@code --flag value} pairs (and {@code --quick},
 * {@code --help}); a bad or unknown flag stops the run with one line naming it.
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
 */
record RealOptions(List<String> captures, int replayLines, List<Integer> rates, int rateSeconds, List<String> peers,
                   int idleSeconds, Path shared, Path python, Path out) {

    /** Name → file stem in the corpus: the two captures that have per-message receive times. */
    static final List<List<String>> CAPTURES = List.of(
        List.of("spot", "hftbacktest-spot-btcusdt-2024-08-09"),
        List.of("usdm", "hftbacktest-usdm-btcusdt-2024-08-08"));

    static final String USAGE = """
        usage: bench/run-real.sh [--quick] [--captures spot,usdm|none] [--replay-lines N] [--rates R1,R2,..|none]
                                 [--rate-seconds S] [--peers floor,python,product,product-c1,product-nicejit,product-spin]
                                 [--idle-seconds S] [--shared DIR] [--python PATH] [--out DIR]
          Emit -> executor-callback latency of three peers, one after another, same emitter and clock:
          floor (relay2hop.c), the Python pair, this product; one markdown table with ratios.
          --quick         smoke check: 1500 lines per capture, 5 s per rate, 5 s idle (about 4 minutes)
          --captures      captures replayed at their recorded pace (default spot,usdm)
          --replay-lines  good lines replayed per capture, 0 = all 10 000 (default 0: about 66 s and 53 s)
          --rates         fixed rates in msg/s (default 100,1000,10000)
          --rate-seconds  length of each fixed-rate run (default 30)
          --peers         which peers (default floor,python,product,product-spin; product-spin: the receiver's I/O
                          thread spins; product-c1: both services' JIT stops at C1, -XX:TieredStopAtLevel=1;
                          product-nicejit: both services' JIT compiler threads at nice 19)
          --idle-seconds  CPU of the product pair with links up and no quotes (default 10; 0 skips)
          --shared        folder with binance-corpus/, floor/relay2hop.c, python-pair/ (default ../shared)
          --python        interpreter of the Python pair (default /usr/bin/python3)
          --out           results and logs (default bench/target/real)
        Needs gcc, python3-msgpack and python3-websockets for the floor and the Python pair:
        bench/install-peers.sh installs them; a peer whose tools are missing is skipped, saying what to install.
        """;

    static final List<String> DEFAULT_PEERS = List.of(Peers.FLOOR, Peers.PYTHON, Peers.PRODUCT, Peers.PRODUCT_SPIN);

    static RealOptions parse(String... args) {
        List<String> captures = List.of("spot", "usdm");
        int replayLines = 0;
        List<Integer> rates = List.of(100, 1_000, 10_000);
        int rateSeconds = 30;
        List<String> peers = DEFAULT_PEERS;
        int idle = 10;
        Path shared = Path.of("..", "shared");
        Path python = Path.of("/usr/bin/python3");
        Path out = Path.of("bench", "target", "real");
        boolean quick = false;
        List<String> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--quick")) {
                quick = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            given.add(flag);
            switch (flag) {
                case "--captures" -> captures = v.equals("none") ? List.of() : names(flag, v, List.of("spot", "usdm"));
                case "--replay-lines" -> replayLines = whole(flag, v, 0);
                case "--rates" -> {
                    List<Integer> r = new ArrayList<>();
                    if (!v.equals("none")) {
                        for (String s : v.split(",")) {
                            r.add(whole(flag, s.trim(), 1));
                        }
                    }
                    rates = List.copyOf(r);
                }
                case "--rate-seconds" -> rateSeconds = whole(flag, v, 1);
                case "--peers" -> peers = names(flag, v, ResultTable.PEERS);
                case "--idle-seconds" -> idle = whole(flag, v, 0);
                case "--shared" -> shared = Path.of(v);
                case "--python" -> python = Path.of(v);
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown flag " + flag + "\n" + USAGE);
            }
        }
        if (quick) {
            replayLines = given.contains("--replay-lines") ? replayLines : 1_500;
            rateSeconds = given.contains("--rate-seconds") ? rateSeconds : 5;
            idle = given.contains("--idle-seconds") ? idle : 5;
        }
        return new RealOptions(captures, replayLines, rates, rateSeconds, peers, idle, shared, python, out);
    }

    private static List<String> names(String flag, String v, List<String> allowed) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!allowed.contains(s.trim())) {
                throw new IllegalArgumentException(flag + " takes some of " + String.join(",", allowed) + ", got '" + s + "'");
            }
            out.add(s.trim());
        }
        return List.copyOf(out);
    }

    private static int whole(String flag, String v, int min) {
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n < min) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number >= " + min + ", got '" + v + "'");
        }
    }
}
