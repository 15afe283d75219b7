package io.quoterelay.protocol;

import java.util.HexFormat;
import java.util.List;

/**
 * Frames as {@link FrameWriter} wrote them when it packed with msgpack-java's
 * {@code MessagePacker} into an array of its own (before it encoded straight into a
 * {@link FrameSink}), pinned as bytes: whatever the writer encodes into, these quotes and control
 * frames must come out exactly so. The values cover every MessagePack format the writer picks
 * (fixint to uint64, fixstr and str8, fixmap and map16 sizes of a quote, both booleans).
 * Shared with other modules' tests through the test-jar.
 */
public final class WrittenFrameFixtures {

    private WrittenFrameFixtures() {
    }

    /** {@return fresh quotes, in the order of {@link #QUOTE_FRAMES}} */
    public static List<QuoteFrame> quotes() {
        return List.of(
            // A spot quote as the sender builds it: Python's keys, quantities, exact decimals, u, receive time.
            new QuoteFrame().seq(42).sendTimeNs(1_732_300_000_123_456_789L).symbol("BTCUSDT")
                .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8)
                .exactQuantities(493_986_000L, 8, 211_027_000L, 8)
                .updateId(85_592_068_563L).senderReceiveTimeNs(1_732_300_000_123_400_000L),
            // The Python version's seven keys only.
            new QuoteFrame().seq(1).sendTimeNs(1_732_300_000_123_456_789L).symbol("ETHUSDT")
                .bid(3500.25).ask(3500.75).mid(3500.5),
            // A USD-M quote in a snapshot, repeated: exchange times, both flags, every extension (a map16).
            new QuoteFrame().seq(1L << 32).sendTimeNs(65_536).symbol("BTCUSDT")
                .exactPrices(97_234_1L, 1, 97_234_2L, 1).exactQuantities(12L, 0, 999_999_999_999_999_999L, 3)
                .updateId(Long.MAX_VALUE).eventTimeMs(1_732_300_000_999L).transactionTimeMs(1_732_300_000_998L)
                .senderReceiveTimeNs(4_294_967_295L).snapshot(true).repeat(true),
            // Boundaries of the integer formats; a symbol long enough for str8; one quantity only.
            new QuoteFrame().seq(127).sendTimeNs(128).symbol("1000SHIBUSDT_PERP_WITH_A_LONGER_NAME")
                .bid(0.0000123).ask(-0.0).mid(Double.MIN_VALUE).askQty(1e300).updateId(255).eventTimeMs(256),
            new QuoteFrame().seq(65_535).sendTimeNs(Long.MAX_VALUE).symbol("X")
                .bid(Double.POSITIVE_INFINITY).ask(Double.MAX_VALUE).updateId(0).transactionTimeMs(-1)
                .senderReceiveTimeNs(-33));
    }

    /** {@return control frames of every type, in the order of {@link #CONTROL_FRAMES}} */
    public static List<ControlFrame> controls() {
        return List.of(
            new ControlFrame.Hello(ControlFrame.Role.SENDER, 0x1234_5678_9abc_def0L, 1, 17),
            new ControlFrame.Hello(ControlFrame.Role.RECEIVER, -2, 1, 1),
            new ControlFrame.Heartbeat(1_732_300_000_123_456_789L),
            new ControlFrame.ClockPing(-129),
            new ControlFrame.ClockPong(-32_769, -2_147_483_649L, Long.MIN_VALUE),
            new ControlFrame.SessionReport(100, 7, 0, 93),
            new ControlFrame.Unknown("a_future_control_frame_type_with_a_long_name"));
    }

    /** The frames of {@link #quotes()}, length prefix included, in hex. */
    public static final List<String> QUOTE_FRAMES = List.of(
        "000000f68fa37365712aa27473cf180a5dac07c48d15a673796d626f6ca742544355534454a36d6964cb40f7bd220000"
            + "0000a3626964cb40f7bd21eb851eb8a361736bcb40f7bd22147ae148aa62696e616e63655f747300a76269645f717479"
            + "cb4013c26aa8eb4635a761736b5f717479cb4000e1d53cddd6e0a96269645f6578616374ae39373233342e3132303030"
            + "303030a961736b5f6578616374ae39373233342e3133303030303030ad6269645f7174795f6578616374aa342e393339"
            + "3836303030ad61736b5f7174795f6578616374aa322e3131303237303030a175cf00000013edaf51d3a7726563765f6e"
            + "73cf180a5dac07c3af40",
        "0000005487a373657101a27473cf180a5dac07c48d15a673796d626f6ca745544855534454a36d6964cb40ab59000000"
            + "0000a3626964cb40ab588000000000a361736bcb40ab598000000000aa62696e616e63655f747300",
        "0000012ade0013a3736571cf0000000100000000a27473ce00010000a673796d626f6ca742544355534454a36d6964cb"
            + "40f7bd2266666666a3626964cb40f7bd219999999aa361736bcb40f7bd2333333333aa62696e616e63655f7473cf0000"
            + "019355204ee7a76269645f717479cb4028000000000000a761736b5f717479cb430c6bf526340000a96269645f657861"
            + "6374a739373233342e31a961736b5f6578616374a739373233342e32ad6269645f7174795f6578616374a23132ad6173"
            + "6b5f7174795f6578616374b4303939393939393939393939393939392e393939a175cf7fffffffffffffffa86576656e"
            + "745f6d73cf0000019355204ee7a874726164655f6d73cf0000019355204ee6a7726563765f6e73ceffffffffa8736e61"
            + "7073686f74c3a6726570656174c3",
        "0000008e8aa37365717fa27473cc80a673796d626f6cd9243130303053484942555344545f504552505f574954485f41"
            + "5f4c4f4e4745525f4e414d45a36d6964cb0000000000000001a3626964cb3ee9cb8320b15070a361736bcb8000000000"
            + "000000aa62696e616e63655f7473cd0100a761736b5f717479cb7e37e43c8800759ca175ccffa86576656e745f6d73cd"
            + "0100",
        "000000678aa3736571cdffffa27473cf7fffffffffffffffa673796d626f6ca158a36d6964cb0000000000000000a362"
            + "6964cb7ff0000000000000a361736bcb7fefffffffffffffaa62696e616e63655f7473ffa17500a874726164655f6d73"
            + "ffa7726563765f6e73d0df");

    /** The frames of {@link #controls()}, length prefix included, in hex. */
    public static final List<String> CONTROL_FRAMES = List.of(
        "0000003c85a474797065a568656c6c6fa4726f6c65a673656e646572a773657373696f6ecf123456789abcdef0a77665"
            + "7273696f6e01a86e6578745f73657111",
        "0000003685a474797065a568656c6c6fa4726f6c65a87265636569766572a773657373696f6efea776657273696f6e01"
            + "a86e6578745f73657101",
        "0000002182a474797065a9686561727462656174a773656e745f6e73cf180a5dac07c48d15",
        "0000001782a474797065aa636c6f636b5f70696e67a27431d1ff7f",
        "0000003184a474797065aa636c6f636b5f706f6e67a27431d2ffff7fffa27432d3ffffffff7fffffffa27433d3800000"
            + "0000000000",
        "0000004085a474797065ae73657373696f6e5f7265706f7274a8757073747265616d64a9636f6e666c6174656407a772"
            + "65706561747300ab686967686573745f7365715d",
        "0000003481a474797065d92c615f6675747572655f636f6e74726f6c5f6672616d655f747970655f776974685f615f6c"
            + "6f6e675f6e616d65");

    /** {@code hex} as bytes. */
    public static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
