package io.quoterelay.sender;

import io.quoterelay.protocol.ExactDecimal;
import io.quoterelay.protocol.QuoteFrame;
import java.nio.charset.StandardCharsets;

/**
 * Turns one Binance WebSocket text message, as the UTF-8 bytes of its frame, into a
 * {@link QuoteFrame}, or says why it is not one. Allocates nothing on the good path: no String, no
 * parser object per message (Jackson's cost ~600 B a message); symbols come from a bounded cache,
 * decimals are read from the bytes in place.
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
 * <p>The whole message is validated as strict JSON (RFC 8259 as Jackson reads it by default:
 * no comments, no trailing commas, no leading zeros, no control characters in strings, well-formed
 * UTF-8, at most {@value #MAX_NESTING_DEPTH} levels, numbers of at most {@value #MAX_NUMBER_LENGTH}
 * characters), so the reading is the one Jackson gives: the tests hold this parser to a Jackson
 * reference on every fixture, on random garbage and on the captured corpus.
 *
 * <p>Not thread-safe: one per connection.
 */
final class BookTickerParser {
    /** A bookTicker is about 200 bytes; acks listing 1024 streams stay far below this. */
    public static final int DEFAULT_MAX_MESSAGE_CHARS = 256 * 1024;
    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 64;

    private static final int OBJECT = 1;
    private static final int ARRAY = 2;
    private static final int STRING = 3;
    private static final int INT = 4;
    private static final int FLOAT = 5;
    private static final int TRUE = 6;
    private static final int FALSE = 7;
    private static final int NULL = 8;
    private static final String[] TYPE_NAMES = {"", "START_OBJECT", "START_ARRAY", "VALUE_STRING", "VALUE_NUMBER_INT",
        "VALUE_NUMBER_FLOAT", "VALUE_TRUE", "VALUE_FALSE", "VALUE_NULL"};
    private static final int KEY_OTHER = -1;
    private static final int KEY_DATA = -2;
    private static final int KEY_STREAM = -3;

    /** Thrown to unwind on invalid JSON; one instance, no stack trace: the error path allocates no more than its message. */
    private static final RuntimeException INVALID = new RuntimeException("invalid JSON", null, false, false) {
    };

    private final int maxMessageChars;
    private final SymbolCache symbols = new SymbolCache();
    private final CharArrayView view = new CharArrayView();
    private final Fields outer = new Fields();
    private final Fields inner = new Fields();
    private boolean serverShutdown;
    private String lastError;

    // The message being read.
    private byte[] bytes;
    private int pos;
    private int end;
    private int depth;
    // The current value: its type, and for strings the raw bytes between the quotes.
    private int type;
    private int strStart;
    private int strEnd;
    private boolean strPlain; // ASCII without escapes: the bytes are the characters
    private long intValue;
    private boolean intIsLong;
    private int numberStart;
    // A string's characters: decoded (escapes, UTF-8) or widened from ASCII bytes.
    private char[] chars = new char[64];
    private int charsLength;

    public BookTickerParser() {
        this(DEFAULT_MAX_MESSAGE_CHARS);
    }

    public BookTickerParser(int maxMessageChars) {
        if (maxMessageChars <= 0) {
            throw new IllegalArgumentException("maxMessageChars must be positive, got " + maxMessageChars);
        }
        this.maxMessageChars = maxMessageChars;
    }

    /**
     * Parses the UTF-8 message in {@code bytes[offset, offset + length)}. On {@link ParseResult#QUOTE}
     * {@code out} has been cleared and filled (symbol, update id, exact and double prices and
     * quantities, exchange times where given); otherwise its contents are unspecified.
     */
    public ParseResult parse(byte[] bytes, int offset, int length, QuoteFrame out) {
        serverShutdown = false;
        lastError = null;
        if (length == 0) {
            lastError = "empty message";
            return ParseResult.MALFORMED;
        }
        if (length > maxMessageChars) {
            lastError = "message of " + length + " bytes exceeds the limit of " + maxMessageChars;
            return ParseResult.MALFORMED;
        }
        this.bytes = bytes;
        this.pos = offset;
        this.end = offset + length;
        this.depth = 0;
        outer.reset();
        inner.reset();
        try {
            skipWhitespace();
            if (pos >= end || bytes[pos] != '{') {
                lastError = "not a JSON object";
                return ParseResult.MALFORMED;
            }
            pos++;
            enter();
            readObject(outer, true);
            skipWhitespace();
            if (pos < end) {
                lastError = "content after the JSON object";
                return ParseResult.MALFORMED;
            }
        } catch (RuntimeException e) {
            if (e != INVALID) {
                lastError = "invalid JSON: " + e;
            }
            return ParseResult.MALFORMED;
        } finally {
            this.bytes = null;
        }
        return decide(outer.hasData ? inner : outer, out);
    }

