package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.msgpack.core.buffer.MessageBuffer;

/** The reused wrapper always shows exactly the frame given, whatever array, offset or length came before. */
class ReusableArrayInputTest {
    private final ReusableArrayInput input = new ReusableArrayInput();

    private static byte[] bytesOf(MessageBuffer b) {
        byte[] out = new byte[b.size()];
        b.getBytes(0, out, 0, out.length);
        return out;
    }

    @Test
    void sameArrayOffsetAndLengthReuseTheWrapperAndSeeNewContent() {
        byte[] scratch = {1, 2, 3, 4, 5};
        input.reset(scratch, 0, 3);
        MessageBuffer first = input.next();
        assertNull(input.next(), "one buffer per frame");
        scratch[0] = 9;
        input.reset(scratch, 0, 3);
        MessageBuffer second = input.next();
        assertSame(first, second);
        assertEquals("[9, 2, 3]", Arrays.toString(bytesOf(second)));
    }

    @Test
    void anotherArrayOrOffsetGetsItsOwnView() {
        byte[] a = {1, 2, 3, 4};
        byte[] b = {5, 6, 7, 8};
        input.reset(a, 0, 2);
        assertEquals("[1, 2]", Arrays.toString(bytesOf(input.next())));
        input.reset(b, 0, 2);
        assertEquals("[5, 6]", Arrays.toString(bytesOf(input.next())));
        input.reset(b, 2, 2);
        assertEquals("[7, 8]", Arrays.toString(bytesOf(input.next())));
        input.reset(a, 1, 3);
        assertEquals("[2, 3, 4]", Arrays.toString(bytesOf(input.next())));
    }

    @Test
    void framesDecodeCorrectlyThroughOneReaderInAnyOrder() {
        FrameWriter writer = new FrameWriter();
        FrameReader reader = new FrameReader();
        QuoteFrame out = new QuoteFrame();
        byte[] scratch = new byte[1024];
        for (long seq = 1; seq <= 3; seq++) {
            QuoteFrame q = new QuoteFrame().seq(seq).sendTimeNs(seq).symbol(seq == 2 ? "ETHUSDT" : "BTCUSDT")
                .exactPrices(100 + seq, 2, 101 + seq, 2);
            int len = writer.encodeQuote(q);
            System.arraycopy(writer.buffer(), FrameFormat.LENGTH_FIELD_BYTES, scratch, 0, len - FrameFormat.LENGTH_FIELD_BYTES);
            assertEquals(FrameReader.Kind.QUOTE, reader.read(scratch, 0, len - FrameFormat.LENGTH_FIELD_BYTES, out));
            assertEquals(seq, out.seq());
            assertEquals(seq == 2 ? "ETHUSDT" : "BTCUSDT", out.symbol());
        }
    }
}
