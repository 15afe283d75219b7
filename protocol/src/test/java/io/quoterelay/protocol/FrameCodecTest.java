package io.quoterelay.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

class FrameCodecTest {
    private final FrameWriter writer = new FrameWriter();
    private final FrameReader reader = new FrameReader();

    private static QuoteFrame fullQuote() {
        return new QuoteFrame().seq(42).sendTimeNs(1_732_300_000_123_456_789L).symbol("BTCUSDT")
            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8)
            .exactQuantities(493_986_000L, 8, 211_027_000L, 8)
            .updateId(85_592_068_563L).eventTimeMs(1_732_300_000_120L).transactionTimeMs(1_732_300_000_119L)
            .senderReceiveTimeNs(1_732_300_000_123_400_000L);
    }

    private FrameReader.Kind decode(byte[] frame, int len, QuoteFrame into) {
        int body = ByteBuffer.wrap(frame).getInt();
        assertEquals(len - 4, body, "length prefix counts the body only");
        return reader.read(frame, 4, body, into);
    }

    @Test
    void decodesFramesExactlyAsThePythonSenderWritesThem() {
        QuoteFrame q = new QuoteFrame();
        assertEquals(FrameReader.Kind.QUOTE, decode(PythonFrameFixtures.BTC_SEQ_1, PythonFrameFixtures.BTC_SEQ_1.length, q));
        assertEquals(1, q.seq());
        assertEquals(1_732_300_000_123_456_789L, q.sendTimeNs());
        assertEquals("BTCUSDT", q.symbol());
        assertEquals(97234.12, q.bid());
        assertEquals(97234.13, q.ask());
        assertEquals(97234.125, q.mid());
        assertEquals(0, q.binanceTsMs());
        assertEquals(ExactDecimal.ABSENT, q.bidScale(), "Python frames carry no exact prices");
        assertTrue(Double.isNaN(q.bidQty()));
        assertEquals(-1, q.updateId());

        byte[] eth = PythonFrameFixtures.ETH_SEQ_2_POW_32;
        assertEquals(FrameReader.Kind.QUOTE, decode(eth, eth.length, q));
        assertEquals(1L << 32, q.seq());
        assertEquals("ETHUSDT", q.symbol());
        assertEquals(1_732_300_000_999L, q.binanceTsMs());
    }

    @Test
    void quoteFrameIsASupersetOfThePythonMap() throws IOException {
        int len = writer.encodeQuote(fullQuote());
        Map<String, Value> map = asMap(Arrays.copyOfRange(writer.buffer(), 4, len));
        assertEquals(1_732_300_000_120L, map.get("binance_ts").asIntegerValue().asLong());
        assertEquals(42, map.get("seq").asIntegerValue().asLong());
        assertEquals("BTCUSDT", map.get("symbol").asStringValue().asString());
        assertTrue(map.get("mid").isFloatValue());
        assertEquals("97234.12000000", map.get("bid_exact").asStringValue().asString());
        assertEquals("2.11027000", map.get("ask_qty_exact").asStringValue().asString());
        assertEquals(85_592_068_563L, map.get("u").asIntegerValue().asLong());
        assertFalse(map.containsKey("type"), "quotes never carry type");
        assertFalse(map.containsKey("snapshot"), "flags are omitted when false");
    }

    @Test
    void quoteRoundTripsEveryField() {
        QuoteFrame sent = fullQuote().snapshot(true).repeat(true);
        int len = writer.encodeQuote(sent);
        QuoteFrame got = new QuoteFrame();
        assertEquals(FrameReader.Kind.QUOTE, decode(writer.buffer(), len, got));
        assertEquals(sent.toString(), got.toString());
        assertEquals(sent.bidUnscaled(), got.bidUnscaled());
        assertEquals(sent.bidScale(), got.bidScale());
        assertEquals(sent.askQtyUnscaled(), got.askQtyUnscaled());
        assertEquals(sent.askQtyScale(), got.askQtyScale());
        assertEquals(sent.senderReceiveTimeNs(), got.senderReceiveTimeNs());
        assertEquals(sent.mid(), got.mid());
    }

    @Test
    void symbolStringsAreSharedAcrossDecodes() {
        QuoteFrame a = new QuoteFrame();
        int len = writer.encodeQuote(fullQuote());
        decode(writer.buffer(), len, a);
        String first = a.symbol();
        decode(writer.buffer(), len, a);
        assertSame(first, a.symbol());
    }

    @Test
    void controlFramesRoundTripAndNeverCarryTs() throws IOException {
        ControlFrame[] frames = {
            new ControlFrame.Hello(ControlFrame.Role.SENDER, 0x1234_5678_9abcL, 1, 17),
            new ControlFrame.Heartbeat(5),
            new ControlFrame.ClockPing(11),
            new ControlFrame.ClockPong(11, 12, 13),
            new ControlFrame.SessionReport(100, 7, 2, 93),
            new ControlFrame.Unknown("future_thing"),
        };
        for (ControlFrame f : frames) {
            int len = writer.encodeControl(f);
            assertFalse(asMap(Arrays.copyOfRange(writer.buffer(), 4, len)).containsKey("ts"), f.toString());
            assertEquals(FrameReader.Kind.CONTROL, decode(writer.buffer(), len, new QuoteFrame()));
            assertEquals(f, reader.control());
        }
    }

    @Test
    void ignoresUnknownKeysOfAnyShape() throws IOException {
        byte[] body = pack(p -> {
            p.packMapHeader(9);
            p.packString("future").packMapHeader(1).packString("nested").packArrayHeader(2).packInt(1).packNil();
            p.packString("seq").packLong(3);
            p.packString("ts").packLong(9);
            p.packString("symbol").packString("ETHUSDT");
            p.packString("bid").packDouble(1.5);
            p.packString("ask").packDouble(2.5);
            p.packString("a_key_longer_than_sixteen_bytes").packString("x");
            p.packInt(7).packInt(8);
            p.packString("mid").packDouble(2.0);
        });
        QuoteFrame q = new QuoteFrame();
        assertEquals(FrameReader.Kind.QUOTE, reader.read(body, 0, body.length, q));
        assertEquals(3, q.seq());
        assertEquals(2.0, q.mid());
    }

    @Test
    void mapWithoutTsOrTypeIsIgnoredNotRejected() throws IOException {
        byte[] body = pack(p -> p.packMapHeader(1).packString("hello").packString("world"));
        assertEquals(FrameReader.Kind.IGNORED, reader.read(body, 0, body.length, new QuoteFrame()));
    }

    @Test
    void rejectsMalformedBodiesWithAReason() throws IOException {
        assertMalformed(new byte[0], "empty");
        assertMalformed(new byte[] {(byte) 0xc1}, "MessagePack");
        assertMalformed(pack(p -> p.packArrayHeader(1).packInt(1)), "not a MessagePack map");
        assertMalformed(pack(p -> p.packMapHeader(2).packString("ts").packLong(1).packString("seq").packString("1")),
            "'seq' must be an integer");
        assertMalformed(pack(p -> p.packMapHeader(1).packString("ts").packLong(1)), "lacks the key 'seq'");
        assertMalformed(pack(p -> p.packMapHeader(3).packString("ts").packLong(1)), "MessagePack");
        byte[] valid = Arrays.copyOfRange(PythonFrameFixtures.BTC_SEQ_1, 4, PythonFrameFixtures.BTC_SEQ_1.length);
        assertMalformed(Arrays.copyOf(valid, valid.length - 3), "MessagePack");
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        assertMalformed(trailing, "trailing");
        assertMalformed(pack(p -> p.packMapHeader(5).packString("ts").packLong(1).packString("seq").packLong(1)
            .packString("symbol").packString("X").packString("bid").packDouble(1).packString("bid_exact").packString("1e5")),
            "plain decimal");
        assertMalformed(pack(p -> p.packMapHeader(1).packString("symbol").packString("x".repeat(1_000))), "more than");
        assertMalformed(pack(p -> p.packMapHeader(3).packString("type").packString("hello").packString("role")
            .packString("sender").packString("session").packLong(1)), "lacks the key 'version'");
    }

    @Test
    void refusesToEncodeAFrameAboveTheMaximum() {
        FrameWriter small = new FrameWriter(64);
        assertThrows(IllegalArgumentException.class, () -> small.encodeQuote(fullQuote()));
    }

    @Test
    void writerOutputDecodesWithThePlainMsgpackLibrary() throws IOException {
        // msgpack-core as an independent reference: our frame is one map and nothing else.
        int len = writer.encodeQuote(fullQuote());
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(writer.buffer(), 4, len - 4)) {
            assertTrue(u.unpackValue().isMapValue());
            assertFalse(u.hasNext());
        }
    }

    private void assertMalformed(byte[] body, String reasonFragment) {
        MalformedFrameException e = assertThrows(MalformedFrameException.class,
            () -> reader.read(body, 0, body.length, new QuoteFrame()));
        assertTrue(e.getMessage().contains(reasonFragment), () -> "'" + e.getMessage() + "' should mention '" + reasonFragment + "'");
    }

    interface PackAction {
        void run(MessageBufferPacker p) throws IOException;
    }

    static byte[] pack(PackAction action) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            action.run(p);
            return p.toByteArray();
        }
    }

    static Map<String, Value> asMap(byte[] body) throws IOException {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(body)) {
            Map<String, Value> m = new HashMap<>();
            u.unpackValue().asMapValue().map().forEach((k, v) -> m.put(k.asStringValue().asString(), v));
            return m;
        }
    }

    @Test
    void frameFromPythonFixtureHelperMatchesThePinnedBytes() {
        byte[] built = PythonFrameFixtures.pythonFrame(1, 1_732_300_000_123_456_789L, "BTCUSDT", 97234.12, 97234.13, 0);
        assertArrayEquals(PythonFrameFixtures.BTC_SEQ_1, built);
        assertInstanceOf(byte[].class, built);
    }
}
