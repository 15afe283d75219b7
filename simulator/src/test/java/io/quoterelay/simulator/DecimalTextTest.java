package io.quoterelay.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DecimalTextTest {
    @Test
    void printsExactlyScaleFractionDigits() {
        assertEquals("25.35190000", DecimalText.toText(2_535_190_000L, 8));
        assertEquals("0.00000162", DecimalText.toText(162, 8));
        assertEquals("0.00000000", DecimalText.toText(0, 8));
        assertEquals("61800.20", DecimalText.toText(6_180_020, 2));
        assertEquals("2.050", DecimalText.toText(2_050, 3));
        assertEquals("0.005", DecimalText.toText(5, 3));
        assertEquals("57663", DecimalText.toText(57_663, 0));
        assertEquals("97000.00000000", DecimalText.toText(9_700_000_000_000L, 8));
    }

    @Test
    void parsesConfigurationValuesIntoUnits() {
        assertEquals(9_700_000_000_000L, DecimalText.parse("97000", 8));
        assertEquals(10, DecimalText.parse("0.1", 2));
        assertThrows(IllegalArgumentException.class, () -> DecimalText.parse("0.001", 2));
        assertThrows(IllegalArgumentException.class, () -> DecimalText.parse("abc", 2));
    }
}
