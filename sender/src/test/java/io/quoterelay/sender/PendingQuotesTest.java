package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.WrittenFrameFixtures;
import io.quoterelay.protocol.netty.FrameEncoder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingQuotesTest {
    private final PendingQuotes quotes = new PendingQuotes();
    /** The frame the last successful poll or direct take returned (the pending quotes' own). */
    private QuoteFrame out;

    private static QuoteFrame quote(String symbol, long u) {
        return new QuoteFrame().symbol(symbol).updateId(u).exactPrices(u, 0, u + 1, 0);
    }

    private boolean poll(PendingQuotes from, boolean snapshot) {
        QuoteFrame q = from.pollPending(snapshot);
        if (q != null) {
            out = q;
        }
        return q != null;
    }

    private boolean direct(QuoteFrame quote) {
        QuoteFrame q = quotes.takeDirect(quote);
        if (q != null) {
            out = q;
        }
        return q != null;
    }

    private void assertIdentity() {
        PendingQuotes.Counts c = quotes.counts();
        assertEquals(c.upstream(), c.highestSeq() + c.conflated() + c.pending(), c.toString());
    }

    @Test
    void directPathNumbersAtOnceWhileLiveAndEmptyAndStepsAsideOtherwise() {
        assertFalse(direct(quote("BTC", 1)), "not live: the pending quotes keep it");
        assertTrue(quotes.offer(quote("BTC", 1)));
        quotes.live(true);
        assertFalse(direct(quote("ETH", 2)), "a quote still pending must not be overtaken");
        assertFalse(quotes.offer(quote("ETH", 2)), "queued behind BTC (the pending quotes were not empty)");
        assertIdentity();
        assertTrue(poll(quotes, false));
        assertTrue(poll(quotes, false));
        assertEquals(2, out.seq());

        assertTrue(direct(quote("BTC", 3)));
        assertEquals(3, out.seq());
        assertEquals(3, out.updateId());
        assertTrue(direct(quote("BTC", 4)));
        assertEquals(4, out.seq());
        PendingQuotes.Counts c = quotes.counts();
        assertEquals(4, c.upstream());
        assertEquals(0, c.conflated());
        assertEquals(0, c.pending());
        assertIdentity();
        // The direct path's quote is its symbol's last sent: the snapshot repeats it after a reconnect.
        List<QuoteFrame> repeats = quotes.takeRepeats();
        assertEquals(List.of(1L, 4L), repeats.stream().map(QuoteFrame::seq).toList(), "ETH (queued, sent first), then BTC");
        assertEquals(4, repeats.get(1).updateId());
    }

    @Test
    void newerQuoteForAnUnsentSymbolReplacesItAndIsCountedAsConflated() {
        assertTrue(quotes.offer(quote("BTC", 1)));
        assertFalse(quotes.offer(quote("BTC", 2)));
        assertFalse(quotes.offer(quote("BTC", 3)));
        PendingQuotes.Counts c = quotes.counts();
        assertEquals(3, c.upstream());
        assertEquals(2, c.conflated());
        assertEquals(1, c.pending());
        assertIdentity();
        assertTrue(poll(quotes, false));
        assertEquals(3, out.updateId());
        assertEquals(1, out.seq());
        assertFalse(poll(quotes, false));
        assertIdentity();
    }

    @Test
    void pendingSymbolsLeaveInTheOrderTheyFirstBecamePending() {
        quotes.offer(quote("A", 1));
        quotes.offer(quote("B", 2));
        quotes.offer(quote("A", 3));
        quotes.offer(quote("C", 4));
        StringBuilder order = new StringBuilder();
        while (poll(quotes, false)) {
            order.append(out.symbol()).append(out.seq()).append(':').append(out.updateId()).append(' ');
        }
        assertEquals("A1:3 B2:2 C3:4 ", order.toString());
        assertIdentity();
    }

    @Test
    void sequenceNumbersContinueAndSentQuotesAreNotConflated() {
        for (int i = 1; i <= 100; i++) {
            quotes.offer(quote("A", i));
            assertTrue(poll(quotes, false));
            assertEquals(i, out.seq());
        }
        assertEquals(0, quotes.counts().conflated());
        assertEquals(101, quotes.nextSeq());
        assertIdentity();
    }

    @Test
    void snapshotRepeatsAlreadySentLatestQuotesInAscendingSeqThenPendingGetNewSeqs() {
        quotes.offer(quote("B", 10));
        quotes.offer(quote("A", 11));
        quotes.offer(quote("C", 12));
        while (poll(quotes, false)) {
            // B=1, A=2, C=3
        }
        quotes.offer(quote("A", 13));
        quotes.offer(quote("B", 14));
        poll(quotes, false); // A=4 sent
        quotes.offer(quote("D", 15));
        // Now: A last sent seq 4 (not pending), B pending (last sent seq 1), C last sent seq 3, D pending, never sent.
        List<QuoteFrame> repeats = quotes.takeRepeats();
        assertEquals(List.of("C3", "A4"), repeats.stream().map(q -> q.symbol() + q.seq()).toList());
        assertTrue(repeats.stream().allMatch(q -> q.snapshot() && q.repeat()));
        assertEquals(13, repeats.get(1).updateId());
        assertTrue(poll(quotes, true));
        assertEquals("B5", out.symbol() + out.seq());
        assertTrue(out.snapshot());
        assertFalse(out.repeat());
        assertTrue(poll(quotes, true));
        assertEquals("D6", out.symbol() + out.seq());
        assertEquals(2, quotes.counts().repeats());
        assertIdentity();
    }

    @Test
    void identityHoldsUnderConcurrentOffersAndDrains() throws InterruptedException {
        long[] lastSeq = {0};
        drainWhileAWriterOffers(200_000, () -> {
            assertEquals(lastSeq[0] + 1, out.seq());
            lastSeq[0] = out.seq();
        });
    }

    @Test
    void whileLiveEveryUpdateIsQueuedInOrderAndNothingIsConflated() {
        quotes.live(true);
        assertTrue(quotes.offer(quote("BTC", 1)));
        assertFalse(quotes.offer(quote("BTC", 2)));
        assertFalse(quotes.offer(quote("ETH", 3)));
        assertFalse(quotes.offer(quote("BTC", 4)));
        assertEquals(4, quotes.counts().pending());
        assertIdentity();
        StringBuilder sent = new StringBuilder();
        while (poll(quotes, false)) {
            sent.append(out.symbol()).append(out.seq()).append(':').append(out.updateId()).append(' ');
        }
        assertEquals("BTC1:1 BTC2:2 ETH3:3 BTC4:4 ", sent.toString());
        assertEquals(0, quotes.counts().conflated());
        assertIdentity();
    }

    @Test
    void aFullQueueFallsBackToTheSymbolsSlotWhichDrainsAfterTheQueueSoOrderHolds() {
        PendingQuotes small = new PendingQuotes(2);
        small.live(true);
        small.offer(quote("A", 1));
        small.offer(quote("A", 2));
        small.offer(quote("A", 3)); // queue full: slot
        small.offer(quote("A", 4)); // replaces 3 in the slot: conflated
        assertTrue(poll(small, false));
        small.offer(quote("A", 5)); // room in the queue, but A's slot waits with an older quote: the slot takes it
        PendingQuotes.Counts c = small.counts();
        assertEquals(2, c.conflated());
        assertEquals(c.upstream(), c.highestSeq() + c.conflated() + c.pending());
        StringBuilder sent = new StringBuilder().append(out.updateId()).append(' ');
        while (poll(small, false)) {
            sent.append(out.updateId()).append(' ');
        }
        assertEquals("1 2 5 ", sent.toString());
    }

    @Test
    void notLiveConflatesPerSymbolAsBefore() {
        quotes.live(true);
        quotes.offer(quote("A", 1));
        quotes.live(false);
        quotes.offer(quote("A", 2));
        quotes.offer(quote("A", 3));
        assertEquals(1, quotes.counts().conflated());
        assertIdentity();
        StringBuilder sent = new StringBuilder();
        while (poll(quotes, false)) {
            sent.append(out.updateId()).append(' ');
        }
        assertEquals("1 3 ", sent.toString());
    }

    @Test
    void queuedQuotesCollapseToTheNewestPerSymbolForTheSnapshot() {
        quotes.live(true);
        quotes.offer(quote("A", 1));
        quotes.offer(quote("B", 2));
        quotes.offer(quote("A", 3));
        quotes.live(false); // the link went down with three quotes queued
        quotes.offer(quote("B", 4)); // newer than the queued B
        quotes.collapseQueueIntoSlots();
        PendingQuotes.Counts c = quotes.counts();
        assertEquals(2, c.pending());
        assertEquals(2, c.conflated()); // A1 and B2
        assertIdentity();
        assertEquals(List.of(), quotes.takeRepeats());
        StringBuilder sent = new StringBuilder();
        while (poll(quotes, true)) {
            sent.append(out.symbol()).append(out.updateId()).append(' ');
        }
        assertEquals("A3 B4 ", sent.toString());
    }

    @Test
    void identityHoldsUnderConcurrentOffersAndDrainsWhileLive() throws InterruptedException {
        quotes.live(true);
        long[] lastU = {-1, -1, -1};
        drainWhileAWriterOffers(200_000, () -> {
            int s = out.symbol().charAt(0) - 'A';
            assertTrue(out.updateId() > lastU[s], "per-symbol order");
            lastU[s] = out.updateId();
        });
    }

    /**
     * Polls while another thread offers {@code n} updates over three symbols, checking the identity
     * after every poll and {@code eachPolled} after every quote polled; in the end every update is
     * either sent (numbered) or conflated.
     */
    private void drainWhileAWriterOffers(int n, Runnable eachPolled) throws InterruptedException {
        Thread writer = new Thread(() -> {
            QuoteFrame q = new QuoteFrame();
            for (int i = 0; i < n; i++) {
                quotes.offer(q.symbol(i % 3 == 0 ? "A" : i % 3 == 1 ? "B" : "C").updateId(i));
            }
        });
        writer.start();
        while (writer.isAlive() || quotes.hasPending()) {
            if (poll(quotes, false)) {
                eachPolled.run();
            }
            assertIdentity();
        }
        writer.join();
        PendingQuotes.Counts c = quotes.counts();
        assertEquals(n, c.upstream());
        assertEquals(n, c.highestSeq() + c.conflated());
    }

    @Test
    void quotesAreEncodedFromTheBooksOwnFramesIntoTheOutboundBufferAsTheWriterWroteThemBefore() {
        EmbeddedChannel link = new EmbeddedChannel(new FrameEncoder(FrameFormat.DEFAULT_MAX_FRAME_BYTES));
        List<QuoteFrame> fixtures = WrittenFrameFixtures.quotes();
        for (int i = 0; i < fixtures.size(); i++) {
            QuoteFrame q = fixtures.get(i);
            QuoteFrame fromBook;
            switch (i % 3) {
                case 0 -> { // the direct path: the symbol's last-sent frame
                    quotes.live(true);
                    fromBook = quotes.takeDirect(q);
                }
                case 1 -> { // live, through the FIFO
                    quotes.live(true);
                    quotes.offer(q);
                    fromBook = quotes.pollPending(false);
                }
                default -> { // link down: the symbol's waiting slot
                    quotes.live(false);
                    quotes.offer(q);
                    fromBook = quotes.pollPending(false);
                }
            }
            assertNotNull(fromBook, "path " + i % 3);
            // PendingQuotes numbers the quote and the link stamps ts; the fixture's values stand in for both.
            fromBook.seq(q.seq()).sendTimeNs(q.sendTimeNs()).snapshot(q.snapshot()).repeat(q.repeat());
            link.writeOutbound(fromBook);
            ByteBuf frame = link.readOutbound();
            try {
                assertEquals(WrittenFrameFixtures.QUOTE_FRAMES.get(i), ByteBufUtil.hexDump(frame), "path " + i % 3);
            } finally {
                frame.release();
            }
        }
        link.finishAndReleaseAll();
    }
}
