package io.quoterelay.bench.e2e;

import io.quoterelay.bench.cli.BenchCli;
import io.quoterelay.certs.PkiFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The end-to-end benchmark: exchange simulator → sender → TLS → receiver → executor callback, as
 * three separate JVMs on 127.0.0.1, open loop. The simulator paces updates on a fixed schedule and
 * writes each update's due time into {@code u}; the executor ({@link BenchReceiver}) measures
 * due time → callback, so the latency includes every queue and stall on the way, the load
 * generator's own lateness too (no coordinated omission).
 *
 * <p>For each rate: fresh processes, a warm-up, then a measured window; the harness prints one
 * result block per rate, then the sustained run (the highest rate that passed, held for
 * {@code --sustain-seconds}), the constrained run (both services with one CPU and a 64 MB heap at
 * 10 000 msg/s) and the floor (bare TLS ping-pong, {@code TlsPingPong}) from the same run.
 * Everything else the children print goes to log files under {@code --out}.
 */
public final class E2eBench {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final String SIMULATOR_MAIN = "io.quoterelay.simulator.SimulatorMain";
    private static final String SENDER_MAIN = "io.quoterelay.sender.SenderMain";
    /**
     * A run passes ("sustained") with no gaps, nothing conflated, all due quotes delivered at ≥ 99% of
     * the offered rate, and p99 within this: bounded, i.e. no backlog (a backlog grows latency to
     * seconds), while tolerating the scheduling stalls of a shared machine (milliseconds).
     */
    static final double SUSTAINED_MAX_P99_US = 20_000;

    private final E2eOptions options;
    private final PrintStream out;
    private final PkiFiles pki;
    private final List<RunResult> results = new ArrayList<>();

    private E2eBench(E2eOptions options, PrintStream out, PkiFiles pki) {
        this.options = options;
        this.out = out;
        this.pki = pki;
    }

    public static void main(String[] args) throws Exception {
        E2eOptions options = BenchCli.optionsOrExit(new E2eOptions.Flags(), args);
        Files.createDirectories(options.out());
        PkiFiles pki = PkiFiles.generate(options.out().resolve("certs"), List.of("127.0.0.1"), List.of("localhost"),
            List.of("sender"), true);
        new E2eBench(options, System.out, pki).runAll();
    }

    private void runAll() throws Exception {
        out.printf(Locale.ROOT, "# e2e %s: simulator -> sender -> TLS -> receiver -> callback, 3 JVMs on 127.0.0.1, symbols %s,"
                + " %ds warm-up + %ds measured per rate; service JVM options: %s; simulator (load generator): %s;"
                + " logs in %s%n", Instant.now(), options.symbols(), options.warmupSeconds(), options.seconds(),
            String.join(" ", options.serviceOptions()), String.join(" ", E2eOptions.GENERATOR_OPTIONS),
            options.out().toAbsolutePath());
        for (int rate : options.rates()) {
            results.add(run("rate", rate, options.seconds(), options.serviceOptions()));
        }
        if (options.sustainSeconds() > 0) {
            sustain();
        }
        if (options.constrained()) {
            results.add(run("constrained", E2eOptions.CONSTRAINED_RATE, options.seconds(), E2eOptions.CONSTRAINED_OPTIONS));
        }
        if (options.floor()) {
            floor();
        }
        out.println();
        out.println(RunResult.TABLE_HEADER);
        for (RunResult r : results) {
            out.println(r.tableRow());
        }
    }

    /** The highest rate of the sweep that passed, held for --sustain-seconds; on failure the next lower one (at most two tries). */
    private void sustain() throws Exception {
        List<RunResult> passed = results.stream().filter(RunResult::sustained)
            .sorted((a, b) -> Integer.compare(b.rate(), a.rate())).toList();
        int tries = 0;
        for (RunResult candidate : passed) {
            if (tries++ == 2) {
                break;
            }
            RunResult r = run("sustained", candidate.rate(), options.sustainSeconds(), options.serviceOptions());
            results.add(r);
            if (r.sustained()) {
                out.printf(Locale.ROOT, "e2e highest rate sustained %ds with zero gaps: %d msg/s%n", options.sustainSeconds(),
                    r.rate());
                return;
            }
        }
        out.printf(Locale.ROOT, "e2e no rate sustained %ds with zero gaps (tried the highest passing rates)%n",
            options.sustainSeconds());
    }

