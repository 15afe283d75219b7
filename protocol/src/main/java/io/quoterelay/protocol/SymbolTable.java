package io.quoterelay.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Maps a symbol's UTF-8 bytes to one shared String, so decoding a quote does not allocate a new
 * String for a symbol it has seen. Bounded: once full, unseen symbols are decoded afresh each
 * time (correct, merely slower), so a hostile peer cannot grow it.
 */
final class SymbolTable {
    private static final int SLOTS = 2048;
    private static final int MAX_ENTRIES = SLOTS / 2;

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private int entries;

    String lookup(byte[] buf, int len) {
        int h = hash(buf, len);
        for (int probe = 0; probe < SLOTS; probe++) {
            int slot = (h + probe) & (SLOTS - 1);
            byte[] k = keys[slot];
            if (k == null) {
                String s = new String(buf, 0, len, StandardCharsets.UTF_8);
                if (entries < MAX_ENTRIES) {
                    keys[slot] = java.util.Arrays.copyOf(buf, len);
                    values[slot] = s;
                    entries++;
                }
                return s;
            }
            if (java.util.Arrays.equals(k, 0, k.length, buf, 0, len)) {
                return values[slot];
            }
        }
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    private static int hash(byte[] buf, int len) {
        int h = 0x811c9dc5;
        for (int i = 0; i < len; i++) {
            h = (h ^ buf[i]) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }
}
