package io.quoterelay.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.ReceiverStats;
import io.quoterelay.receiver.RelayReceiver;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.simulator.ExchangeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Both example executors behind the real sender and the exchange simulator, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExampleExecutorTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir
    static Path certs;
    private ExchangeSimulator exchange;
    private RelaySender sender;

    @BeforeAll
    static void certificates() throws Exception {
        // The certs tool's layout: server.crt, server.key, ca.crt (and sender.crt/.key) in one folder.
        PkiFiles.generate(certs, List.of("127.0.0.1"), List.of(), List.of("sender"), false);
    }

    @BeforeEach
    void exchange() {
        exchange = ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT").ratePerSecond(200).start();
    }

    @AfterEach
    void stop() {
        if (sender != null) {
            sender.close();
        }
        exchange.close();
    }

    private void startSender(int receiverPort) {
        sender = RelaySender.builder().binanceUrl(exchange.combinedStreamUri()).receiver("127.0.0.1", receiverPort)
            .tls(certs.resolve("ca.crt"), certs.resolve("sender.crt"), certs.resolve("sender.key"))
            .statsInterval(Duration.ZERO).start();
    }

    @Test
    void callbackExecutorTradesOnEveryRelayedQuote() throws Exception {
        ToyMarketMaker strategy = new ToyMarketMaker(2.0);
        RelayReceiver receiver = CallbackExecutor.start(certs, 0, strategy);
        try {
            startSender(receiver.port());
            Await.until("200 quotes, healthy", WAIT,
                () -> receiver.stats().accounting().delivered() >= 200 && receiver.health().healthy());
            sender.close();
            sender = null;
        } finally {
            receiver.close(); // joins the I/O thread that ran the strategy, so its fields are safe to read
        }
        ReceiverStats stats = receiver.stats();
        assertEquals(stats.accounting().delivered(), strategy.quotes(), "the strategy saw every delivered quote");
        assertEquals(0, stats.accounting().callbackErrors());
        assertTrue(strategy.maxLatencyNs() > 0);
        double mid = receiver.latest("BTCUSDT").mid();
        assertEquals(mid * (1 - 2.0 / 10_000), strategy.ourBid("BTCUSDT"), mid * 1e-9, "quotes 2 bp under the mid");
    }

    /** Runs a polling executor behind a sender until {@code quotes} were delivered, then closes both. */
    private PollingExecutor pollUntil(ToyMarketMaker strategy, long quotes) throws Exception {
        PollingExecutor executor = new PollingExecutor(certs, 0, strategy);
        try {
            startSender(executor.receiver().port());
            Await.until(quotes + " quotes", WAIT, () -> executor.receiver().stats().accounting().delivered() >= quotes);
            sender.close();
            sender = null;
        } finally {
            executor.close(); // joins the executor thread, so its counts are safe to read below
        }
        return executor;
    }

    @Test
    void pollingExecutorDrainsOnItsOwnThread() throws Exception {
        ToyMarketMaker strategy = new ToyMarketMaker(2.0);
        PollingExecutor executor = pollUntil(strategy, 200);
        assertTrue(strategy.quotes() > 0 && strategy.quotes() <= executor.receiver().stats().accounting().delivered(),
            "polled " + strategy.quotes() + " of " + executor.receiver().stats().accounting().delivered());
        assertFalse(Double.isNaN(strategy.ourBid("BTCUSDT")));
    }

    @Test
    void aStrategyRefusesPricesOlderThanItsLimit() throws Exception {
        // The strategy's clock runs an hour ahead: to it every price is an hour old, over its 1 s limit.
        ToyMarketMaker strategy = new ToyMarketMaker(2.0, Duration.ofSeconds(1),
            EpochNanoClock.system().shiftedBy(Duration.ofHours(1).toNanos()));
        pollUntil(strategy, 50);
        assertTrue(strategy.quotes() > 0);
        assertEquals(strategy.quotes(), strategy.tooOld(), "every quote was older than the limit");
        assertTrue(Double.isNaN(strategy.ourBid("BTCUSDT")), "nothing was traded on");
    }

    @Test
    void everySnippetInTheEmbeddingGuideIsInTheExampleSources() throws Exception {
        // docs/embedding.md quotes these classes; a snippet marked <!-- from: File.java --> must match them.
        String guide = Files.readString(Path.of("..", "docs", "embedding.md"));
        Matcher m = Pattern.compile("<!-- from: (\\w+\\.java) -->\\s*```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        int snippets = 0;
        while (m.find()) {
            String source = Files.readString(Path.of("src", "main", "java", "io", "quoterelay", "example", m.group(1)));
            for (String line : m.group(2).split("\n")) {
                if (!line.isBlank() && !line.trim().equals("...")) {
                    assertTrue(source.contains(line.strip()), m.group(1) + " no longer contains: " + line.strip());
                }
            }
            snippets++;
        }
        assertTrue(snippets >= 2, "docs/embedding.md quotes both executors");
    }

}
