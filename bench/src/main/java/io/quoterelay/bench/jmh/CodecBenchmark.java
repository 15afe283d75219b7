package io.quoterelay.bench.jmh;

import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.FrameReader;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.QuoteFrame;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The frame codec on the hot path of both services: the sender encodes every quote
 * ({@link FrameWriter#encodeQuote}), the receiver decodes every frame ({@link FrameReader#read}),
 * and frames from the deployed Python sender must decode just as fast. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per operation, which should be 0 in steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {
    /**
     * A Python-format frame, byte for byte as the deployed sender wrote it: {seq:1,
     * ts:1732300000123456789, symbol:"BTCUSDT", mid:97234.125, bid:97234.12, ask:97234.13,
     * binance_ts:0}. Same bytes as the protocol module's {@code PythonFrameFixtures.BTC_SEQ_1}
     * (a test checks it), copied because a benchmark jar should not depend on a test-jar.
     */
    static final byte[] PYTHON_FRAME = HexFormat.of().parseHex(
        "0000005487a373657101a27473cf180a5dac07c48d15a673796d626f6ca742544355534454a36d6964cb40f7bd2200000000"
            + "a3626964cb40f7bd21eb851eb8a361736bcb40f7bd22147ae148aa62696e616e63655f747300");

    private final FrameWriter writer = new FrameWriter();
    private final FrameReader reader = new FrameReader();
    private final QuoteFrame quote = new QuoteFrame();
    private final QuoteFrame decoded = new QuoteFrame();
    private byte[] quoteFrame;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() {
        sampleSpotQuote(quote);
        int len = writer.encodeQuote(quote);
        quoteFrame = Arrays.copyOf(writer.buffer(), len);
    }

    /**
     * A quote as the sender builds it from a spot bookTicker (8-decimal strings; spot has no
     * exchange times): the Python keys plus quantities, exact decimals, update id, receive time.
     */
    static QuoteFrame sampleSpotQuote(QuoteFrame q) {
        return q.clear()
            .seq(1_234_567)
            .sendTimeNs(1_732_300_000_123_456_789L)
            .symbol("BTCUSDT")
            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8)
            .exactQuantities(123_456_000L, 8, 98_700_000L, 8)
            .updateId(400_900_217L)
            .senderReceiveTimeNs(1_732_300_000_123_400_000L);
    }

    /** QuoteFrame to complete frame bytes (length prefix included), as the sender does per update. */
    @Benchmark
    public int encodeQuote() {
        // A changing seq and ts keep the JIT from treating the encoded values as constants.
        long s = ++seq;
        quote.seq(s).sendTimeNs(s);
        return writer.encodeQuote(quote);
    }

    /** Frame body (after the length prefix) to the reused QuoteFrame, as the receiver does per frame. */
    @Benchmark
    public void decodeQuote(Blackhole bh) {
        bh.consume(reader.read(quoteFrame, FrameFormat.LENGTH_FIELD_BYTES,
            quoteFrame.length - FrameFormat.LENGTH_FIELD_BYTES, decoded));
        bh.consume(decoded.bid());
        bh.consume(decoded.seq());
    }

    /** The same for a frame from the deployed Python sender (seven keys, mid given, no exact decimals). */
    @Benchmark
    public void decodePythonFrame(Blackhole bh) {
        bh.consume(reader.read(PYTHON_FRAME, FrameFormat.LENGTH_FIELD_BYTES,
            PYTHON_FRAME.length - FrameFormat.LENGTH_FIELD_BYTES, decoded));
        bh.consume(decoded.bid());
        bh.consume(decoded.seq());
    }

    byte[] quoteFrame() {
        return quoteFrame;
    }

    QuoteFrame decoded() {
        return decoded;
    }
}
