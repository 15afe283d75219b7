package io.quoterelay.demo;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole pair in one process on loopback: exchange simulator (or live Binance) → sender →
 * mutual TLS → receiver → a tiny executor, with certificates made fresh for the run.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs exchange simulator -> sender -> receiver on loopback and shows the receiver's stats lines.")
public final class Demo implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("demo");

    @Option(names = "--live", description = "Relay real Binance instead of the embedded simulator (needs internet).")
    boolean live;

    @Option(names = "--symbols", split = ",", defaultValue = "BTCUSDT,ETHUSDT",
        description = "Symbols to relay. Default ${DEFAULT-VALUE}.")
    List<String> symbols;

    @Option(names = "--market", defaultValue = "spot", description = "spot or usdm (USD-M futures). Default ${DEFAULT-VALUE}.")
    String market;

    @Option(names = "--rate", defaultValue = "200", description = "Simulator updates per second. Default ${DEFAULT-VALUE}.")
    long rate;

    @Option(names = "--stats-interval", defaultValue = "5", description = "Seconds between stats lines. Default ${DEFAULT-VALUE}.")
    long statsSeconds;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds; 0 runs until Ctrl-C.")
    long durationSeconds;

    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    @Override
    public Integer call() throws Exception {
        boolean usdm = switch (market.toLowerCase()) {
            case "spot" -> false;
            case "usdm" -> true;
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                "--market must be spot or usdm, got '" + market + "'");
        };
        Path certDir = Files.createTempDirectory("quoterelay-demo-");
        PkiFiles pki = PkiFiles.generate(certDir.resolve("certs"), List.of("127.0.0.1"), List.of("localhost"),
            List.of("sender"), false);
        ExchangeSimulator simulator = null;
        RelaySender.Builder senderBuilder = RelaySender.builder();
        if (live) {
            senderBuilder.symbols(symbols).market(usdm ? io.quoterelay.sender.Market.USDM : io.quoterelay.sender.Market.SPOT);
            LOG.info("LIVE: relaying real Binance {} bookTicker for {}", usdm ? "USD-M futures" : "spot", symbols);
        } else {
            simulator = ExchangeSimulator.builder().host("127.0.0.1").port(0).symbols(symbols).ratePerSecond(rate)
                .market(usdm ? io.quoterelay.simulator.Market.USDM_FUTURES : io.quoterelay.simulator.Market.SPOT)
                .start();
            senderBuilder.binanceUrl(simulator.combinedStreamUri());
            LOG.info("DEMO on the embedded exchange simulator ({}, {} updates/s, Binance's exact format) - no internet "
                + "needed. Run ./run-demo --live to relay real Binance instead.", simulator.combinedStreamUri(), rate);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "demo-shutdown"));
        try (ExchangeSimulator sim = simulator;
             RelayReceiver receiver = RelayReceiver.builder().bindAddress("127.0.0.1").port(0)
                 .tls(pki.serverCert(), pki.serverKey(), pki.caCert())
                 .statsInterval(Duration.ofSeconds(statsSeconds))
                 .onQuote(this::executor)
                 .start();
             RelaySender sender = senderBuilder.receiver("127.0.0.1", receiver.port())
                 .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"))
                 .statsInterval(Duration.ofSeconds(statsSeconds))
                 .start()) {
            LOG.info("certificates in {}; receiver on 127.0.0.1:{} (mutual TLS); stats every {} s; Ctrl-C stops",
                pki.dir(), receiver.port(), statsSeconds);
            if (durationSeconds > 0) {
                stop.await(durationSeconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
            if (sim != null) {
                sim.close(); // stop the flow so the summary adds up exactly
            }
            awaitDrained(sender, receiver);
            summary(sender.stats(), receiver.stats());
        } finally {
            deleteRecursively(certDir);
        }
        return 0;
    }

    /** The example executor: a real one would trade; this one says hello to each symbol once. */
    private void executor(Quote q) {
        if (announced.add(q.symbol())) {
            LOG.info("executor: first {} quote bid={} ask={} (seq {}, {} latency {} us{})", q.symbol(),
                q.bidDecimal() != null ? q.bidDecimal().toPlainString() : q.bid(),
                q.askDecimal() != null ? q.askDecimal().toPlainString() : q.ask(), q.seq(),
                q.latencyCorrected() ? "offset-corrected" : "raw", q.latencyNs() / 1000, q.snapshot() ? ", snapshot" : "");
        }
    }

    /** Bounded wait for the last quotes to cross the link. */
    private static void awaitDrained(RelaySender sender, RelayReceiver receiver) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < deadline) {
            SenderStats.LinkStats link = sender.stats().link();
            SessionStats session = receiver.stats().session(link.sessionId());
            if (link.pending() == 0 && session != null && session.highestSeq() == link.sent()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private static void summary(SenderStats s, ReceiverStats r) {
        SenderStats.LinkStats link = s.link();
        SessionStats session = r.session(link.sessionId());
        long delivered = session == null ? 0 : session.delivered();
        long gaps = session == null ? 0 : session.gaps();
        LOG.info("summary: received from exchange {} = delivered {} + gaps {} + conflated {}{}", s.quotes(), delivered,
            gaps, link.conflated(), s.quotes() == delivered + gaps + link.conflated() ? "" : " (not drained: "
                + (s.quotes() - delivered - gaps - link.conflated()) + " still in flight)");
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Demo()).execute(args));
    }
}
