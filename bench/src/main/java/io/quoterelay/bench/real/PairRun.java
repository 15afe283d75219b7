package io.quoterelay.bench.real;

import io.quoterelay.bench.e2e.BenchChild;
import io.quoterelay.bench.e2e.ChildJvm;
import io.quoterelay.bench.e2e.E2eOptions;
import io.quoterelay.certs.PkiFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * One run of a relay pair behind the simulator: a fresh simulator (emit-stamp mode), the pair's
 * sender and the pair's executor-side harness, all on 127.0.0.1. The harness records every
 * quote ({@link Deliveries}); this class times the CPU window and collects the result.
 *
 * <p>Python pair: {@code sender.py} and the deployed {@code receiver.py} embedded by
 * {@code bench/python/relay_callback.py}, server-auth TLS with the project's certificates.
 * Product: {@code SenderMain} with its default settings (only the addresses, certificates and
 * {@code --metrics-port 0} given, so parallel runs cannot collide on 9102) and {@link RealReceiver}.
 * JVMs run with the containers' options ({@link E2eOptions#DEFAULT_SERVICE_OPTIONS}).
 */
final class PairRun {
    static final String SIMULATOR_MAIN = "io.quoterelay.simulator.SimulatorMain";
    static final String SENDER_MAIN = "io.quoterelay.sender.SenderMain";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** After the last message is due, how long a peer that fell behind may take to deliver the rest. */
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(20);

    private final PkiFiles pki;
    private final Path python;
    private final Path pythonPair;
    private final Path callbackScript;
    /** Mean of each simulator connection's own delivery jitter, µs; 0: none. */
    private final int connectionJitterUs;

    /** async-profiler's library when the product's services are profiled ({@code --profile}), else null. */
    private final Path profilerLibrary;

    PairRun(PkiFiles pki, Path python, Path pythonPair, Path callbackScript, int connectionJitterUs, Path profilerLibrary) {
        this.connectionJitterUs = connectionJitterUs;
        this.profilerLibrary = profilerLibrary;
        this.pki = pki;
        this.python = python;
        this.pythonPair = pythonPair;
        this.callbackScript = callbackScript;
    }

    PeerResult run(String peer, Traffic t, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path deliveries = dir.resolve("deliveries.txt");
        Files.deleteIfExists(deliveries);
        try (ChildJvm receiver = startReceiver(peer, t.count(), deliveries, dir)) {
            int port = Integer.parseInt(ChildJvm.parse(receiver.await(l -> l.startsWith("bench-ready"), START_TIMEOUT))
                .get("port"));
            // The sender's connections, then the kick (GeneratorKick) starts the stream.
            try (ChildJvm simulator = startSimulator(simulatorTraffic(t), Peers.binanceConnections(peer) + 1, dir)) {
                String uri = simulator.await(l -> l.startsWith("ws://"), START_TIMEOUT).trim();
                try (ChildJvm sender = startSender(peer, port, uri, dir)) {
                    awaitLinkUp(peer, receiver, sender, dir);
                    GeneratorKick.kick(uri, START_TIMEOUT);
                    receiver.await(l -> l.equals("bench-first"), START_TIMEOUT);
                    long t0 = System.nanoTime();
                    Map<String, Long> pids = new LinkedHashMap<>();
                    pids.put("emitter", simulator.pid());
                    pids.put("sender", sender.pid());
                    pids.put("receiver", receiver.pid());
                    CpuWindow cpu = new CpuWindow(pids);
                    FloorRun.sleepUntil(t0 + t.offsetNs(t.warmupCount()));
                    long before = count(receiver);
                    // Attaching costs the target a few hundred ms of CPU: before the window, not in it.
                    Map<String, ServiceProfiler> profilers = startProfilers(peer, sender, receiver, dir);
                    cpu.begin();
                    FloorRun.sleepUntil(t0 + t.offsetNs((int) (t.count() * 0.98)));
                    long after = count(receiver);
                    Map<String, Double> cpuUs = cpu.usPerMessage(after - before);
                    CpuWindow.ThreadLines threads = cpu.threadsPerMessage(after - before);
                    List<String> profiles = stopProfilers(profilers, "real " + t.name() + " " + peer + " profile ");
                    Duration drain = Duration.ofNanos(Math.max(0, t0 + t.durationNs() - System.nanoTime())).plus(DRAIN_GRACE);
                    List<String> extra = new ArrayList<>();
                    extra.add("real " + t.name() + " " + peer + " cpu_threads_us_per_msg " + threads.cpu());
                    extra.add("real " + t.name() + " " + peer + " queued_for_a_core_us_per_msg " + threads.queued());
                    extra.add("real " + t.name() + " " + peer + " wakeups_per_msg " + threads.wakeups());
                    extra.addAll(profiles);
                    String done;
                    try {
                        done = receiver.await(l -> l.startsWith("bench-done"), drain);
                    } catch (TimeoutException late) {
                        receiver.send("dump");
                        done = receiver.await(l -> l.startsWith("bench-done"), COMMAND_TIMEOUT);
                    }
                    Deliveries d = Deliveries.read(deliveries);
                    if (Peers.isProduct(peer)) {
                        extra.addAll(productClaims(peer, t, d, dir));
                    }
                    int received = Integer.parseInt(ChildJvm.parse(done).get("received"));
                    return new PeerResult(peer, t.name(), null, null, t.count(), received, d.measured(t.warmupCount()),
                        d.firstTenSeconds(), cpuUs, extra);
                }
            }
        } catch (TimeoutException | IllegalStateException e) {
            return PeerResult.failed(peer, t.name(), e.getMessage());
        }
    }

