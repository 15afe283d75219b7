package io.quoterelay.protocol.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The framing reuses one buffer per connection for frame bodies; frames must still arrive whole and in order. */
class FramingTest {

    @Test
    void manyFramesInOneReadAndOneFrameSplitAcrossReadsEachDecodeIntact() {
        List<String> seen = new ArrayList<>();
        EmbeddedChannel ch = new EmbeddedChannel();
        Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                QuoteFrame q = (QuoteFrame) msg;
                seen.add(q.seq() + q.symbol());
            }
        });
        FrameWriter writer = new FrameWriter();
        ByteBuf all = Unpooled.buffer();
        String[] symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT", "A", "LONGERSYMBOLUSDT"};
        for (int i = 0; i < symbols.length; i++) {
            int len = writer.encodeQuote(new QuoteFrame().seq(i + 1).sendTimeNs(7).symbol(symbols[i]).exactPrices(100, 2, 101, 2));
            all.writeBytes(writer.buffer(), 0, len);
        }
        // Three frames and a half in one read, the rest in another.
        int firstRead = all.readableBytes() - 30;
        ch.writeInbound(all.readRetainedSlice(firstRead));
        ch.writeInbound(all.readRetainedSlice(all.readableBytes()));
        all.release();
        assertEquals(List.of("1BTCUSDT", "2ETHUSDT", "3SOLUSDT", "4A", "5LONGERSYMBOLUSDT"), seen);
        assertFalse(ch.finish());
    }
}
