package io.quoterelay.sender;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.quoterelay.protocol.ExactDecimal;
import io.quoterelay.protocol.QuoteFrame;
import java.io.IOException;

/**
 * The reference for {@link BookTickerParser}: the same rules, on Jackson's streaming parser (the
 * sender's parser until it moved to bytes without garbage). Tests parse every fixture and corpus
 * line with both and require the same reading. Turns one Binance WebSocket text message (its UTF-8
 * bytes, or a String) into a {@link QuoteFrame}, or says why it is not one.
 *
 * <p>Accepts the combined-stream wrapper ({@code {"stream":..,"data":{..}}}, {@code stream} before
 * or after {@code data}) and raw objects; spot ({@code u,s,b,B,a,A}), USD-M and COIN-M
 * ({@code e,u,s,b,B,a,A,T,E} plus {@code ps}, {@code st}) in any field order; unknown fields are
 * skipped. A bookTicker needs {@code u,s,b,a}; {@code B,A} are expected, and stay NaN/ABSENT when
 * missing. An object whose {@code e} names another event, or that has none of the bookTicker
 * fields (acknowledgements, errors, {@code serverShutdown}) is {@link ParseResult#NON_QUOTE}.
 * Anything else that is not a well-typed bookTicker is {@link ParseResult#MALFORMED}; no exception
 * escapes {@link #parse}.
 *
 * <p>It keeps its own copy of the field holder and of the checks that turn fields into a quote,
 * though they read like {@link BookTickerParser}'s: a reference that shared them could not catch a
 * mistake in them.
 *
 * <p>Allocation: Jackson's parser object per message (Jackson offers no reset) and nothing else on
 * the good path. Field names are Jackson's canonical Strings, decimals are read straight from the
 * token buffer, symbols come from a bounded cache. Not thread-safe: one per connection.
 */
final class JacksonBookTickerParser {
    /** A bookTicker is about 200 characters; acks listing 1024 streams stay far below this. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 256 * 1024;
    private static final int MAX_NESTING_DEPTH = 32;

    /** One factory per JVM is enough: thread-safe, and it shares the field-name symbol table. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(DEFAULT_MAX_MESSAGE_CHARS)
            .maxNumberLength(64)
            .maxDocumentLength(DEFAULT_MAX_MESSAGE_CHARS)
            .build())
        .build();

    private final int maxMessageChars;
    private final SymbolCache symbols = new SymbolCache();
    private final CharArrayView view = new CharArrayView();
    private final Fields outer = new Fields();
    private final Fields inner = new Fields();
    private boolean serverShutdown;
    private String lastError;

    JacksonBookTickerParser() {
        this(DEFAULT_MAX_MESSAGE_CHARS);
    }

    JacksonBookTickerParser(int maxMessageChars) {
        if (maxMessageChars <= 0) {
            throw new IllegalArgumentException("maxMessageChars must be positive, got " + maxMessageChars);
        }
        this.maxMessageChars = maxMessageChars;
    }

    /**
     * Parses {@code text}. On {@link ParseResult#QUOTE} {@code out} has been cleared and filled
     * (symbol, update id, exact and double prices and quantities, exchange times where given);
     * otherwise its contents are unspecified.
     */
    public ParseResult parse(String text, QuoteFrame out) {
        serverShutdown = false;
        lastError = null;
        if (text == null || text.isEmpty()) {
            lastError = "empty message";
            return ParseResult.MALFORMED;
        }
        if (text.length() > maxMessageChars) {
            lastError = "message of " + text.length() + " characters exceeds the limit of " + maxMessageChars;
            return ParseResult.MALFORMED;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            return parse(p, out);
        } catch (IOException | RuntimeException e) {
            return invalid(e);
        }
    }

