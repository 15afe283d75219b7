package io.quoterelay.bench.real;

import io.quoterelay.bench.cli.BenchCli;
import io.quoterelay.certs.PkiFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The headline benchmark: real Binance traffic (captures replayed at their recorded pace) and
 * fixed rates, through three peers one after another, each on a fresh set of processes, with the
 * same emitter stamps and the same clock (the host's CLOCK_REALTIME): the floor ({@code relay2hop},
 * its own C emitter), the Python pair and this product (both behind the project's simulator in
 * emit-stamp mode). Emit → executor callback, µs, after discarding each run's first 10 % of
 * messages; the first 10 s (warm-up included) separately; CPU per message per process; once,
 * the product pair's idle CPU; for the product, its own stats' claim beside the truth.
 * Prints per-peer lines and one markdown table, and saves both under {@code --out}.
 */
public final class RealBench {
    private static final String CALLBACK_SCRIPT = "bench/python/relay_callback.py";

    private final RealOptions options;
    private final StringBuilder report = new StringBuilder();

    private RealBench(RealOptions options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        RealOptions options = BenchCli.optionsOrExit(new RealOptions.Flags(), args);
        new RealBench(options).run();
        // Children's output pumps and shutdown hooks must not hold the JVM.
        System.exit(0);
    }

    private void run() throws Exception {
        Path out = options.out();
        Files.createDirectories(out);
        say("# real-traffic benchmark " + Instant.now() + ": emit -> executor callback, µs, peers one after another on"
            + " 127.0.0.1; warm-up = first 10 % of each run's messages (discarded)");
        if (options.connectionJitterUs() > 0) {
            say("# every simulator connection delays each update by its own exponential jitter, mean "
                + options.connectionJitterUs() + " µs (independent per connection)");
        }
        say("# load at start: " + ProcStat.loadAverage() + " (/proc/loadavg; " + Runtime.getRuntime().availableProcessors()
            + " CPUs, shared with the emitter and with anything else running)");
        Optional<Path> gcc = Peers.onPath("gcc");
        if (gcc.isPresent()) {
            try {
                say("# machine: a plain C thread sleeping to each " + WakeProbe.PERIOD_US + " µs tick for " + WakeProbe.SECONDS
                    + " s woke this late (every hop of every peer below pays one such wake-up): "
                    + WakeProbe.run(WakeProbe.SOURCE, gcc.get(), out, WakeProbe.SECONDS));
            } catch (IOException e) {
                say("# machine: wake-up probe not built: " + e.getMessage());
            }
        } else {
            say("# machine: wake-up probe skipped: no gcc on the PATH (bench/install-peers.sh installs it)");
        }
        List<Traffic> traffic = new ArrayList<>();
        List<PeerResult> results = new ArrayList<>();
        loadCaptures(out, traffic, results);
        for (int rate : options.rates()) {
            traffic.add(Traffic.fixedRate(rate, options.rateSeconds()));
        }

        Optional<Path> floorBinary = Optional.empty();
        Optional<String> floorMissing = Optional.empty();
        if (options.peers().contains(Peers.FLOOR)) {
            Path source = options.shared().resolve("floor").resolve("relay2hop.c");
            floorMissing = Peers.floorMissing(source, gcc);
            if (floorMissing.isEmpty()) {
                try {
                    floorBinary = Optional.of(CProgram.build(source, gcc.get(), out));
                } catch (IOException e) {
                    floorMissing = Optional.of(e.getMessage());
                }
            }
            floorMissing.ifPresent(why -> say("# floor column skipped: " + why));
        }
        Path pythonPair = options.shared().resolve("python-pair");
        Optional<String> pythonMissing = options.peers().contains(Peers.PYTHON)
            ? Peers.pythonMissing(options.python(), pythonPair) : Optional.empty();
        pythonMissing.ifPresent(why -> say("# python column skipped: " + why));

        PkiFiles pki = PkiFiles.generate(out.resolve("certs"), List.of("127.0.0.1"), List.of("localhost"),
            List.of("sender"), true);
        Path profiler = null;
        if (options.profile()) {
            try {
                profiler = ServiceProfiler.library(out.resolve("profiler"));
            } catch (IOException e) {
                say("# --profile ignored: " + e.getMessage());
            }
        }
        PairRun pairs = new PairRun(pki, options.python(), pythonPair.toAbsolutePath(), Path.of(CALLBACK_SCRIPT).toAbsolutePath(),
            options.connectionJitterUs(), profiler);

        for (Traffic t : traffic) {
            for (String peer : options.peers()) {
                Path dir = out.resolve(dirName(t.name())).resolve(peer);
                PeerResult r;
                if (peer.equals(Peers.FLOOR)) {
                    r = floorBinary.isPresent() ? FloorRun.run(floorBinary.get(), t, dir)
                        : PeerResult.skipped(peer, t.name(), floorMissing.orElse("not built"));
                } else if (peer.equals(Peers.PYTHON) && pythonMissing.isPresent()) {
                    r = PeerResult.skipped(peer, t.name(), pythonMissing.get());
                } else {
                    r = pairs.run(peer, t, dir);
                }
                results.add(r);
                r.lines().forEach(this::say);
            }
        }
        if (options.idleSeconds() > 0 && options.peers().contains(Peers.PRODUCT)) {
            try {
                PairRun.IdleCpu idle = pairs.idle(options.idleSeconds(), out.resolve("idle"));
                StringBuilder b = new StringBuilder("real idle product links up, no quotes, " + options.idleSeconds()
                    + " s from " + PairRun.IDLE_SETTLE_MS / 1000 + " s after link-up: % of a core");
                idle.percent().forEach((name, pct) -> b.append(String.format(Locale.ROOT, " %s=%.2f", name, pct)));
                say(b.toString());
                say("real idle product threads, % of a core: " + idle.threads());
                say("real idle product threads, wake-ups per second: " + idle.wakeups());
            } catch (TimeoutException | IllegalStateException e) {
                say("real idle product FAILED: " + e.getMessage());
            }
        }
        say("# load at end: " + ProcStat.loadAverage());
        List<String> order = new ArrayList<>();
        results.forEach(r -> {
            if (!order.contains(r.traffic())) {
                order.add(r.traffic());
            }
        });
        say("");
        say(ResultTable.format(order, results));
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path saved = out.resolve("results-" + stamp + ".md");
        Files.writeString(saved, report);
        Files.writeString(out.resolve("latest.md"), report);
        System.out.println("# saved " + saved + " (and " + out.resolve("latest.md") + "); logs under " + out);
    }

