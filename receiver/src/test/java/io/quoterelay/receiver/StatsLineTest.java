package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatsLineTest {
    @Test
    void midPricesPrintAsTheDecimalsTheyAreNotAsBinaryNoise() {
        assertEquals("97000.175", StatsLine.price((97000.17 + 97000.18) / 2));
        assertEquals("3499.845", StatsLine.price((3499.84 + 3499.85) / 2));
        assertEquals("0.000012345", StatsLine.price((0.00001234 + 0.00001235) / 2));
        assertEquals("100", StatsLine.price(100.0));
        assertEquals("NaN", StatsLine.price(Double.NaN));
    }
}
