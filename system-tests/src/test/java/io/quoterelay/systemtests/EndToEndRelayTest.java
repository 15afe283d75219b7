package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.testing.Await;
import io.quoterelay.receiver.Quote;
import io.quoterelay.receiver.SessionStats;
import io.quoterelay.sender.SenderStats;
import io.quoterelay.simulator.ExchangeSimulator;
import io.quoterelay.simulator.Market;
import io.quoterelay.simulator.SentQuote;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Simulator → sender → receiver → executor callback, everything real, on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndToEndRelayTest {
    private static final int QUOTES = 5_000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Market.class)
    void everyQuoteArrivesIntactAndEveryUpdateIsAccountedFor(Market market) throws Exception {
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().market(market)
            .symbols("BTCUSDT", "ETHUSDT", "SOLUSDT").ratePerSecond(2_000).maxMessages(QUOTES)
            .generateAfterConnections(RelayRig.BINANCE_CONNECTIONS))) {
            rig.startReceiver().startSender();
            assertTrue(rig.simulator.awaitGeneratorFinished(RelayRig.WAIT), "simulator sent its quotes");
            rig.awaitQuiescent(QUOTES);

            SenderStats.LinkStats link = rig.link();
            SessionStats session = rig.session();
            assertEquals(QUOTES, rig.sender.stats().quotes(), "the sender received every update");
            assertEquals(0, session.gaps(), "nothing lost in flight");
            assertEquals(0, session.duplicates());
            assertEquals(link.conflated(), session.reportedConflated(), "the receiver knows what the sender skipped");
            assertEquals(QUOTES, session.delivered() + session.gaps() + session.reportedConflated()
                + session.conflatedAtReceiver(), "received from exchange = delivered + gaps + conflated (both sides)");
            assertEquals(session.delivered(), rig.delivered.size(), "the callback saw every delivered quote");

            long previousSeq = 0;
            for (Quote q : rig.delivered) {
                assertTrue(q.seq() > previousSeq, "in order");
                previousSeq = q.seq();
                SentQuote sent = rig.sentByUpdateId.get(q.updateId());
                assertNotNull(sent, "quote " + q + " matches an update the exchange sent");
                assertEquals(sent.symbol(), q.symbol());
                assertEquals(new BigDecimal(sent.bid()), q.bidDecimal());
                assertEquals(new BigDecimal(sent.ask()), q.askDecimal());
                assertEquals(new BigDecimal(sent.bidQty()), q.bidQtyDecimal());
                assertEquals(new BigDecimal(sent.askQty()), q.askQtyDecimal());
                assertEquals(sent.bid(), q.bidDecimal().toPlainString(), "exact text survives, trailing zeros too");
                assertEquals(Double.parseDouble(sent.bid()), q.bid());
                assertEquals(Double.parseDouble(sent.askQty()), q.askQty());
                assertEquals(market == Market.USDM_FUTURES ? sent.eventTimeMs() : 0, q.exchangeEventTimeMs());
                assertEquals(market == Market.USDM_FUTURES ? sent.transactionTimeMs() : 0, q.exchangeTransactionTimeMs());
                assertTrue(q.senderReceiveTimeNs() > 0 && q.senderReceiveTimeNs() <= q.sendTimeNs());
                assertFalse(q.repeat());
            }
            assertTrue(rig.receiver.stats().latency().corrected().count() > 0, "the sender answered clock pings");
        }
    }

    @Test
    void restartedReceiverGetsASnapshotFirstAndNothingGoesUncounted() throws Exception {
        int total = 4_000;
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT", "ETHUSDT")
            .ratePerSecond(500).maxMessages(total).generateAfterConnections(RelayRig.BINANCE_CONNECTIONS))) {
            rig.startReceiver().startSender();
            Await.until("500 quotes before the restart", RelayRig.WAIT, () -> rig.delivered.size() >= 500);
            rig.receiver.close();
            SessionStats first = rig.receiver.stats().session(rig.link().sessionId());
            int deliveredBefore = rig.delivered.size();
            Await.until("the sender conflates while the receiver is down", RelayRig.WAIT,
                () -> rig.link().conflated() > 0);

            rig.startReceiver();
            Await.until("quotes flow again after the restart", RelayRig.WAIT,
                () -> rig.delivered.size() > deliveredBefore);
            assertTrue(rig.delivered.get(deliveredBefore).snapshot(), "the first quote after the restart is a snapshot");
            assertTrue(rig.simulator.awaitGeneratorFinished(RelayRig.WAIT));
            rig.awaitQuiescent(total);

            SenderStats.LinkStats link = rig.link();
            SessionStats second = rig.session();
            assertEquals(0, first.gaps());
            assertEquals(0, second.gaps());
            assertEquals(1, first.joinedAtSeq());
            long lostAtTheCrash = (second.joinedAtSeq() - 1) - first.highestSeq();
            assertTrue(lostAtTheCrash >= 0, "the second receiver joined after the first one's last quote");
            assertEquals(total, link.sent() + link.conflated(), "sender: upstream = sent + conflated");
            long conflatedAtReceivers = first.conflatedAtReceiver() + second.conflatedAtReceiver();
            assertEquals(total, first.delivered() + first.gaps() + lostAtTheCrash + second.delivered() + second.gaps()
                + second.reportedConflated() + conflatedAtReceivers,
                "upstream = delivered + gaps (incl. in flight at the crash) + conflated (both sides)");
            long distinctSeqs = rig.delivered.stream().mapToLong(Quote::seq).distinct().count();
            assertTrue(link.sent() - distinctSeqs <= lostAtTheCrash + conflatedAtReceivers,
                "the stats never under-report loss: executor missed " + (link.sent() - distinctSeqs));
        }
    }

    @Test
    void quotesKeepFlowingThroughExchangeDropsStallsAndGarbage() throws Exception {
        try (RelayRig rig = new RelayRig(dir, ExchangeSimulator.builder().symbols("BTCUSDT").ratePerSecond(300))) {
            rig.startReceiver().startSender();
            Await.until("quotes flowing", RelayRig.WAIT, () -> rig.delivered.size() >= 100);

            rig.simulator.dropAllConnections();
            awaitMoreQuotes(rig, "after a dropped exchange connection");

            long reconnectsBeforeStall = rig.sender.stats().binanceReconnects();
            rig.simulator.stall(true);
            Await.until("stall detected and redialled", RelayRig.WAIT,
                () -> rig.sender.stats().binanceReconnects() > reconnectsBeforeStall);
            rig.simulator.stall(false);
            awaitMoreQuotes(rig, "after a silent stall");

            rig.simulator.sendRawText("{not json");
            rig.simulator.sendRawText("{\"result\":null,\"id\":1}");
            rig.simulator.sendRawText("{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}");
            rig.simulator.sendRawText("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1}}");
            awaitMoreQuotes(rig, "after garbage and non-quote messages");
            Await.until(() -> "garbage and non-quotes counted: " + rig.sender.stats(), RelayRig.WAIT,
                () -> rig.sender.stats().malformed() >= 1 && rig.sender.stats().nonQuotes() >= 3);
            assertEquals(0, rig.receiver.stats().frames().malformed(), "nothing malformed reached the relay link");
            assertEquals(0, rig.session().gaps(), "the relay link lost nothing while the exchange side misbehaved");
        }
    }

    private static void awaitMoreQuotes(RelayRig rig, String when) throws InterruptedException {
        int before = rig.delivered.size();
        Await.until("100 more quotes " + when, RelayRig.WAIT, () -> rig.delivered.size() >= before + 100);
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