    private void loadCaptures(Path out, List<Traffic> traffic, List<PeerResult> results) throws IOException {
        Path corpus = options.shared().resolve("binance-corpus");
        for (List<String> c : RealOptions.CAPTURES) {
            String name = c.get(0);
            if (!options.captures().contains(name)) {
                continue;
            }
            Path jsonl = corpus.resolve(c.get(1) + ".jsonl");
            Path recvNs = corpus.resolve(c.get(1) + ".recv_ns.txt");
            String label = "real " + name + "-btcusdt";
            if (!Files.isRegularFile(jsonl) || !Files.isRegularFile(recvNs)) {
                say("# " + label + " rows skipped: corpus capture not found (" + jsonl + " and " + recvNs
                    + "); give --shared DIR holding binance-corpus/");
                for (String peer : options.peers()) {
                    results.add(PeerResult.skipped(peer, label, "corpus capture not found"));
                }
                continue;
            }
            PacedCapture capture = PacedCapture.load(name + "-btcusdt", jsonl, recvNs, options.replayLines());
            Path cleanJsonl = out.resolve(name + "-btcusdt.jsonl");
            Path cleanRecv = out.resolve(name + "-btcusdt.recv_ns.txt");
            capture.write(cleanJsonl, cleanRecv);
            say(String.format(Locale.ROOT, "# capture %s: %d lines over %.1f s (%.0f msg/s average), %d malformed pairs"
                    + " counted and skipped%s", jsonl.getFileName(), capture.size(), capture.durationNs() / 1e9,
                capture.size() / Math.max(1e-9, capture.durationNs() / 1e9), capture.malformed(),
                capture.reasons().isEmpty() ? "" : " " + capture.reasons()));
            traffic.add(Traffic.replay(capture, cleanJsonl.toAbsolutePath(), cleanRecv.toAbsolutePath()));
        }
    }

    private static String dirName(String traffic) {
        return traffic.replace("real ", "real-").replace("/", "-per-").replace(' ', '-');
    }

    private void say(String line) {
        System.out.println(line);
        System.out.flush();
        report.append(line).append('\n');
    }
}
