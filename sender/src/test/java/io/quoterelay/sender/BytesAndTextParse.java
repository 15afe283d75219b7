package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quoterelay.protocol.QuoteFrame;
import java.nio.charset.StandardCharsets;

/**
 * Parses one message twice: with the {@link BookTickerParser} under test, from its UTF-8 bytes at
 * an offset (as the sender reads a frame), and with the Jackson reference from its String; asserts
 * both readings agree (result, serverShutdown, whether an error was given, every quote field).
 */
final class BytesAndTextParse {
    private final BookTickerParser parser = new BookTickerParser();
    private final JacksonBookTickerParser reference = new JacksonBookTickerParser();
    private final QuoteFrame referenceFrame = new QuoteFrame();

    /** Parses {@code text} into {@code out} from its bytes and checks the reference reads the same. */
    ParseResult parse(String text, QuoteFrame out, String where) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] padded = new byte[utf8.length + 7];
        java.util.Arrays.fill(padded, (byte) '}'); // bytes around the message must not be read
        System.arraycopy(utf8, 0, padded, 3, utf8.length);
        ParseResult r = parser.parse(padded, 3, utf8.length, out);
        ParseResult expected = reference.parse(text, referenceFrame);
        assertEquals(expected, r, where + ": result (reference error: " + reference.lastError() + "; ours: " + parser.lastError() + ")");
        assertEquals(reference.serverShutdown(), parser.serverShutdown(), where + ": serverShutdown");
        assertEquals(reference.lastError() == null, parser.lastError() == null, where + ": error " + parser.lastError());
        if (r == ParseResult.QUOTE) {
            assertSameQuote(referenceFrame, out, where);
        }
        return r;
    }

    /** The parser under test. */
    BookTickerParser parser() {
        return parser;
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
