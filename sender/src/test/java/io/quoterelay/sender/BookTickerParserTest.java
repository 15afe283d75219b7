package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.ExactDecimal;
import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BookTickerParserTest {
    private final BytesAndTextParse both = new BytesAndTextParse();
    private final BookTickerParser parser = both.parser();
    private final QuoteFrame q = new QuoteFrame();

    /** Every fixture is parsed from its String and from its bytes, and both readings must agree. */
    private ParseResult parse(String s) {
        return both.parse(s, q, s.length() > 80 ? s.substring(0, 80) : s);
    }

    @Test
    void parsesWrappedSpotQuoteWithExactDecimals() {
        assertEquals(ParseResult.QUOTE, parse("{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\","
            + "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}"));
        assertEquals("BNBUSDT", q.symbol());
        assertEquals(400900217L, q.updateId());
        assertEquals(2535190000L, q.bidUnscaled());
        assertEquals(8, q.bidScale());
        assertEquals("25.36520000", ExactDecimal.toString(q.askUnscaled(), q.askScale()));
        assertEquals(Double.parseDouble("25.35190000"), q.bid());
        assertEquals(Double.parseDouble("40.66000000"), q.askQty());
        assertEquals((q.bid() + q.ask()) / 2, q.mid());
        assertEquals(QuoteFrame.ABSENT_TIME, q.eventTimeMs());
    }

    @Test
    void parsesRawUsdmQuoteWithExchangeTimesAndIgnoresPsAndSt() {
        assertEquals(ParseResult.QUOTE, parse("{\"e\":\"bookTicker\",\"u\":11331904350110,\"s\":\"BTCUSDT\",\"ps\":\"BTCUSDT\","
            + "\"b\":\"72009.00\",\"B\":\"3.065\",\"a\":\"72009.10\",\"A\":\"2.180\",\"T\":1787231293915,\"E\":1787231293916,\"st\":1}"));
        assertEquals(11331904350110L, q.updateId());
        assertEquals(1787231293916L, q.eventTimeMs());
        assertEquals(1787231293915L, q.transactionTimeMs());
        assertEquals("72009.10", ExactDecimal.toString(q.askUnscaled(), q.askScale()));
        assertEquals("3.065", ExactDecimal.toString(q.bidQtyUnscaled(), q.bidQtyScale()));
    }

    @Test
    void parsesCoinMIntegerQuantitiesAndSmallPrices() {
        assertEquals(ParseResult.QUOTE, parse("{\"stream\":\"btcusd_perp@bookTicker\",\"data\":{\"u\":86143354171,\"e\":\"bookTicker\","
            + "\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"b\":\"0.00000162\",\"B\":\"52\",\"a\":\"61800.20\",\"A\":\"7944\","
            + "\"T\":1618677480023,\"E\":1618677480028}}"));
        assertEquals(162, q.bidUnscaled());
        assertEquals(8, q.bidScale());
        assertEquals(52, q.bidQtyUnscaled());
        assertEquals(0, q.bidQtyScale());
        assertEquals(Double.parseDouble("0.00000162"), q.bid());
        assertEquals(Double.parseDouble("61800.20"), q.ask());
        assertEquals(52.0, q.bidQty());
    }

    @Test
    void streamKeyMayFollowData() {
        assertEquals(ParseResult.QUOTE, parse("{\"data\":{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\",\"B\":\"3\",\"A\":\"4\"},\"stream\":\"x@bookTicker\"}"));
        assertEquals("X", q.symbol());
    }

    @Test
    void fieldOrderDoesNotMatter() {
        List<String> fields = new ArrayList<>(List.of("\"e\":\"bookTicker\"", "\"u\":3000000000", "\"s\":\"ETHUSDT\"",
            "\"b\":\"1.5\"", "\"B\":\"2\"", "\"a\":\"1.6\"", "\"A\":\"3\"", "\"T\":5", "\"E\":6", "\"ps\":\"ETHUSDT\"",
            "\"st\":0", "\"zz\":{\"nested\":[1,2,{\"b\":9}]}"));
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            Collections.shuffle(fields, r);
            String raw = "{" + String.join(",", fields) + "}";
            assertEquals(ParseResult.QUOTE, parse(raw), raw);
            assertEquals(3000000000L, q.updateId());
            assertEquals(15, q.bidUnscaled());
            assertEquals(16, q.askUnscaled());
            assertEquals(6, q.eventTimeMs());
            assertEquals(ParseResult.QUOTE, parse(i % 2 == 0 ? "{\"stream\":\"s\",\"data\":" + raw + "}" : "{\"data\":" + raw + ",\"stream\":\"s\"}"));
            assertEquals("ETHUSDT", q.symbol());
        }
    }

    @Test
    void updateIdAbove2Pow31IsKept() {
        assertEquals(ParseResult.QUOTE, parse("{\"u\":10928791213494,\"s\":\"BTCUSDT\",\"b\":\"1\",\"a\":\"2\",\"B\":\"1\",\"A\":\"1\"}"));
        assertEquals(10928791213494L, q.updateId());
    }

    @Test
    void missingQuantitiesStayAbsent() {
        assertEquals(ParseResult.QUOTE, parse("{\"u\":1,\"s\":\"X\",\"b\":\"1.0\",\"a\":\"2.0\"}"));
        assertTrue(Double.isNaN(q.bidQty()));
        assertTrue(Double.isNaN(q.askQty()));
        assertEquals(ExactDecimal.ABSENT, q.bidQtyScale());
        assertEquals(ExactDecimal.ABSENT, q.askQtyScale());
    }

    @Test
    void symbolStringsAreReusedAcrossMessages() {
        parse("{\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1\",\"a\":\"2\"}");
        String first = q.symbol();
        parse("{\"u\":2,\"s\":\"BTCUSDT\",\"b\":\"1\",\"a\":\"2\"}");
        assertSame(first, q.symbol());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"result\":null,\"id\":1}",
        "{\"id\":1,\"result\":null}",
        "{\"result\":[\"btcusdt@bookTicker\"],\"id\":3}",
        "{\"error\":{\"code\":2,\"msg\":\"Invalid request: invalid stream\"},\"id\":2}",
        "{\"code\":2,\"msg\":\"Invalid request: invalid stream\"}",
        "{\"e\":\"trade\",\"E\":123,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\",\"q\":\"100\"}",
        "{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BNBBTC\",\"U\":157,\"u\":160,\"b\":[[\"0.0024\",\"10\"]],\"a\":[[\"0.0026\",\"100\"]]}",
        "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"s\":\"BTCUSDT\",\"a\":5,\"p\":\"1\"}}",
        "{}",
    })
    void acknowledgementsErrorsAndOtherEventsAreNonQuotes(String text) {
        assertEquals(ParseResult.NON_QUOTE, parse(text));
        assertFalse(parser.serverShutdown());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"e\":\"serverShutdown\",\"E\":1770123456789}",
        "{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}",
        "{\"data\":{\"E\":1770123456789},\"stream\":\"!serverShutdown\"}",
    })
    void serverShutdownIsANonQuoteThatIsFlagged(String text) {
        assertEquals(ParseResult.NON_QUOTE, parse(text));
        assertTrue(parser.serverShutdown());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "not json",
        "[1,2,3]",
        "\"a string\"",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}trailing",
        "{\"u\":1,\"s\":\"X\",\"b\":123,\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"NaN\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"-1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1e400\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1234567890123456789012345\",\"a\":\"2\"}",
        "{\"u\":\"x\",\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1e400,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":123456789012345678901234567890,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":-5,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":null,\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\",\"E\":\"late\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\"}",
        "{\"e\":\"bookTicker\"}",
        "{\"stream\":\"x\",\"data\":{\"u\":1,\"s\":\"X\",\"b\":{},\"a\":\"2\"}}",
    })
    void malformedOrWronglyTypedInputIsCountedNotThrown(String text) {
        assertEquals(ParseResult.MALFORMED, parse(text), text);
        assertNotNull(parser.lastError());
    }

    /** JSON's corners, where a hand-written reader could part from Jackson: each must read as the reference reads it. */
    @ParameterizedTest
    @ValueSource(strings = {
        "{\"\\u0075\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"BTC\\u0055SDT\",\"b\":\"1\\u002e5\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"\u00c9TH\u20acUSDT\ud83d\ude00\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"\u0662\"}",
        "{\"stream\":\"!server\\u0053hutdown\",\"data\":{\"E\":1}}",
        "{\"\\u0064ata\":{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}}",
        "{\"data\":{\"data\":{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}}}",
        "{\"data\":[1],\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"data\":{\"u\":1},\"data\":{\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}}",
        "{\"u\":-0,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":00,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":9223372036854775807,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":9223372036854775808,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"E\":-9223372036854775808,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"E\":-9223372036854775809,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1.0,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1E2,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1.,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":-,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":+1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":1e+5,\"y\":-0.5E-3,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":11111111111111111111111111111111111111111111111111111111111111111,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":1111111111111111111111111111111111111111111111111111111111111111,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\",}",
        "{\"u\":1,,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":[1,],\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":truex,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":[true,false,null,{},[]],\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":\"tab\there\",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":\"bad \\q escape\",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"x\":\"\\u12G4\",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"e\":1,\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        "{\"e\":\"book\\u0054icker\",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}",
        " \t\r\n{ \"u\" : 1 , \"s\" : \"X\" , \"b\" : \"1\" , \"a\" : \"2\" } \n",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"} {}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}}",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"",
        "{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2",
        "   ",
        "{",
        "{\"u\"}",
        "{1:2}",
    })
    void readsJsonCornersAsTheJacksonReferenceDoes(String text) {
        assertNotNull(parse(text));
    }

    @Test
    void nestingLimitIsTheReferencesToTheLevel() {
        for (int levels = 30; levels <= 34; levels++) {
            String inner = "[".repeat(levels - 1) + "]".repeat(levels - 1);
            assertNotNull(parse("{\"x\":" + inner + ",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}"));
        }
    }

    /**
     * The hot path's promise: once a symbol is known, parsing a quote from bytes allocates nothing
     * (Jackson's parser cost ~600 B a message). Measured with the JVM's per-thread allocation counter.
     */
    @Test
    void parsingAKnownSymbolsQuoteFromBytesAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        byte[][] messages = {
            ("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BTCUSDT\",\"b\":\"25.35190000\","
                + "\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
            ("{\"e\":\"bookTicker\",\"u\":5,\"s\":\"ETHUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\","
                + "\"T\":1770000000000,\"E\":1770000000001,\"ps\":[1,{\"x\":null}],\"st\":true}").getBytes(java.nio.charset.StandardCharsets.UTF_8),
        };
        BookTickerParser p = new BookTickerParser();
        QuoteFrame out = new QuoteFrame();
        for (int i = 0; i < 20_000; i++) { // symbols cached, code warm
            assertEquals(ParseResult.QUOTE, p.parse(messages[i & 1], 0, messages[i & 1].length, out));
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        int quotes = 0;
        for (int i = 0; i < 100_000; i++) {
            if (p.parse(messages[i & 1], 0, messages[i & 1].length, out) == ParseResult.QUOTE) {
                quotes++;
            }
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertEquals(100_000, quotes);
        // The counter's own call may allocate a little; 100 000 messages at even 8 B each would be 800 000.
        assertTrue(allocated < 16_384, allocated + " bytes allocated for 100 000 messages");
    }

    @Test
    void deepNestingIsMalformed() {
        String deep = "{\"x\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\"}";
        assertEquals(ParseResult.MALFORMED, parse(deep));
        assertEquals(ParseResult.MALFORMED, parse("[".repeat(10_000)));
        assertEquals(ParseResult.MALFORMED, parse("{\"a\":".repeat(10_000)));
    }

    @Test
    void tenMegabyteStringIsMalformed() {
        String huge = "{\"u\":1,\"s\":\"" + "X".repeat(10 * 1024 * 1024) + "\",\"b\":\"1\",\"a\":\"2\"}";
        assertEquals(ParseResult.MALFORMED, parse(huge));
        assertEquals(ParseResult.MALFORMED, parse("{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"a\":\"2\",\"pad\":\"" + "y".repeat(300_000) + "\"}"));
    }

    @Test
    void parserRecoversAfterMalformedInput() {
        assertEquals(ParseResult.MALFORMED, parse("{\"u\":1,\"s\":\"X\",\"b\":123,\"a\":\"2\"}"));
        assertEquals(ParseResult.QUOTE, parse("{\"u\":2,\"s\":\"Y\",\"b\":\"1\",\"a\":\"2\"}"));
        assertEquals("Y", q.symbol());
        assertEquals(2, q.updateId());
    }

    @Test
    void randomGarbageNeverThrows() {
        Random r = new Random(7);
        String good = "{\"stream\":\"x\",\"data\":{\"e\":\"bookTicker\",\"u\":1,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\",\"E\":5}}";
        for (int i = 0; i < 20_000; i++) {
            char[] c = good.toCharArray();
            int edits = 1 + r.nextInt(4);
            for (int e = 0; e < edits; e++) {
                c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
            }
            ParseResult res = parse(new String(c, 0, r.nextInt(c.length + 1)));
            assertNotNull(res);
        }
    }
}