    /** The same for a String (tests and tools; the sender parses frames' bytes). */
    public ParseResult parse(String text, QuoteFrame out) {
        if (text == null) {
            serverShutdown = false;
            lastError = "empty message";
            return ParseResult.MALFORMED;
        }
        if (text.length() > maxMessageChars) {
            serverShutdown = false;
            lastError = "message of " + text.length() + " characters exceeds the limit of " + maxMessageChars;
            return ParseResult.MALFORMED;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return parse(utf8, 0, utf8.length, out);
    }

    /** Whether the last message parsed announced a server shutdown (raw or {@code !serverShutdown} stream). */
    public boolean serverShutdown() {
        return serverShutdown;
    }

    /** Why the last message was {@link ParseResult#MALFORMED}; null otherwise. */
    public String lastError() {
        return lastError;
    }

    // ------------------------------------------------------------------ structure

    /** Reads the members of an object whose '{' was consumed, through its '}'. */
    private void readObject(Fields f, boolean top) {
        if (closesEmpty((byte) '}')) {
            return;
        }
        do {
            scanFieldName();
            int key = key(top);
            expectColon();
            readValueStart();
            if (key >= 0) {
                readShortField((char) key, f);
            } else if (key == KEY_DATA && type == OBJECT) {
                f.hasData = true;
                readObject(inner, false);
            } else if (key == KEY_STREAM && type == STRING) {
                if (stringEquals("!serverShutdown")) {
                    serverShutdown = true;
                }
            } else {
                skipRest();
            }
        } while (!closesAfterValue((byte) '}'));
    }

    /** A member's name, left scanned for {@link #key}. */
    private void scanFieldName() {
        skipWhitespace();
        if (peek() != '"') {
            fail("expected a field name");
        }
        scanString();
    }

    private void expectColon() {
        skipWhitespace();
        if (peek() != ':') {
            fail("expected ':'");
        }
        pos++;
    }

    /** Right after an object's or array's bracket: consumes {@code close} and leaves the level if it is empty. */
    private boolean closesEmpty(byte close) {
        skipWhitespace();
        if (peek() == close) {
            pos++;
            depth--;
            return true;
        }
        return false;
    }

    /** After a member or element: true at {@code close} (consumed, level left), false at ',' (consumed). */
    private boolean closesAfterValue(byte close) {
        skipWhitespace();
        byte b = peek();
        pos++;
        if (b == close) {
            depth--;
            return true;
        }
        if (b != ',') {
            pos--;
            fail(close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
        }
        return false;
    }

    /** What the field name just scanned means here: its character when it has one, else a KEY_ code. */
    private int key(boolean top) {
        if (strPlain) {
            int len = strEnd - strStart;
            if (len == 1) {
                return bytes[strStart];
            }
            if (top && len == 4 && rawEquals("data")) {
                return KEY_DATA;
            }
            if (top && len == 6 && rawEquals("stream")) {
                return KEY_STREAM;
            }
            return KEY_OTHER;
        }
        decodeString();
        if (charsLength == 1) {
            return chars[0];
        }
        if (top && charsEquals("data")) {
            return KEY_DATA;
        }
        if (top && charsEquals("stream")) {
            return KEY_STREAM;
        }
        return KEY_OTHER;
    }

    /** Skips the rest of the current value: the members of an object or array whose bracket was read. */
    private void skipRest() {
        if (type == OBJECT) {
            skipObjectBody();
        } else if (type == ARRAY) {
            skipArrayBody();
        }
    }

    private void skipObjectBody() {
        if (closesEmpty((byte) '}')) {
            return;
        }
        do {
            scanFieldName();
            expectColon();
            readValueStart();
            skipRest();
        } while (!closesAfterValue((byte) '}'));
    }

    private void skipArrayBody() {
        if (closesEmpty((byte) ']')) {
            return;
        }
        do {
            readValueStart();
            skipRest();
        } while (!closesAfterValue((byte) ']'));
    }

    /** Reads the start of a value: a whole scalar, or the bracket of an object or array. Sets {@link #type}. */
    private void readValueStart() {
        skipWhitespace();
        byte b = peek();
        switch (b) {
            case '{' -> {
                pos++;
                enter();
                type = OBJECT;
            }
            case '[' -> {
                pos++;
                enter();
                type = ARRAY;
            }
            case '"' -> {
                scanString();
                type = STRING;
            }
            case 't' -> literal("true", TRUE);
            case 'f' -> literal("false", FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    scanNumber();
                } else {
                    fail("unexpected character");
                }
            }
        }
    }

    private void enter() {
        if (++depth > MAX_NESTING_DEPTH) {
            fail("nesting deeper than " + MAX_NESTING_DEPTH);
        }
    }

    private void literal(String word, int literalType) {
        int n = word.length();
        if (end - pos < n) {
            fail("unexpected end of input");
        }
        for (int i = 0; i < n; i++) {
            if (bytes[pos + i] != word.charAt(i)) {
                fail("unexpected token");
            }
        }
        pos += n;
        if (pos < end && isIdentifierByte(bytes[pos])) {
            fail("unexpected token");
        }
        type = literalType;
    }

    private static boolean isIdentifierByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    // ------------------------------------------------------------------ tokens

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?; an integer's value when it fits a long. */
    private void scanNumber() {
        numberStart = pos;
        boolean negative = bytes[pos] == '-';
        if (negative) {
            pos++;
        }
        if (pos >= end || !isDigit(bytes[pos])) {
            fail("a number needs a digit");
        }
        long v = 0; // accumulated negative, so Long.MIN_VALUE fits
        boolean fits = true;
        int digits = 0;
        if (bytes[pos] == '0') {
            pos++;
            digits = 1;
            if (pos < end && isDigit(bytes[pos])) {
                fail("leading zeroes are not allowed");
            }
        } else {
            while (pos < end && isDigit(bytes[pos])) {
                int d = bytes[pos] - '0';
                if (v < Long.MIN_VALUE / 10 || v * 10 < Long.MIN_VALUE + d) {
                    fits = false;
                } else {
                    v = v * 10 - d;
                }
                digits++;
                pos++;
            }
        }
        boolean integer = true;
        if (pos < end && bytes[pos] == '.') {
            integer = false;
            pos++;
            if (pos >= end || !isDigit(bytes[pos])) {
                fail("a decimal point needs a digit after it");
            }
            while (pos < end && isDigit(bytes[pos])) {
                pos++;
            }
        }
        if (pos < end && (bytes[pos] == 'e' || bytes[pos] == 'E')) {
            integer = false;
            pos++;
            if (pos < end && (bytes[pos] == '+' || bytes[pos] == '-')) {
                pos++;
            }
            if (pos >= end || !isDigit(bytes[pos])) {
                fail("an exponent needs a digit");
            }
            while (pos < end && isDigit(bytes[pos])) {
                pos++;
            }
        }
        if (integer) {
            if (digits > MAX_NUMBER_LENGTH) {
                fail("number longer than " + MAX_NUMBER_LENGTH);
            }
            if (!negative) {
                if (v == Long.MIN_VALUE) {
                    fits = false;
                }
                v = -v;
            }
            type = INT;
            intValue = v;
            intIsLong = fits;
        } else {
            if (pos - numberStart > MAX_NUMBER_LENGTH) {
                fail("number longer than " + MAX_NUMBER_LENGTH);
            }
            type = FLOAT;
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Scans a string from its opening quote, validating escapes and UTF-8; sets strStart/strEnd/strPlain. */
    private void scanString() {
        pos++;
        strStart = pos;
        boolean plain = true;
        while (true) {
            if (pos >= end) {
                fail("unterminated string");
            }
            byte b = bytes[pos];
            if (b == '"') {
                strEnd = pos;
                pos++;
                strPlain = plain;
                return;
            }
            if (b == '\\') {
                plain = false;
                pos++;
                if (pos >= end) {
                    fail("unterminated string");
                }
                byte e = bytes[pos];
                if (e == 'u') {
                    if (end - pos < 5) {
                        fail("unterminated string");
                    }
                    for (int i = 1; i <= 4; i++) {
                        if (hex(bytes[pos + i]) < 0) {
                            fail("invalid \\u escape");
                        }
                    }
                    pos += 5;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
                    pos++;
                } else {
                    fail("invalid escape");
                }
            } else if (b >= 0 && b < 0x20) {
                fail("control character in a string");
            } else if (b < 0) {
                plain = false;
                pos += utf8SequenceLength(pos);
            } else {
                pos++;
            }
        }
    }

    /** Length of the well-formed UTF-8 sequence at {@code at} (RFC 3629: no overlongs, no surrogates). */
    private int utf8SequenceLength(int at) {
        int b0 = bytes[at] & 0xFF;
        int n;
        int min2;
        int max2;
        if (b0 >= 0xC2 && b0 <= 0xDF) {
            n = 2;
            min2 = 0x80;
            max2 = 0xBF;
        } else if (b0 >= 0xE0 && b0 <= 0xEF) {
            n = 3;
            min2 = b0 == 0xE0 ? 0xA0 : 0x80;
            max2 = b0 == 0xED ? 0x9F : 0xBF;
        } else if (b0 >= 0xF0 && b0 <= 0xF4) {
            n = 4;
            min2 = b0 == 0xF0 ? 0x90 : 0x80;
            max2 = b0 == 0xF4 ? 0x8F : 0xBF;
        } else {
            fail("invalid UTF-8");
            return 0;
        }
        if (end - at < n) {
            fail("invalid UTF-8");
        }
        int b1 = bytes[at + 1] & 0xFF;
        if (b1 < min2 || b1 > max2) {
            fail("invalid UTF-8");
        }
        for (int i = 2; i < n; i++) {
            int bi = bytes[at + i] & 0xFF;
            if (bi < 0x80 || bi > 0xBF) {
                fail("invalid UTF-8");
            }
        }
        return n;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    /** The current string's characters into {@link #chars}: widened when plain, else unescaped and UTF-8 decoded. */
    private void decodeString() {
        int n = strEnd - strStart;
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        int out = 0;
        if (strPlain) {
            for (int i = strStart; i < strEnd; i++) {
                chars[out++] = (char) bytes[i];
            }
            charsLength = out;
            return;
        }
        int i = strStart;
        while (i < strEnd) {
            byte b = bytes[i];
            if (b == '\\') {
                byte e = bytes[i + 1];
                switch (e) {
                    case 'b' -> chars[out++] = '\b';
                    case 'f' -> chars[out++] = '\f';
                    case 'n' -> chars[out++] = '\n';
                    case 'r' -> chars[out++] = '\r';
                    case 't' -> chars[out++] = '\t';
                    case 'u' -> chars[out++] = (char) ((hex(bytes[i + 2]) << 12) | (hex(bytes[i + 3]) << 8)
                        | (hex(bytes[i + 4]) << 4) | hex(bytes[i + 5]));
                    default -> chars[out++] = (char) e;
                }
                i += e == 'u' ? 6 : 2;
            } else if (b >= 0) {
                chars[out++] = (char) b;
                i++;
            } else {
                int n0 = utf8SequenceLength(i);
                int cp = n0 == 2 ? b & 0x1F : n0 == 3 ? b & 0x0F : b & 0x07;
                for (int k = 1; k < n0; k++) {
                    cp = (cp << 6) | (bytes[i + k] & 0x3F);
                }
                if (cp >= 0x10000) {
                    chars[out++] = Character.highSurrogate(cp);
                    chars[out++] = Character.lowSurrogate(cp);
                } else {
                    chars[out++] = (char) cp;
                }
                i += n0;
            }
        }
        charsLength = out;
    }

    private boolean rawEquals(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (bytes[strStart + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean charsEquals(String s) {
        if (charsLength != s.length()) {
            return false;
        }
        for (int i = 0; i < charsLength; i++) {
            if (chars[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the current string value's characters are {@code s}. */
    private boolean stringEquals(String s) {
        if (strPlain) {
            return strEnd - strStart == s.length() && rawEquals(s);
        }
        decodeString();
        return charsEquals(s);
    }

    private int stringLength() {
        if (strPlain) {
            return strEnd - strStart;
        }
        decodeString();
        return charsLength;
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte b = bytes[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() {
        if (pos >= end) {
            fail("unexpected end of input");
        }
        return bytes[pos];
    }

    private void fail(String why) {
        lastError = "invalid JSON: " + why + " at byte " + pos;
        throw INVALID;
    }

    // ------------------------------------------------------------------ fields

    private void readShortField(char name, Fields f) {
        switch (name) {
            case 'u' -> {
                f.bookTickerKeys++;
                if (type == INT && intIsLong && intValue >= 0) {
                    f.u = intValue;
                    f.hasU = true;
                } else {
                    f.typeError("u", "a non-negative integer", describe());
                    skipRest();
                }
            }
            case 's' -> {
                f.bookTickerKeys++;
                if (type == STRING && stringLength() > 0) {
                    decodeString();
                    f.s = symbols.lookup(chars, 0, charsLength);
                } else {
                    f.typeError("s", "a non-empty string", describe());
                    skipRest();
                }
            }
            case 'b' -> {
                f.bookTickerKeys++;
                if (decimal(f, "b")) {
                    f.bUnscaled = decUnscaled;
                    f.bScale = decScale;
                }
            }
            case 'a' -> {
                f.bookTickerKeys++;
                if (decimal(f, "a")) {
                    f.aUnscaled = decUnscaled;
                    f.aScale = decScale;
                }
            }
            case 'B' -> {
                f.bookTickerKeys++;
                if (decimal(f, "B")) {
                    f.bqUnscaled = decUnscaled;
                    f.bqScale = decScale;
                }
            }
            case 'A' -> {
                f.bookTickerKeys++;
                if (decimal(f, "A")) {
                    f.aqUnscaled = decUnscaled;
                    f.aqScale = decScale;
                }
            }
            case 'E' -> {
                if (type == INT && intIsLong) {
                    f.eventTimeMs = intValue;
                } else {
                    f.typeError("E", "an integer (ms)", describe());
                    skipRest();
                }
            }
            case 'T' -> {
                if (type == INT && intIsLong) {
                    f.transactionTimeMs = intValue;
                } else {
                    f.typeError("T", "an integer (ms)", describe());
                    skipRest();
                }
            }
            case 'e' -> {
                f.eventPresent = true;
                if (type == STRING) {
                    f.eventIsBookTicker = stringEquals("bookTicker");
                    f.eventIsShutdown = stringEquals("serverShutdown");
                } else {
                    skipRest();
                }
            }
            default -> skipRest();
        }
    }

    private long decUnscaled;
    private int decScale;

    /** Reads a decimal string into decUnscaled/decScale; false (and a type error noted) otherwise. */
    private boolean decimal(Fields f, String field) {
        if (type != STRING) {
            f.typeError(field, "a decimal string", describe());
            skipRest();
            return false;
        }
        decodeString();
        view.set(chars, 0, charsLength);
        try {
            decScale = ExactDecimal.scale(view, 0, charsLength);
            decUnscaled = ExactDecimal.unscaled(view, 0, charsLength);
            return true;
        } catch (NumberFormatException e) {
            f.typeError(field, "a plain decimal string", describe());
            return false;
        }
    }

    /** The current value for an error message (error path only). */
    private String describe() {
        return switch (type) {
            case STRING -> {
                decodeString();
                yield TYPE_NAMES[type] + " " + truncate(new String(chars, 0, charsLength));
            }
            case INT, FLOAT -> TYPE_NAMES[type] + " " + truncate(new String(bytes, numberStart, pos - numberStart,
                StandardCharsets.US_ASCII));
            default -> TYPE_NAMES[type];
        };
    }

    private static String truncate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
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

        void typeError(String field, String expected, String got) {
            if (typeError == null) {
                typeError = "field '" + field + "' must be " + expected + ", got " + got;
            }
        }
    }
}
