package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.quoterelay.protocol.ExactDecimal;
import io.quoterelay.protocol.QuoteFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every line of the shared Binance capture corpus, when it is present beside the project
 * ({@code ../../shared/binance-corpus} from the module, or {@code -Dbinance.corpus=DIR}): bookTickers
 * parse as quotes with exactly the values a plain Jackson read gives, everything else as non-quotes,
 * from the line's String and from its bytes alike.
 */
class BinanceCorpusTest {
    private static final JsonFactory REFERENCE = new JsonFactory();

    @Test
    void everyCapturedBookTickerParsesLikeAJacksonTreeAndEverythingElseIsNonQuote() throws IOException {
        Path dir = corpus();
        assumeTrue(dir != null, "binance corpus not present");
        BytesAndTextParse both = new BytesAndTextParse();
        BookTickerParser parser = both.parser();
        QuoteFrame q = new QuoteFrame();
        int quotes = 0;
        int others = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        for (Path file : files) {
            int lineNo = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String where = file.getFileName() + ":" + lineNo;
                Map<String, Object> ref = reference(line);
                ParseResult r = both.parse(line, q, where);
                if (ref.containsKey("u") && ref.containsKey("b") && ref.get("b") instanceof String) {
                    assertEquals(ParseResult.QUOTE, r, where + " " + parser.lastError());
                    assertEquals(((Number) ref.get("u")).longValue(), q.updateId(), where);
                    assertEquals(ref.get("s"), q.symbol(), where);
                    assertEquals(ref.get("b"), ExactDecimal.toString(q.bidUnscaled(), q.bidScale()), where);
                    assertEquals(ref.get("a"), ExactDecimal.toString(q.askUnscaled(), q.askScale()), where);
                    assertEquals(Double.parseDouble((String) ref.get("b")), q.bid(), where);
                    assertEquals(Double.parseDouble((String) ref.get("a")), q.ask(), where);
                    if (ref.containsKey("B")) {
                        assertEquals(ref.get("B"), ExactDecimal.toString(q.bidQtyUnscaled(), q.bidQtyScale()), where);
                        assertEquals(Double.parseDouble((String) ref.get("A")), q.askQty(), where);
                    }
                    long e = ref.containsKey("E") ? ((Number) ref.get("E")).longValue() : 0;
                    assertEquals(e, q.eventTimeMs(), where);
                    quotes++;
                } else {
                    assertEquals(ParseResult.NON_QUOTE, r, where);
                    others++;
                }
            }
        }
        assertTrue(quotes > 1000, "only " + quotes + " quotes in the corpus");
        assertTrue(others > 5, "only " + others + " control lines in the corpus");
    }

    /** The bookTicker object's scalar fields (inside "data" when wrapped), read with plain Jackson. */
    private static Map<String, Object> reference(String line) throws IOException {
        Map<String, Object> top = new HashMap<>();
        Map<String, Object> data = null;
        try (JsonParser p = REFERENCE.createParser(line)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                if (name.equals("data") && t == JsonToken.START_OBJECT) {
                    data = new HashMap<>();
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String n = p.currentName();
                        data.put(n, scalar(p, p.nextToken()));
                    }
                } else {
                    top.put(name, scalar(p, t));
                }
            }
        }
        return data != null ? data : top;
    }

    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            default -> {
                p.skipChildren();
                yield t.toString();
            }
        };
    }

    private static Path corpus() {
        String prop = System.getProperty("binance.corpus");
        Path p = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath().resolve("../../shared/binance-corpus").normalize();
        return Files.isDirectory(p) ? p : null;
    }
}
