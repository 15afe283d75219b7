package io.quoterelay.bench.real;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A capture with receive times ({@code X.jsonl} + {@code X.recv_ns.txt}, paired line by line),
 * checked once and written out clean, so that every peer replays exactly the same messages at the
 * same pace: the simulator (for the Python pair and this product) and {@code relay2hop} (the
 * floor, which would silently stop at the first unreadable time). A pair is malformed when its
 * time is not a whole number of ns or its line is not one JSON object with a numeric {@code u}
 * (nothing the emitter can stamp); malformed pairs are counted and skipped, never fatal.
 *
 * @param name       short name for tables, e.g. {@code spot-btcusdt}
 * @param lines      the kept capture lines
 * @param offsetsNs  each kept line's receive time minus the first kept line's (never negative or decreasing)
 * @param malformed  pairs skipped, with the first few reasons
 */
record PacedCapture(String name, List<String> lines, long[] offsetsNs, int malformed, List<String> reasons) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int MAX_REASONS = 5;

    int size() {
        return lines.size();
    }

    long durationNs() {
        return offsetsNs.length == 0 ? 0 : offsetsNs[offsetsNs.length - 1];
    }

    /**
     * Reads the pair, keeping at most {@code limit} good lines (0: all). Throws only when a file
     * cannot be read or nothing usable remains.
     */
    static PacedCapture load(String name, Path jsonl, Path recvNs, int limit) throws IOException {
        List<String> capture = Files.readAllLines(jsonl, StandardCharsets.UTF_8);
        List<String> times = Files.readAllLines(recvNs, StandardCharsets.UTF_8);
        List<String> kept = new ArrayList<>();
        List<Long> keptTimes = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        int malformed = 0;
        int pairs = Math.max(capture.size(), times.size());
        for (int i = 0; i < pairs && (limit == 0 || kept.size() < limit); i++) {
            String line = i < capture.size() ? capture.get(i) : null;
            String time = i < times.size() ? times.get(i).trim() : null;
            if (line != null && line.isBlank() && (time == null || time.isEmpty())) {
                continue;
            }
            String why = line == null ? "no capture line for this receive time"
                : time == null ? "no receive time for this line" : problem(line, time);
            if (why != null) {
                malformed++;
                if (reasons.size() < MAX_REASONS) {
                    reasons.add("line " + (i + 1) + ": " + why);
                }
                continue;
            }
            kept.add(line);
            keptTimes.add(Long.parseLong(time));
        }
        if (kept.isEmpty()) {
            throw new IOException(jsonl + " with " + recvNs + ": no usable line (" + malformed + " malformed, e.g. "
                + reasons + ")");
        }
        long[] offsets = new long[kept.size()];
        long first = keptTimes.get(0);
        for (int i = 0; i < offsets.length; i++) {
            // A recorder's clock can step back: never schedule a line before its predecessor (as the simulator does).
            offsets[i] = Math.max(i == 0 ? 0 : offsets[i - 1], keptTimes.get(i) - first);
        }
        return new PacedCapture(name, List.copyOf(kept), offsets, malformed, List.copyOf(reasons));
    }

    /** Why this pair cannot be replayed, or null. */
    static String problem(String line, String time) {
        try {
            Long.parseLong(time);
        } catch (NumberFormatException e) {
            return "receive time '" + abbreviate(time) + "' is not a whole number of ns";
        }
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return "not a JSON object";
            }
            boolean numericU = false;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_NUMBER_INT && "u".equals(p.currentName())) {
                    numericU = true;
                }
            }
            return numericU ? null : "no numeric u (not a bookTicker update)";
        } catch (IOException e) {
            return "not valid JSON (" + abbreviate(e.getMessage().split("\n")[0]) + ")";
        }
    }

    /** Writes the kept lines and their receive times (as offsets from 0) for the simulator and relay2hop. */
    void write(Path jsonl, Path recvNs) throws IOException {
        Files.write(jsonl, lines, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(offsetsNs.length * 12);
        for (long o : offsetsNs) {
            b.append(o).append('\n');
        }
        Files.writeString(recvNs, b);
    }

    /** Messages due in [fromNs, toNs) after the first. */
    int dueBetween(long fromNs, long toNs) {
        int n = 0;
        for (long o : offsetsNs) {
            if (o >= fromNs && o < toNs) {
                n++;
            }
        }
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
