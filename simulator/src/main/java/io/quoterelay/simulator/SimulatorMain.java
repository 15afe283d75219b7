package io.quoterelay.simulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the simulator until killed and prints the URI to connect to. Every flag has an environment
 * variable equal (SIM_HOST, SIM_PORT, SIM_SYMBOLS, SIM_RATE, SIM_MARKET, ...); a flag wins.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
    description = "Local stand-in for Binance's bookTicker WebSocket streams.")
public final class SimulatorMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "${env:SIM_HOST:-127.0.0.1}", description = "bind address (SIM_HOST)")
    String host;

    @Option(names = "--port", defaultValue = "${env:SIM_PORT:-9443}", description = "port, 0 = ephemeral (SIM_PORT)")
    int port;

    @Option(names = "--symbols", split = ",", defaultValue = "${env:SIM_SYMBOLS:-BTCUSDT,ETHUSDT}",
        description = "upper-case symbols, comma-separated (SIM_SYMBOLS)")
    List<String> symbols;

    @Option(names = "--rate", defaultValue = "${env:SIM_RATE:-200}",
        description = "updates per second across all symbols (SIM_RATE)")
    long rate;

    @Option(names = "--market", defaultValue = "${env:SIM_MARKET:-spot}", converter = MarketConverter.class,
        description = "spot or usdm (SIM_MARKET)")
    Market market;

    @Option(names = "--max-messages", defaultValue = "${env:SIM_MAX_MESSAGES:-0}",
        description = "stop generating after this many updates, 0 = never (SIM_MAX_MESSAGES)")
    long maxMessages;

    @Option(names = "--position-fields", defaultValue = "${env:SIM_POSITION_FIELDS:-false}",
        description = "usdm: add the ps/st fields sent since mid-2026 (SIM_POSITION_FIELDS)")
    boolean positionFields;

    @Option(names = "--due-time-ids", defaultValue = "${env:SIM_DUE_TIME_IDS:-false}",
        description = "benchmarks: u = the update's due time in System.nanoTime() ns, for same-host latency (SIM_DUE_TIME_IDS)")
    boolean dueTimeIds;

    @Option(names = "--emit-stamps", defaultValue = "${env:SIM_EMIT_STAMPS:-false}",
        description = "benchmarks: u and E = epoch ns at emit, to time relays on one host; generated updates need --market usdm (SIM_EMIT_STAMPS)")
    boolean emitStamps;

    @Option(names = "--generate-after-connections", defaultValue = "${env:SIM_GENERATE_AFTER_CONNECTIONS:-0}",
        description = "hold the generator until this many connections are open (SIM_GENERATE_AFTER_CONNECTIONS)")
    int generateAfterConnections;

    @Option(names = "--connection-lifetime", defaultValue = "${env:SIM_CONNECTION_LIFETIME:-}",
        description = "close each connection after this ISO-8601 duration, e.g. PT24H (SIM_CONNECTION_LIFETIME)")
    String connectionLifetime;

    @Option(names = "--replay", defaultValue = "${env:SIM_REPLAY:-}",
        description = "send the lines of this capture (.jsonl) verbatim instead of generating (SIM_REPLAY)")
    String replay;

    @Option(names = "--replay-recv-ns", defaultValue = "${env:SIM_REPLAY_RECV_NS:-}",
        description = "receive-time sidecar (.recv_ns.txt) for the capture's real pace (SIM_REPLAY_RECV_NS)")
    String replayRecvNs;

    @Option(names = "--speed", defaultValue = "${env:SIM_SPEED:-1.0}",
        description = "replay speed factor (SIM_SPEED)")
    double speed;

    @Option(names = "--connection-jitter-us", defaultValue = "${env:SIM_CONNECTION_JITTER_US:-0}",
        description = "mean of each connection's own exponential delivery delay, microseconds; 0 = none (SIM_CONNECTION_JITTER_US)")
    long connectionJitterUs;

    @Option(names = "--connection-delays-us", split = ",", defaultValue = "${env:SIM_CONNECTION_DELAYS_US:-}",
        description = "fixed extra delay of the k-th connection accepted, entry k modulo their number, microseconds,"
            + " e.g. 0,5000 (SIM_CONNECTION_DELAYS_US)")
    List<String> connectionDelaysUs;

    public static void main(String[] args) {
        // Before the first logger exists; stdout stays clean for the URI line scripts read.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "simulator-logback.xml");
        }
        System.exit(new CommandLine(new SimulatorMain())
            .setExecutionExceptionHandler((e, cli, parsed) -> {
                if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                    cli.getErr().println("error: " + e.getMessage());
                    return 2;
                }
                throw e;
            })
            .execute(args));
    }

    /** The builder these options describe; separate from {@link #call()} so tests can start it. */
    ExchangeSimulator.Builder toBuilder() {
        ExchangeSimulator.Builder b = ExchangeSimulator.builder().host(host).port(port)
            .symbols(symbols.stream().map(String::trim).filter(s -> !s.isEmpty()).toList())
            .market(market).ratePerSecond(rate).maxMessages(maxMessages).futuresPositionFields(positionFields)
            .dueTimeUpdateIds(dueTimeIds).emitStamps(emitStamps).generateAfterConnections(generateAfterConnections);
        b.perConnectionJitter(Duration.ofNanos(Math.multiplyExact(connectionJitterUs, 1000L)));
        if (connectionDelaysUs != null) {
            b.connectionDelays(connectionDelaysUs.stream().map(String::trim).filter(t -> !t.isEmpty())
                .map(t -> Duration.ofNanos(Long.parseLong(t) * 1000L)).toList());
        }
        if (!isBlank(connectionLifetime)) {
            b.connectionLifetime(Duration.parse(connectionLifetime));
        }
        if (!isBlank(replay)) {
            b.replay(Path.of(replay), isBlank(replayRecvNs) ? Optional.empty() : Optional.of(Path.of(replayRecvNs)), speed);
        } else if (!isBlank(replayRecvNs)) {
            throw new IllegalArgumentException("--replay-recv-ns needs --replay FILE");
        }
        return b;
    }

    @Override
    public Integer call() throws InterruptedException {
        ExchangeSimulator sim = toBuilder().start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "sim-shutdown"));
        System.out.println(sim.combinedStreamUri());
        System.out.flush();
        stopped.await();
        return 0;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** "spot" or "usdm" (also the enum names), case-insensitive. */
    static final class MarketConverter implements CommandLine.ITypeConverter<Market> {
        @Override
        public Market convert(String value) {
            switch (value.toLowerCase(Locale.ROOT)) {
                case "spot":
                    return Market.SPOT;
                case "usdm":
                case "usdm_futures":
                case "futures":
                    return Market.USDM_FUTURES;
                default:
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a market; use spot or usdm");
            }
        }
    }
}
