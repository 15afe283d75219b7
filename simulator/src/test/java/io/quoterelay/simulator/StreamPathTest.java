package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamPathTest {
    @Test
    void combinedSpotPathListsStreams() throws Exception {
        StreamPath p = StreamPath.parse("/stream?streams=btcusdt@bookTicker/ethusdt@bookTicker", Market.SPOT);
        assertTrue(p.combined());
        assertEquals(List.of("btcusdt@bookTicker", "ethusdt@bookTicker"), p.streams());
    }

    @Test
    void futuresServesPublicAndUnroutedPaths() throws Exception {
        assertTrue(StreamPath.parse("/public/stream?streams=btcusdt@bookTicker", Market.USDM_FUTURES).combined());
        assertTrue(StreamPath.parse("/stream?streams=btcusdt@bookTicker", Market.USDM_FUTURES).combined());
        assertFalse(StreamPath.parse("/public/ws/btcusdt@bookTicker", Market.USDM_FUTURES).combined());
        assertThrows(StreamPath.RejectedPathException.class,
            () -> StreamPath.parse("/public/stream?streams=btcusdt@bookTicker", Market.SPOT));
    }

    @Test
    void rawPathAndEmptyPathsForLaterSubscribe() throws Exception {
        StreamPath raw = StreamPath.parse("/ws/btcusdt@bookTicker", Market.SPOT);
        assertFalse(raw.combined());
        assertEquals(List.of("btcusdt@bookTicker"), raw.streams());
        assertEquals(List.of(), StreamPath.parse("/ws", Market.SPOT).streams());
        assertEquals(List.of(), StreamPath.parse("/stream", Market.SPOT).streams());
    }

    @Test
    void refusesUnknownPathsAndBadStreamNames() {
        assertThrows(StreamPath.RejectedPathException.class, () -> StreamPath.parse("/nope", Market.SPOT));
        assertThrows(StreamPath.RejectedPathException.class,
            () -> StreamPath.parse("/stream?streams=BTCUSDT@bookTicker", Market.SPOT));
        assertThrows(StreamPath.RejectedPathException.class,
            () -> StreamPath.parse("/ws/btcusdt@depth", Market.SPOT));
        assertThrows(StreamPath.RejectedPathException.class,
            () -> StreamPath.parse("/stream?streams=btcusdt@bookTicker//", Market.SPOT));
    }
}
