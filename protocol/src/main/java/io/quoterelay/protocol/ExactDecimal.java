package io.quoterelay.protocol;

import java.math.BigDecimal;

/**
 * Exact decimals as (unscaled long, scale), parsed from and written to ASCII without allocating.
 *
 * <p>Binance sends prices and quantities as decimal strings whose scale depends on the market
 * ("25.35190000" spot, "61800.20" futures, "52" COIN-M contracts). A double alone cannot say
 * which of those the exchange meant, so every quote carries this exact form beside the double.
 * A scale of {@link #ABSENT} marks a value the peer did not send (Python frames have none).
 */
public final class ExactDecimal {
    public static final int ABSENT = -1;
    /** 18 digits always fit in a long; Binance values use at most 17. */
    public static final int MAX_DIGITS = 18;
    private static final double[] POW10 = new double[23];
    private static final long TWO_POW_53 = 1L << 53;

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private ExactDecimal() {
    }

    /** Scale (digits after the point) of a plain non-negative decimal, or throws {@link NumberFormatException}. */
    public static int scale(CharSequence s, int off, int len) {
        validate(s, off, len);
        for (int i = off; i < off + len; i++) {
            if (s.charAt(i) == '.') {
                return off + len - i - 1;
            }
        }
        return 0;
    }

    /** Unscaled value of a plain non-negative decimal ("25.3519" is 253519), or throws {@link NumberFormatException}. */
    public static long unscaled(CharSequence s, int off, int len) {
        validate(s, off, len);
        long v = 0;
        for (int i = off; i < off + len; i++) {
            char c = s.charAt(i);
            if (c != '.') {
                v = v * 10 + (c - '0');
            }
        }
        return v;
    }

    private static void validate(CharSequence s, int off, int len) {
        int digits = 0;
        int points = 0;
        for (int i = off; i < off + len; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                points++;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else {
                throw new NumberFormatException("not a plain decimal: '" + s.subSequence(off, off + len) + "'");
            }
        }
        if (digits == 0 || points > 1 || digits > MAX_DIGITS || s.charAt(off) == '.' || s.charAt(off + len - 1) == '.') {
            throw new NumberFormatException("not a plain decimal of at most " + MAX_DIGITS + " digits: '"
                + s.subSequence(off, off + len) + "'");
        }
    }

    /**
     * The double nearest to unscaled / 10^scale. When both parts are exact in binary (unscaled below
     * 2^53, scale at most 22) one IEEE division rounds once, giving exactly what
     * {@link Double#parseDouble} returns for the text, without building a String.
     */
    public static double toDouble(long unscaled, int scale) {
        if (unscaled < TWO_POW_53 && scale < POW10.length) {
            return unscaled / POW10[scale];
        }
        return new BigDecimal(java.math.BigInteger.valueOf(unscaled), scale).doubleValue();
    }

    public static BigDecimal toBigDecimal(long unscaled, int scale) {
        return scale == ABSENT ? null : BigDecimal.valueOf(unscaled, scale);
    }

    /** Number of ASCII bytes {@link #write} produces. */
    public static int textLength(long unscaled, int scale) {
        int digits = unscaled == 0 ? 1 : (int) Math.floor(Math.log10(unscaled)) + 1;
        int intDigits = Math.max(digits - scale, 1);
        return scale == 0 ? intDigits : intDigits + 1 + scale;
    }

    /** Writes the decimal as plain ASCII ("25.35190000") into {@code dst} at {@code off}; returns the length. */
    public static int write(long unscaled, int scale, byte[] dst, int off) {
        int len = textLength(unscaled, scale);
        int pos = off + len - 1;
        long v = unscaled;
        for (int i = 0; i < scale; i++) {
            dst[pos--] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        if (scale > 0) {
            dst[pos--] = '.';
        }
        do {
            dst[pos--] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (pos >= off);
        return len;
    }

    public static String toString(long unscaled, int scale) {
        if (scale == ABSENT) {
            return null;
        }
        byte[] b = new byte[textLength(unscaled, scale)];
        write(unscaled, scale, b, 0);
        return new String(b, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Parses ASCII bytes, as read off the wire. Byte loops of their own rather than a CharSequence
     * view: the receiver's JFR profile showed the view allocated (24 B, eight per quote), not
     * scalar-replaced, once the decoder ran inside the real pipeline.
     */
    static long unscaled(byte[] b, int off, int len) {
        validate(b, off, len);
        long v = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c != '.') {
                v = v * 10 + (c - '0');
            }
        }
        return v;
    }

    static int scale(byte[] b, int off, int len) {
        validate(b, off, len);
        for (int i = off; i < off + len; i++) {
            if (b[i] == '.') {
                return off + len - i - 1;
            }
        }
        return 0;
    }

    private static void validate(byte[] b, int off, int len) {
        int digits = 0;
        int points = 0;
        for (int i = off; i < off + len; i++) {
            byte c = b[i];
            if (c == '.') {
                points++;
            } else if (c >= '0' && c <= '9') {
                digits++;
            } else {
                throw new NumberFormatException("not a plain decimal: '" + ascii(b, off, len) + "'");
            }
        }
        if (digits == 0 || points > 1 || digits > MAX_DIGITS || b[off] == '.' || b[off + len - 1] == '.') {
            throw new NumberFormatException("not a plain decimal of at most " + MAX_DIGITS + " digits: '"
                + ascii(b, off, len) + "'");
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
