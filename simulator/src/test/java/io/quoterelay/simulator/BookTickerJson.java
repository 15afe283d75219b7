package io.quoterelay.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-side reading of a bookTicker message with jackson-core, keeping key order and value types:
 * strings keep their quotes-free text, numbers their literal text prefixed by '#'.
 */
final class BookTickerJson {
    private static final JsonFactory JSON = new JsonFactory();

    final String stream;
    final LinkedHashMap<String, String> data = new LinkedHashMap<>();

    private BookTickerJson(String stream) {
        this.stream = stream;
    }

    List<String> keys() {
        return new ArrayList<>(data.keySet());
    }

    long number(String key) {
        String v = data.get(key);
        if (v == null || !v.startsWith("#")) {
            throw new AssertionError(key + " is not a JSON number: " + v);
        }
        return Long.parseLong(v.substring(1));
    }

    String string(String key) {
        String v = data.get(key);
        if (v == null || v.startsWith("#")) {
            throw new AssertionError(key + " is not a JSON string: " + v);
        }
        return v;
    }

    /** Wrapped: exactly {"stream":...,"data":{...}}. */
    static BookTickerJson combined(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, text);
            expect(p.nextToken(), JsonToken.FIELD_NAME, text);
            assertName(p, "stream", text);
            expect(p.nextToken(), JsonToken.VALUE_STRING, text);
            BookTickerJson out = new BookTickerJson(p.getText());
            expect(p.nextToken(), JsonToken.FIELD_NAME, text);
            assertName(p, "data", text);
            readObject(p, out.data, text);
            expect(p.nextToken(), JsonToken.END_OBJECT, text);
            if (p.nextToken() != null) {
                throw new AssertionError("trailing content: " + text);
            }
            return out;
        }
    }

    static BookTickerJson raw(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            BookTickerJson out = new BookTickerJson(null);
            readObject(p, out.data, text);
            if (p.nextToken() != null) {
                throw new AssertionError("trailing content: " + text);
            }
            return out;
        }
    }

    private static void readObject(JsonParser p, Map<String, String> out, String text) throws IOException {
        expect(p.nextToken(), JsonToken.START_OBJECT, text);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            expect(t, JsonToken.FIELD_NAME, text);
            String name = p.currentName();
            JsonToken v = p.nextToken();
            if (v == JsonToken.VALUE_STRING) {
                out.put(name, p.getText());
            } else if (v == JsonToken.VALUE_NUMBER_INT) {
                out.put(name, "#" + p.getText());
            } else {
                throw new AssertionError("unexpected " + v + " for " + name + " in " + text);
            }
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String text) {
        if (actual != expected) {
            throw new AssertionError("expected " + expected + " but got " + actual + " in " + text);
        }
    }

    private static void assertName(JsonParser p, String name, String text) throws IOException {
        if (!name.equals(p.currentName())) {
            throw new AssertionError("expected key " + name + " but got " + p.currentName() + " in " + text);
        }
    }
}
