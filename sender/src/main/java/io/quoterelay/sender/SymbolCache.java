package io.quoterelay.sender;

import java.util.Arrays;

/**
 * Maps a symbol's characters to one shared String, so a quote for a symbol seen before costs no
 * String. Bounded: once full, unseen symbols get a fresh String each time (correct, just slower),
 * so a hostile stream cannot grow it.
 */
final class SymbolCache {
    private static final int SLOTS = 1024;
    private static final int MAX_ENTRIES = SLOTS / 2;

    private final char[][] keys = new char[SLOTS][];
    private final String[] values = new String[SLOTS];
    private int entries;

    String lookup(char[] buf, int off, int len) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            h = (h ^ buf[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        for (int probe = 0; probe < SLOTS; probe++) {
            int slot = (h + probe) & (SLOTS - 1);
            char[] k = keys[slot];
            if (k == null) {
                String s = new String(buf, off, len);
                if (entries < MAX_ENTRIES) {
                    keys[slot] = Arrays.copyOfRange(buf, off, off + len);
                    values[slot] = s;
                    entries++;
                }
                return s;
            }
            if (Arrays.equals(k, 0, k.length, buf, off, off + len)) {
                return values[slot];
            }
        }
        return new String(buf, off, len);
    }
}
