package io.quoterelay.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.protocol.PythonFrameFixtures;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Blackhole;

/** Each benchmark does what its name says, once; JMH itself never runs in the build. */
class CodecBenchmarkTest {
    private static final Blackhole BLACKHOLE =
        new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    @Test
    void pythonFrameIsTheProtocolModulesFixture() {
        assertArrayEquals(PythonFrameFixtures.BTC_SEQ_1, CodecBenchmark.PYTHON_FRAME);
    }

    @Test
    void benchmarksEncodeAndDecodeTheSampleQuote() {
        CodecBenchmark b = new CodecBenchmark();
        b.setUp();
        int len = b.encodeQuote();
        // The benchmark's seq counts from 1, which MessagePack packs shorter than the sample's.
        assertTrue(len > 200 && len <= b.quoteFrame().length, "frame of " + len + " bytes");

        b.decodeQuote(BLACKHOLE);
        assertEquals("BTCUSDT", b.decoded().symbol());
        assertEquals(97234.12, b.decoded().bid());
        assertEquals(400_900_217L, b.decoded().updateId());

        b.decodePythonFrame(BLACKHOLE);
        assertEquals(1, b.decoded().seq());
        assertEquals(97234.13, b.decoded().ask());
    }
}
