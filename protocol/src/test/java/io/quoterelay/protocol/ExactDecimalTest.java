package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExactDecimalTest {

    @ParameterizedTest
    @ValueSource(strings = {"25.35190000", "0.00000162", "61800.20", "52", "0.0212185", "89879.78000000", "0", "0.0",
        "97234.12", "123456789.12345678", "1000000"})
    void parsesAndWritesBackTheExactText(String text) {
        long unscaled = ExactDecimal.unscaled(text, 0, text.length());
        int scale = ExactDecimal.scale(text, 0, text.length());
        assertEquals(new BigDecimal(text), BigDecimal.valueOf(unscaled, scale));
        assertEquals(text, ExactDecimal.toString(unscaled, scale));
        assertEquals(Double.parseDouble(text), ExactDecimal.toDouble(unscaled, scale), "same double as parseDouble");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "1.", ".5", "-1", "1e5", "NaN", "1.2.3", "12345678901234567890", " 1"})
    void rejectsWhatIsNotAPlainDecimal(String text) {
        assertThrows(NumberFormatException.class, () -> ExactDecimal.unscaled(text, 0, text.length()));
    }
}