    /** With {@code --profile}, the product's sender and receiver sampled from now on; else none. */
    private Map<String, ServiceProfiler> startProfilers(String peer, ChildJvm sender, ChildJvm receiver, Path dir) {
        Map<String, ServiceProfiler> out = new LinkedHashMap<>();
        if (profilerLibrary == null || !Peers.isProduct(peer)) {
            return out;
        }
        Map<String, ChildJvm> services = new LinkedHashMap<>();
        services.put("sender", sender);
        services.put("receiver", receiver);
        for (Map.Entry<String, ChildJvm> e : services.entrySet()) {
            try {
                out.put(e.getKey(), ServiceProfiler.start(e.getValue().pid(), profilerLibrary,
                    dir.resolve(e.getKey() + ".collapsed")));
            } catch (IOException failed) {
                System.err.println("# profile of the " + e.getKey() + " not taken: " + failed.getMessage());
            }
        }
        return out;
    }

    /** One summary line per profiled service, or the reason it has none. */
    private static List<String> stopProfilers(Map<String, ServiceProfiler> profilers, String head) {
        List<String> lines = new ArrayList<>();
        profilers.forEach((role, p) -> {
            try {
                Path file = p.stop();
                lines.add(head + role + ": " + ProfileSummary.of(file) + " (" + file + ")");
            } catch (IOException | RuntimeException e) {
                lines.add(head + role + ": none (" + e.getMessage() + ")");
            }
        });
        return lines;
    }

