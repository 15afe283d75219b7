package io.quoterelay.simulator;

import java.math.BigDecimal;

/**
 * Fixed-point decimals as Binance writes them: a scaled {@code long} printed with exactly
 * {@code scale} fraction digits ("0.00000162", "61800.20"), never exponent notation, never a float
 * round trip. Appends to a caller's reused {@link StringBuilder}: no allocation.
 */
final class DecimalText {
    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
    }

    private DecimalText() {
    }

    static long pow10(int scale) {
        return POW10[scale];
    }

    /** Appends {@code units / 10^scale} with exactly {@code scale} fraction digits; {@code units >= 0}. */
    static void append(StringBuilder sb, long units, int scale) {
        if (units < 0) {
            throw new IllegalArgumentException("negative decimal " + units);
        }
        if (scale == 0) {
            sb.append(units);
            return;
        }
        long pow = POW10[scale];
        long fraction = units % pow;
        sb.append(units / pow).append('.');
        for (long p = pow / 10; p > 1 && p > fraction; p /= 10) {
            sb.append('0');
        }
        sb.append(fraction);
    }

    static String toText(long units, int scale) {
        StringBuilder sb = new StringBuilder(24);
        append(sb, units, scale);
        return sb.toString();
    }

    /** Configuration-time parse ("97000", "0.1") into units of {@code 10^-scale}; rejects finer values. */
    static long parse(String text, int scale) {
        try {
            return new BigDecimal(text).movePointRight(scale).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(
                "'" + text + "' is not a decimal with at most " + scale + " fraction digits", e);
        }
    }
}
