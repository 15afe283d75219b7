package io.quoterelay.bench.floor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameReader;
import io.quoterelay.protocol.QuoteFrame;
import org.junit.jupiter.api.Test;

class PingFrameTest {
    @Test
    void pingIsARelayHeartbeatWithA64ByteBody() {
        for (long sentNs : new long[] {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, 123_456_789_012_345L}) {
            byte[] frame = PingFrame.bytes(sentNs);
            assertEquals(68, frame.length);
            assertEquals(64, ((frame[0] & 0xff) << 24) | ((frame[1] & 0xff) << 16) | ((frame[2] & 0xff) << 8) | (frame[3] & 0xff));
            FrameReader reader = new FrameReader();
            assertEquals(FrameReader.Kind.CONTROL, reader.read(frame, 4, 64, new QuoteFrame()));
            assertEquals(new ControlFrame.Heartbeat(sentNs), reader.control());
        }
    }

    @Test
    void nettyBufferHoldsTheSameBytes() {
        ByteBuf buf = PingFrame.allocate(UnpooledByteBufAllocator.DEFAULT, 42);
        try {
            assertArrayEquals(PingFrame.bytes(42), ByteBufUtil.getBytes(buf));
        } finally {
            buf.release();
        }
    }
}
