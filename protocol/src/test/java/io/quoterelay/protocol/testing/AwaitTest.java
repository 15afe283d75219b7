package io.quoterelay.protocol.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void returnsTheFirstValueThatSatisfiesTheCondition() throws InterruptedException {
        AtomicInteger polls = new AtomicInteger();
        int seen = Await.until("the fifth poll", Duration.ofSeconds(10), polls::incrementAndGet, n -> n >= 5);
        assertEquals(5, seen);
        assertEquals(5, polls.get());
    }

    @Test
    void aTimeoutNamesWhatItWaitedForAndWhatItSawLast() {
        AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until("a negative count", Duration.ZERO, () -> 7, n -> n < 0));
        assertEquals("timed out after 0 ms waiting for: a negative count (last seen: 7)", e.getMessage());
    }

    @Test
    void aLazyDescriptionIsAskedOnlyOnTimeout() throws InterruptedException {
        AtomicInteger asked = new AtomicInteger();
        Await.until(() -> "never " + asked.incrementAndGet(), Duration.ofSeconds(10), () -> true);
        assertEquals(0, asked.get());
        AssertionError e = assertThrows(AssertionError.class,
            () -> Await.until(() -> "state " + asked.incrementAndGet(), Duration.ofMillis(1), () -> false));
        assertTrue(e.getMessage().endsWith("waiting for: state 1"), e.getMessage());
    }

    @Test
    void anInterruptEndsTheWait() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Await.until("never", Duration.ofSeconds(10), () -> false));
    }
}
