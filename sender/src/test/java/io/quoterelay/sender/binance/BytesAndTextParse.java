package io.quoterelay.sender.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quoterelay.protocol.QuoteFrame;
import java.nio.charset.StandardCharsets;

/**
 * Parses one message twice, from its String (the reference: the path the parser was first proven
 * on) and from its UTF-8 bytes at an offset (the path the sender uses), and asserts both readings agree.
 */
final class BytesAndTextParse {
    private final BookTickerParser fromText = new BookTickerParser();
    private final BookTickerParser fromBytes = new BookTickerParser();
    private final QuoteFrame bytesFrame = new QuoteFrame();

    /** Parses {@code text} into {@code out} from its String and checks the bytes give the same. */
    ParseResult parse(String text, QuoteFrame out, String where) {
        ParseResult r = fromText.parse(text, out);
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 7];
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        ParseResult b = fromBytes.parse(padded, 3, utf8.length, bytesFrame);
        assertEquals(r, b, where + ": result from bytes");
        assertEquals(fromText.serverShutdown(), fromBytes.serverShutdown(), where + ": serverShutdown from bytes");
        assertEquals(fromText.lastError() == null, fromBytes.lastError() == null, where + ": error from bytes " + fromBytes.lastError());
        if (r == ParseResult.QUOTE) {
            assertSameQuote(out, bytesFrame, where);
        }
        return r;
    }

    BookTickerParser textParser() {
        return fromText;
    }

    static void assertSameQuote(QuoteFrame expected, QuoteFrame actual, String where) {
        assertEquals(expected.symbol(), actual.symbol(), where + ": s");
        assertEquals(expected.updateId(), actual.updateId(), where + ": u");
        assertEquals(expected.bidUnscaled(), actual.bidUnscaled(), where + ": b");
        assertEquals(expected.bidScale(), actual.bidScale(), where + ": b scale");
        assertEquals(expected.askUnscaled(), actual.askUnscaled(), where + ": a");
        assertEquals(expected.askScale(), actual.askScale(), where + ": a scale");
        assertEquals(expected.bidQtyUnscaled(), actual.bidQtyUnscaled(), where + ": B");
        assertEquals(expected.bidQtyScale(), actual.bidQtyScale(), where + ": B scale");
        assertEquals(expected.askQtyUnscaled(), actual.askQtyUnscaled(), where + ": A");
        assertEquals(expected.askQtyScale(), actual.askQtyScale(), where + ": A scale");
        assertEquals(Double.doubleToLongBits(expected.bid()), Double.doubleToLongBits(actual.bid()), where + ": bid");
        assertEquals(Double.doubleToLongBits(expected.ask()), Double.doubleToLongBits(actual.ask()), where + ": ask");
        assertEquals(Double.doubleToLongBits(expected.bidQty()), Double.doubleToLongBits(actual.bidQty()), where + ": bidQty");
        assertEquals(Double.doubleToLongBits(expected.askQty()), Double.doubleToLongBits(actual.askQty()), where + ": askQty");
        assertEquals(expected.eventTimeMs(), actual.eventTimeMs(), where + ": E");
        assertEquals(expected.transactionTimeMs(), actual.transactionTimeMs(), where + ": T");
    }
}