    /**
     * Parses the UTF-8 message in {@code bytes[offset, offset + length)}, as {@link #parse(String, QuoteFrame)}
     * does the same text: the WebSocket frame's bytes go to the parser without a String in between.
     */
    public ParseResult parse(byte[] bytes, int offset, int length, QuoteFrame out) {
        serverShutdown = false;
        lastError = null;
        if (length == 0) {
            lastError = "empty message";
            return ParseResult.MALFORMED;
        }
        if (length > maxMessageChars) {
            // Bytes, not characters; the same bound for ASCII, which is all Binance sends.
            lastError = "message of " + length + " bytes exceeds the limit of " + maxMessageChars;
            return ParseResult.MALFORMED;
        }
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            return parse(p, out);
        } catch (IOException | RuntimeException e) {
            return invalid(e);
        }
    }

    private ParseResult parse(JsonParser p, QuoteFrame out) throws IOException {
        outer.reset();
        inner.reset();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            lastError = "not a JSON object";
            return ParseResult.MALFORMED;
        }
        readObject(p, outer, true);
        if (p.nextToken() != null) {
            lastError = "content after the JSON object";
            return ParseResult.MALFORMED;
        }
        return decide(outer.hasData ? inner : outer, out);
    }

    private ParseResult invalid(Exception e) {
        lastError = "invalid JSON: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        return ParseResult.MALFORMED;
    }

    /** Whether the last message parsed announced a server shutdown (raw or {@code !serverShutdown} stream). */
    public boolean serverShutdown() {
        return serverShutdown;
    }

    /** Why the last message was {@link ParseResult#MALFORMED}; null otherwise. */
    public String lastError() {
        return lastError;
    }

    private void readObject(JsonParser p, Fields f, boolean top) throws IOException {
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            if (name.length() == 1) {
                readShortField(p, t, name.charAt(0), f);
            } else if (top && t == JsonToken.START_OBJECT && "data".equals(name)) {
                f.hasData = true;
                readObject(p, inner, false);
            } else if (top && t == JsonToken.VALUE_STRING && "stream".equals(name)) {
                if (textEquals(p, "!serverShutdown")) {
                    serverShutdown = true;
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void readShortField(JsonParser p, JsonToken t, char name, Fields f) throws IOException {
        switch (name) {
            case 'u' -> {
                f.bookTickerKeys++;
                if (isLong(p, t) && p.getLongValue() >= 0) {
                    f.u = p.getLongValue();
                    f.hasU = true;
                } else {
                    f.typeError("u", "a non-negative integer", p, t);
                }
            }
            case 's' -> {
                f.bookTickerKeys++;
                if (t == JsonToken.VALUE_STRING && p.getTextLength() > 0) {
                    f.s = symbols.lookup(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                } else {
                    f.typeError("s", "a non-empty string", p, t);
                }
            }
            case 'b' -> {
                f.bookTickerKeys++;
                if (decimal(p, t, f, "b")) {
                    f.bUnscaled = decUnscaled;
                    f.bScale = decScale;
                }
            }
            case 'a' -> {
                f.bookTickerKeys++;
                if (decimal(p, t, f, "a")) {
                    f.aUnscaled = decUnscaled;
                    f.aScale = decScale;
                }
            }
            case 'B' -> {
                f.bookTickerKeys++;
                if (decimal(p, t, f, "B")) {
                    f.bqUnscaled = decUnscaled;
                    f.bqScale = decScale;
                }
            }
            case 'A' -> {
                f.bookTickerKeys++;
                if (decimal(p, t, f, "A")) {
                    f.aqUnscaled = decUnscaled;
                    f.aqScale = decScale;
                }
            }
            case 'E' -> {
                if (isLong(p, t)) {
                    f.eventTimeMs = p.getLongValue();
                } else {
                    f.typeError("E", "an integer (ms)", p, t);
                }
            }
            case 'T' -> {
                if (isLong(p, t)) {
                    f.transactionTimeMs = p.getLongValue();
                } else {
                    f.typeError("T", "an integer (ms)", p, t);
                }
            }
            case 'e' -> {
                f.eventPresent = true;
                if (t == JsonToken.VALUE_STRING) {
                    f.eventIsBookTicker = textEquals(p, "bookTicker");
                    f.eventIsShutdown = textEquals(p, "serverShutdown");
                } else {
                    p.skipChildren();
                }
            }
            default -> p.skipChildren();
        }
    }

    private long decUnscaled;
    private int decScale;

    /** Reads a decimal string into decUnscaled/decScale; false (and a type error noted) otherwise. */
    private boolean decimal(JsonParser p, JsonToken t, Fields f, String field) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            f.typeError(field, "a decimal string", p, t);
            return false;
        }
        int len = p.getTextLength();
        view.set(p.getTextCharacters(), p.getTextOffset(), len);
        try {
            decScale = ExactDecimal.scale(view, 0, len);
            decUnscaled = ExactDecimal.unscaled(view, 0, len);
            return true;
        } catch (NumberFormatException e) {
            f.typeError(field, "a plain decimal string", p, t);
            return false;
        }
    }

    private static boolean isLong(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return false;
        }
        JsonParser.NumberType nt = p.getNumberType();
        return nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
    }

    private static boolean textEquals(JsonParser p, String s) throws IOException {
        int len = p.getTextLength();
        if (len != s.length()) {
            return false;
        }
        char[] buf = p.getTextCharacters();
        int off = p.getTextOffset();
        for (int i = 0; i < len; i++) {
            if (buf[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private ParseResult decide(Fields f, QuoteFrame out) {
        if (f.eventPresent && !f.eventIsBookTicker) {
            serverShutdown |= f.eventIsShutdown;
            return ParseResult.NON_QUOTE;
        }
        if (f.bookTickerKeys == 0 && !f.eventIsBookTicker) {
            return ParseResult.NON_QUOTE;
        }
        if (f.typeError != null) {
            lastError = f.typeError;
            return ParseResult.MALFORMED;
        }
        if (!f.hasU || f.s == null || f.bScale == ExactDecimal.ABSENT || f.aScale == ExactDecimal.ABSENT) {
            lastError = "bookTicker lacks" + (f.hasU ? "" : " u") + (f.s != null ? "" : " s")
                + (f.bScale != ExactDecimal.ABSENT ? "" : " b") + (f.aScale != ExactDecimal.ABSENT ? "" : " a");
            return ParseResult.MALFORMED;
        }
        out.clear()
            .symbol(f.s)
            .updateId(f.u)
            .exactPrices(f.bUnscaled, f.bScale, f.aUnscaled, f.aScale);
        if (f.bqScale != ExactDecimal.ABSENT && f.aqScale != ExactDecimal.ABSENT) {
            out.exactQuantities(f.bqUnscaled, f.bqScale, f.aqUnscaled, f.aqScale);
        } else if (f.bqScale != ExactDecimal.ABSENT) {
            // QuoteFrame sets exact quantities in pairs; a lone one travels as a double only.
            out.bidQty(ExactDecimal.toDouble(f.bqUnscaled, f.bqScale));
        } else if (f.aqScale != ExactDecimal.ABSENT) {
            out.askQty(ExactDecimal.toDouble(f.aqUnscaled, f.aqScale));
        }
        if (f.eventTimeMs != QuoteFrame.ABSENT_TIME) {
            out.eventTimeMs(f.eventTimeMs);
        }
        if (f.transactionTimeMs != QuoteFrame.ABSENT_TIME) {
            out.transactionTimeMs(f.transactionTimeMs);
        }
        return ParseResult.QUOTE;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** The fields of one object level, reused. */
    private static final class Fields {
        boolean hasData;
        int bookTickerKeys;
        boolean hasU;
        long u;
        String s;
        long bUnscaled;
        int bScale;
        long aUnscaled;
        int aScale;
        long bqUnscaled;
        int bqScale;
        long aqUnscaled;
        int aqScale;
        long eventTimeMs;
        long transactionTimeMs;
        boolean eventPresent;
        boolean eventIsBookTicker;
        boolean eventIsShutdown;
        String typeError;

        void reset() {
            hasData = false;
            bookTickerKeys = 0;
            hasU = false;
            u = 0;
            s = null;
            bScale = ExactDecimal.ABSENT;
            aScale = ExactDecimal.ABSENT;
            bqScale = ExactDecimal.ABSENT;
            aqScale = ExactDecimal.ABSENT;
            eventTimeMs = QuoteFrame.ABSENT_TIME;
            transactionTimeMs = QuoteFrame.ABSENT_TIME;
            eventPresent = false;
            eventIsBookTicker = false;
            eventIsShutdown = false;
            typeError = null;
        }

        void typeError(String field, String expected, JsonParser p, JsonToken t) throws IOException {
            if (typeError == null) {
                String got = t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT
                    ? t + " " + truncate(p.getText()) : String.valueOf(t);
                typeError = "field '" + field + "' must be " + expected + ", got " + got;
            }
            p.skipChildren();
        }

        private static String truncate(String s) {
            return s.length() <= 40 ? s : s.substring(0, 40) + "...";
        }
    }
}