    private RunResult run(String kind, int rate, int seconds, List<String> serviceOptions) throws Exception {
        Path logs = options.out().resolve(kind + "-" + rate);
        Files.createDirectories(logs);
        List<String> benchChild = new ArrayList<>();
        try (ChildJvm receiver = ChildJvm.start("receiver", serviceOptions, BenchReceiver.class.getName(),
                 List.of("--cert", pki.serverCert().toString(), "--key", pki.serverKey().toString(),
                     "--ca", pki.caCert().toString()), logs)) {
            int port = Integer.parseInt(ChildJvm.parse(receiver.await(l -> l.startsWith("bench-ready"), START_TIMEOUT))
                .get("port"));
            try (ChildJvm simulator = ChildJvm.start("simulator", E2eOptions.GENERATOR_OPTIONS,
                     BenchChild.class.getName(), List.of(SIMULATOR_MAIN, "--port", "0", "--symbols",
                         String.join(",", options.symbols()), "--rate", String.valueOf(rate), "--due-time-ids",
                         "--generate-after-connections", "1"), logs)) {
                String uri = simulator.await(l -> l.startsWith("ws://"), START_TIMEOUT).trim();
                try (ChildJvm sender = ChildJvm.start("sender", serviceOptions, BenchChild.class.getName(),
                         List.of(SENDER_MAIN, "--receiver-host", "127.0.0.1", "--receiver-port", String.valueOf(port),
                             "--ca-cert", pki.caCert().toString(), "--client-cert", pki.clientCert("sender").toString(),
                             "--client-key", pki.clientKey("sender").toString(), "--binance-url", uri,
                             // No metrics endpoint: its default port 9102 collides with any other run on the machine.
                             "--stats-interval", "5s", "--metrics-port", "0"), logs)) {
                    Thread.sleep(options.warmupSeconds() * 1000L);
                    List<ChildJvm> all = List.of(receiver, simulator, sender);
                    for (ChildJvm c : all) {
                        c.command("mark", COMMAND_TIMEOUT);
                    }
                    Thread.sleep(seconds * 1000L);
                    for (ChildJvm c : all) {
                        c.send("report");
                    }
                    Map<String, String> r = receiver.await(l -> l.startsWith("bench-report"), COMMAND_TIMEOUT)
                        .transform(ChildJvm::parse);
                    Map<String, String> sim = simulator.await(l -> l.startsWith("bench-report"), COMMAND_TIMEOUT)
                        .transform(ChildJvm::parse);
                    Map<String, String> snd = sender.await(l -> l.startsWith("bench-report"), COMMAND_TIMEOUT)
                        .transform(ChildJvm::parse);
                    RunResult result = new RunResult(kind, rate, r, snd, sim);
                    for (String line : result.lines()) {
                        out.println(line);
                    }
                    out.flush();
                    Files.writeString(logs.resolve("result.txt"), String.join("\n", result.lines()) + "\n");
                    return result;
                }
            }
        } catch (TimeoutException | IllegalStateException e) {
            out.printf(Locale.ROOT, "e2e %s@%d/s FAILED: %s%n", kind, rate, e.getMessage());
            return RunResult.failed(kind, rate);
        }
    }

    /** TlsPingPong in its own JVM pair with the services' JVM options, shortened; its lines as they are. */
    private void floor() throws IOException, InterruptedException {
        Path logs = options.out().resolve("floor");
        Files.createDirectories(logs);
        try (ChildJvm floor = ChildJvm.start("floor", options.serviceOptions(), "io.quoterelay.bench.floor.TlsPingPong",
            List.of("--warmup", "20000", "--measured", "50000", "--rates", "1000,10000", "--open-loop-seconds", "10"), logs)) {
            while (true) {
                String line = floor.await(l -> l.startsWith("floor ") || l.equals("bench-exited"), Duration.ofMinutes(3));
                if (line.equals("bench-exited")) {
                    break;
                }
                out.println(line);
                if (line.startsWith("floor tls-openloop@10000/s send_lag")) {
                    break;
                }
            }
        } catch (TimeoutException | IllegalStateException e) {
            out.println("floor FAILED: " + e.getMessage());
        }
    }
}
