package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflatingQueueTest {
    private final SessionState session = new SessionState(1, "peer", false);
    private final ConflatingQueue queue = new ConflatingQueue(3);

    private static Quote quote(String symbol, long seq) {
        Quote q = new Quote();
        q.set(new QuoteFrame().symbol(symbol).seq(seq), 1, seq * 1_000, 500, true);
        return q;
    }

    private List<String> drainInPlace() {
        List<String> out = new ArrayList<>();
        for (Quote q; (q = queue.takeInPlace()) != null; ) {
            out.add(q.symbol() + "#" + q.seq());
        }
        return out;
    }

    @Test
    void keepsTheNewestQuoteOfEachSymbolInTheOrderTheyWereRead() {
        queue.offer(quote("BTCUSDT", 1), session, true);
        queue.offer(quote("ETHUSDT", 2), session, true);
        queue.offer(quote("BTCUSDT", 3), session, true);
        queue.offer(quote("SOLUSDT", 4), session, true);
        queue.offer(quote("ETHUSDT", 5), session, true);
        assertEquals(3, queue.waitingSymbols());
        assertEquals(List.of("BTCUSDT#3", "SOLUSDT#4", "ETHUSDT#5"), drainInPlace(), "still in the sender's order");
        assertEquals(2, queue.conflated.get());
        assertEquals(2, session.conflatedAtReceiver.get());
        assertNull(queue.takeInPlace(), "nothing waits after the drain");
    }

    @Test
    void aQuoteTakenIsNotConflatedByTheNextOfItsSymbol() {
        queue.offer(quote("BTCUSDT", 1), session, true);
        assertEquals(List.of("BTCUSDT#1"), drainInPlace());
        queue.offer(quote("BTCUSDT", 2), session, true);
        assertEquals(List.of("BTCUSDT#2"), drainInPlace());
        assertEquals(0, queue.conflated.get());
    }

    @Test
    void aReplacedRepeatCountsAtTheReceiverButNotOnItsSession() {
        queue.offer(quote("BTCUSDT", 7), session, false); // a snapshot repeat: its number was counted before
        queue.offer(quote("BTCUSDT", 9), session, true);
        queue.offer(quote("BTCUSDT", 10), session, true);
        assertEquals(List.of("BTCUSDT#10"), drainInPlace());
        assertEquals(2, queue.conflated.get(), "both replaced quotes count towards what the executor did not see");
        assertEquals(1, session.conflatedAtReceiver.get(), "only seq 9 was a new number of the session");
    }

    @Test
    void eachReplacedQuoteCountsOnTheSessionItCameFrom() {
        SessionState other = new SessionState(2, "peer2", false);
        queue.offer(quote("BTCUSDT", 1), session, true);
        queue.offer(quote("BTCUSDT", 1), other, true);
        queue.offer(quote("BTCUSDT", 2), session, true);
        assertEquals(1, session.conflatedAtReceiver.get());
        assertEquals(1, other.conflatedAtReceiver.get());
    }

    @Test
    void symbolsBeyondTheBoundAreDroppedAndCountedNotGrown() {
        queue.offer(quote("A", 1), session, true);
        queue.offer(quote("B", 2), session, true);
        queue.offer(quote("C", 3), session, true);
        queue.offer(quote("D", 4), session, true);
        assertEquals(1, queue.droppedOverSymbolLimit.get());
        assertEquals(List.of("A#1", "B#2", "C#3"), drainInPlace());
        queue.offer(quote("A", 5), session, true);
        assertEquals(List.of("A#5"), drainInPlace(), "known symbols go on");
    }

    @Test
    void takeCopyHandsAPrivateCopy() {
        queue.offer(quote("BTCUSDT", 1), session, true);
        Quote out = new Quote();
        assertTrue(queue.takeCopy(out));
        queue.offer(quote("BTCUSDT", 2), session, true);
        assertEquals(1, out.seq(), "the copy is not the slot the producer writes next");
        assertEquals(1_000, out.receiveTimeNs());
        assertTrue(queue.takeCopy(out));
        assertEquals(2, out.seq());
        assertFalse(queue.takeCopy(out));
    }

    @Test
    void refusesAnEmptyBound() {
        assertThrows(IllegalArgumentException.class, () -> new ConflatingQueue(0));
    }

    @Test
    void ageIsLinkLatencyPlusTheWaitOnThisHost() {
        Quote q = quote("BTCUSDT", 2); // received at 2 000 ns, 500 ns after the sender wrote it
        assertEquals(500, q.ageNanos(2_000));
        assertEquals(10_500, q.ageNanos(12_000));
    }
}
