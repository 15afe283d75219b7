package io.quoterelay.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A capture to replay verbatim: one server message per line ({@code *.jsonl}), and optionally a
 * sidecar with each line's receive time in ns ({@code *.recv_ns.txt}). Only the sidecar's gaps are
 * used (the recorder's clock was off by over a second), scaled by {@code 1/speed}. Everything is
 * read and parsed up front so the replay thread only paces and sends.
 */
final class ReplaySource {
    private static final JsonFactory JSON = new JsonFactory();

    final Path file;
    final String[] lines;
    /** Offset of each line from the first, in ns already divided by speed; null: pace by the rate. */
    final long[] offsetNanos;
    /** Parsed bookTicker fields per line, for listeners; null where the line is no bookTicker event. */
    final SentQuote[] quotes;

    private ReplaySource(Path file, String[] lines, long[] offsetNanos, SentQuote[] quotes) {
        this.file = file;
        this.lines = lines;
        this.offsetNanos = offsetNanos;
        this.quotes = quotes;
    }

    static ReplaySource load(Path file, Optional<Path> recvNsFile, double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("replay speed must be a positive number, was " + speed);
        }
        List<String> lines = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read replay file " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("replay file " + file + " holds no messages");
        }
        long[] offsets = null;
        if (recvNsFile.isPresent()) {
            offsets = readOffsets(recvNsFile.get(), lines.size(), speed);
        }
        SentQuote[] quotes = new SentQuote[lines.size()];
        for (int i = 0; i < quotes.length; i++) {
            quotes[i] = describe(lines.get(i));
        }
        return new ReplaySource(file, lines.toArray(new String[0]), offsets, quotes);
    }

    private static long[] readOffsets(Path recvNsFile, int count, double speed) {
        List<String> times;
        try {
            times = Files.readAllLines(recvNsFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read receive-time sidecar " + recvNsFile, e);
        }
        if (times.size() < count) {
            throw new IllegalArgumentException("receive-time sidecar " + recvNsFile + " has " + times.size()
                + " lines but the replay file has " + count + "; they must pair line by line");
        }
        long[] offsets = new long[count];
        long first = Long.parseLong(times.get(0).trim());
        long previous = 0;
        for (int i = 0; i < count; i++) {
            long offset = (long) ((Long.parseLong(times.get(i).trim()) - first) / speed);
            // A recorder's clock can step backwards; never schedule a line before its predecessor.
            previous = Math.max(previous, offset);
            offsets[i] = previous;
        }
        return offsets;
    }

    /** Reads u,s,b,B,a,A,E,T from a combined or raw bookTicker line; null for anything else. */
    static SentQuote describe(String line) {
        String symbol = null;
        String bid = null;
        String bidQty = null;
        String ask = null;
        String askQty = null;
        long updateId = -1;
        long eventTime = -1;
        long transactionTime = -1;
        String raw = line;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            int dataStart = line.indexOf("\"data\":");
            if (dataStart >= 0 && line.startsWith("{\"stream\":")) {
                raw = line.substring(dataStart + "\"data\":".length(), line.length() - 1);
            }
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t.isScalarValue() && depth <= 1) {
                    String name = p.currentName();
                    switch (name == null ? "" : name) {
                        case "u": updateId = p.getValueAsLong(-1); break;
                        case "s": symbol = p.getText(); break;
                        case "b": bid = p.getText(); break;
                        case "B": bidQty = p.getText(); break;
                        case "a": ask = p.getText(); break;
                        case "A": askQty = p.getText(); break;
                        case "E": eventTime = p.getValueAsLong(-1); break;
                        case "T": transactionTime = p.getValueAsLong(-1); break;
                        default: break;
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (symbol == null || bid == null || ask == null || updateId < 0) {
            return null;
        }
        return new SentQuote(0, symbol, updateId, bid, bidQty, ask, askQty, eventTime, transactionTime,
            line, raw, 0, 0);
    }
}