    /**
     * The pair's link to its receiver is up: the product's receiver counts an open connection (its
     * sender's Binance connections may come later: the stream starts only once they are there too);
     * the Python sender dials its receiver first and logs when its Binance connection follows.
     */
    private static void awaitLinkUp(String peer, ChildJvm receiver, ChildJvm sender, Path dir)
        throws InterruptedException, TimeoutException {
        if (peer.equals(Peers.PYTHON)) {
            sender.await(l -> l.contains("Connected to Binance"), START_TIMEOUT);
            return;
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (Integer.parseInt(receiver.command("links", COMMAND_TIMEOUT).get("n")) < 1) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no link up within " + START_TIMEOUT + " (see " + dir + ")");
            }
            Thread.sleep(20);
        }
    }

    /** % of one core per process, its busiest threads' shares and its most often woken threads. */
    record IdleCpu(Map<String, Double> percent, String threads, String wakeups) {
    }

    /** How long after the links are up the idle window opens. */
    static final int IDLE_SETTLE_MS = 10_000;

    /**
     * The product's pair with links up and no quotes: the simulator holds its generator until one
     * more connection than the sender's, which never comes. % of a core per process over {@code seconds}.
     */
    IdleCpu idle(int seconds, Path dir) throws IOException, InterruptedException, TimeoutException {
        Files.createDirectories(dir);
        try (ChildJvm receiver = startReceiver(Peers.PRODUCT, 1, dir.resolve("deliveries.txt"), dir)) {
            int port = Integer.parseInt(ChildJvm.parse(receiver.await(l -> l.startsWith("bench-ready"), START_TIMEOUT))
                .get("port"));
            try (ChildJvm simulator = startSimulator(List.of("--market", "usdm", "--rate", "100"),
                     Peers.binanceConnections(Peers.PRODUCT) + 1, dir);
                 ChildJvm sender = startSender(Peers.PRODUCT, port,
                     simulator.await(l -> l.startsWith("ws://"), START_TIMEOUT).trim(), dir)) {
                awaitLinkUp(Peers.PRODUCT, receiver, sender, dir);
                // Past the handshake, the hello, the first clock pings, both warm-ups (each runs up to
                // 3 s when no quote stops it) and the compiles they leave queued: the steady idle state.
                Thread.sleep(IDLE_SETTLE_MS);
                Map<String, Long> pids = new LinkedHashMap<>();
                pids.put("sender", sender.pid());
                pids.put("receiver", receiver.pid());
                CpuWindow cpu = new CpuWindow(pids);
                cpu.begin();
                Thread.sleep(seconds * 1000L);
                String threads = cpu.threadsPercentOfCore();
                String wakeups = cpu.threadsWakeupsPerSecond();
                return new IdleCpu(cpu.percentOfCore(), threads, wakeups);
            }
        }
    }

    private List<String> productClaims(String peer, Traffic t, Deliveries d, Path dir) throws IOException {
        String stats = Files.readAllLines(dir.resolve("receiver.log")).stream().filter(l -> l.startsWith("bench-stats"))
            .findFirst().orElse("");
        Map<String, String> s = ChildJvm.parse(stats);
        String head = "real " + t.name() + " " + peer + " ";
        Segments segments = d.segments(t.warmupCount());
        List<String> lines = new ArrayList<>();
        if (segments != null) {
            lines.add(head + "segments_us " + segments.line());
        }
        lines.addAll(List.of(
            head + "stats-claimed send->decode_us " + d.claimed(t.warmupCount()).line() + String.format(Locale.ROOT,
                " (offset-corrected; offset=%+.0fus rtt_min=%.0fus bound=±%.0fus synced=%s uncorrected_quotes=%s)", ns(s, "offset_ns") / 1e3,
                ns(s, "rtt_ns") / 1e3, ns(s, "bound_ns") / 1e3, s.get("synced"), s.get("uncorrected")),
            head + "truth send->decode_us " + d.truth(t.warmupCount()).line() + " (same quotes, same host: true offset 0)",
            head + String.format(Locale.ROOT, "stats-line since start (warm-up included) corrected p50=%.0f p99=%.0f"
                + " p99.9=%.0f n=%s gaps=%s conflated=%s conflated_at_receiver=%s"
                + " (replaced by a newer quote of the symbol while the callback was busy)", ns(s, "corrected_total_p50_ns") / 1e3,
                ns(s, "corrected_total_p99_ns") / 1e3, ns(s, "corrected_total_p999_ns") / 1e3, s.get("corrected_total_n"),
                s.get("gaps"), s.get("conflated"), s.get("conflated_rx"))));
        return lines;
    }

    private static double ns(Map<String, String> m, String key) {
        String v = m.get(key);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    private long count(ChildJvm receiver) throws InterruptedException, TimeoutException {
        return Long.parseLong(receiver.command("count", COMMAND_TIMEOUT).get("n"));
    }

    private static List<String> simulatorTraffic(Traffic t) {
        if (t.isReplay()) {
            return List.of("--replay", t.jsonl().toString(), "--replay-recv-ns", t.recvNs().toString());
        }
        // Generated updates carry E only in the USD-M format; the rate is the fixed rate, stopped after the count.
        return List.of("--market", "usdm", "--rate", Integer.toString(t.rate()), "--max-messages",
            Integer.toString(t.count()));
    }

    private ChildJvm startSimulator(List<String> traffic, int connections, Path dir) throws IOException {
        List<String> args = new ArrayList<>(List.of(SIMULATOR_MAIN, "--port", "0", "--symbols", "BTCUSDT", "--emit-stamps",
            "--generate-after-connections", Integer.toString(connections)));
        if (connectionJitterUs > 0) {
            args.addAll(List.of("--connection-jitter-us", Integer.toString(connectionJitterUs)));
        }
        args.addAll(traffic);
        return ChildJvm.start("simulator", withPauseLog(serviceOptions("simulator"), "simulator", dir), BenchChild.class.getName(), args, dir);
    }

    private ChildJvm startReceiver(String peer, int expected, Path deliveries, Path dir) throws IOException {
        if (Peers.isProduct(peer)) {
            return ChildJvm.start("receiver", withPauseLog(productOptions(peer, "receiver"), "receiver", dir), RealReceiver.class.getName(),
                List.of("--cert", pki.serverCert().toString(), "--key", pki.serverKey().toString(), "--ca",
                    pki.caCert().toString(), "--expected", Integer.toString(expected), "--out", deliveries.toString(),
                    "--idle-strategy", peer.equals(Peers.PRODUCT_SPIN) ? "spin" : "sleep"), dir);
        }
        return ChildJvm.startProcess("receiver", List.of(python.toString(), "-u", callbackScript.toString(),
                Integer.toString(expected), deliveries.toString()),
            Map.of("PYTHON_PAIR", pythonPair.toString(), "PORT", Integer.toString(freePort()), "CERT",
                pki.serverCert().toString(), "KEY", pki.serverKey().toString()), dir).exitGrace(Duration.ofSeconds(2));
    }

    private ChildJvm startSender(String peer, int port, String uri, Path dir) throws IOException {
        if (Peers.isProduct(peer)) {
            return ChildJvm.start("sender", withPauseLog(productOptions(peer, "sender"), "sender", dir), BenchChild.class.getName(),
                List.of(SENDER_MAIN, "--receiver-host", "127.0.0.1", "--receiver-port", Integer.toString(port),
                    "--ca-cert", pki.caCert().toString(), "--client-cert", pki.clientCert("sender").toString(),
                    "--client-key", pki.clientKey("sender").toString(), "--binance-url", uri, "--metrics-port", "0",
                    "--binance-connections", Integer.toString(Peers.binanceConnections(peer))), dir);
        }
        return ChildJvm.startProcess("sender", List.of(python.toString(), "-u", pythonPair.resolve("sender.py").toString()),
            Map.of("AMS_HOST", "127.0.0.1", "AMS_PORT", Integer.toString(port), "CA_CERT", pki.caCert().toString(),
                "SYMBOLS", "btcusdt", "BINANCE_WS", uri), dir).exitGrace(Duration.ofSeconds(1));
    }

    /**
     * The services' JVM options: the containers' by default; REAL_SERVICE_OPTS (run-real.sh) overrides them,
     * with {@code {role}} standing for the child's name, so that per-process files (an AOT cache made
     * by a training run, a flight recording) do not collide.
     */
    private static List<String> serviceOptions(String role) {
        String opts = System.getProperty("real.serviceOpts");
        if (opts == null || opts.isBlank()) {
            return E2eOptions.DEFAULT_SERVICE_OPTIONS;
        }
        return List.of(opts.trim().replace("{role}", role).split("\\s+"));
    }

    /**
     * Every collection and safepoint of a child JVM, stamped with the epoch ms that the deliveries'
     * emit stamps use, in {@code dir/ROLE-pauses.log}: a rare stall of the quote path can then be
     * laid beside the JVMs' own stops. Written only when one happens, so it costs the run nothing.
     */
    private static List<String> withPauseLog(List<String> options, String role, Path dir) {
        List<String> out = new ArrayList<>(options);
        out.add("-Xlog:gc,safepoint:file=" + dir.toAbsolutePath().resolve(role + "-pauses.log") + ":timemillis,uptime");
        return out;
    }

    private static List<String> productOptions(String peer, String role) {
        List<String> options = new ArrayList<>(serviceOptions(role));
        if (peer.equals(Peers.PRODUCT_C2)) {
            options.add("-XX:TieredStopAtLevel=4");
        } else if (peer.equals(Peers.PRODUCT_NICE_JIT)) {
            options.addAll(List.of("-XX:ThreadPriorityPolicy=1", "-XX:CompilerThreadPriority=19"));
        } else if (peer.equals(Peers.PRODUCT_PREVIOUS)) {
            // Later options win: back to the JVM's own defaults for these five.
            options.addAll(List.of("-XX:TieredStopAtLevel=4", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:GuaranteedSafepointInterval=1000", "-XX:MetaspaceSize=21m", "-XX:AsyncDeflationInterval=250",
                "-XX:+UsePerfData"));
        }
        return options;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
