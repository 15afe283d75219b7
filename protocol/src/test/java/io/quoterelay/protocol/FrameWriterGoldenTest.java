package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quoterelay.protocol.netty.FrameEncoder;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whatever the writer encodes into, the bytes are those msgpack-java's packer wrote before. */
class FrameWriterGoldenTest {
    private final FrameWriter writer = new FrameWriter();

    @Test
    void quotesIntoTheWritersArrayAreTheBytesWrittenBefore() {
        List<QuoteFrame> quotes = WrittenFrameFixtures.quotes();
        for (int i = 0; i < quotes.size(); i++) {
            int len = writer.encodeQuote(quotes.get(i));
            assertEquals(WrittenFrameFixtures.QUOTE_FRAMES.get(i), HexFormat.of().formatHex(writer.buffer(), 0, len),
                quotes.get(i).toString());
        }
    }

    @Test
    void controlFramesIntoTheWritersArrayAreTheBytesWrittenBefore() {
        List<ControlFrame> controls = WrittenFrameFixtures.controls();
        for (int i = 0; i < controls.size(); i++) {
            int len = writer.encodeControl(controls.get(i));
            assertEquals(WrittenFrameFixtures.CONTROL_FRAMES.get(i), HexFormat.of().formatHex(writer.buffer(), 0, len),
                controls.get(i).toString());
        }
    }

    @Test
    void framesEncodedStraightIntoTheOutboundBufferAreTheBytesWrittenBefore() {
        EmbeddedChannel channel = new EmbeddedChannel(new FrameEncoder(FrameFormat.DEFAULT_MAX_FRAME_BYTES));
        for (QuoteFrame q : WrittenFrameFixtures.quotes()) {
            channel.writeOutbound(q);
        }
        for (ControlFrame c : WrittenFrameFixtures.controls()) {
            channel.writeOutbound(c);
        }
        for (String expected : WrittenFrameFixtures.QUOTE_FRAMES) {
            assertEquals(expected, hexOf(channel.readOutbound()));
        }
        for (String expected : WrittenFrameFixtures.CONTROL_FRAMES) {
            assertEquals(expected, hexOf(channel.readOutbound()));
        }
        assertNull(channel.readOutbound(), "nothing more was written");
        channel.finishAndReleaseAll();
    }

    @Test
    void framesAppendedAfterOtherBytesCarryTheirOwnLength() {
        ArrayFrameSink sink = new ArrayFrameSink(8);
        sink.writeBytes(new byte[] {1, 2, 3}, 0, 3);
        int first = writer.encodeQuote(WrittenFrameFixtures.quotes().get(0), sink);
        int second = writer.encodeControl(WrittenFrameFixtures.controls().get(0), sink);
        String hex = HexFormat.of().formatHex(sink.toByteArray());
        assertEquals("010203" + WrittenFrameFixtures.QUOTE_FRAMES.get(0) + WrittenFrameFixtures.CONTROL_FRAMES.get(0), hex);
        assertEquals(3 + first + second, sink.writerIndex());
    }

    private static String hexOf(ByteBuf frame) {
        try {
            return ByteBufUtil.hexDump(frame);
        } finally {
            frame.release();
        }
    }
}
