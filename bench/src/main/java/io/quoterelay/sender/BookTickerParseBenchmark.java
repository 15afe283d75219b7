package io.quoterelay.sender;

import io.quoterelay.protocol.QuoteFrame;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sender's first step on every update: a Binance bookTicker frame's UTF-8 bytes to the reused
 * {@link QuoteFrame} ({@link BookTickerParser#parse}), on the sender's event loop. Messages as
 * Binance sends them on the combined streams (spot: {@code u,s,b,B,a,A}; USD-M adds
 * {@code e,T,E} and, since mid-2026, {@code ps,st}). Run with {@code -prof gc} for bytes per message.
 *
 * <p>In package {@code io.quoterelay.sender} of the bench module on purpose: the parser is
 * package-private in the sender (its public API is {@code RelaySender}), and a class of the same
 * package on the class path may call it without the sender exporting it to everyone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BookTickerParseBenchmark {
    static final String SPOT_COMBINED = "{\"stream\":\"bnbusdt@bookTicker\",\"data\":{\"u\":400900217,\"s\":\"BNBUSDT\","
        + "\"b\":\"25.35190000\",\"B\":\"31.21000000\",\"a\":\"25.36520000\",\"A\":\"40.66000000\"}}";
    static final String USDM_COMBINED = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\","
        + "\"u\":8823426145882,\"s\":\"BTCUSDT\",\"ps\":\"BTCUSDT\",\"b\":\"61800.20\",\"B\":\"3.127\",\"a\":\"61800.30\","
        + "\"A\":\"10.514\",\"T\":1732300000121,\"E\":1732300000123,\"st\":1}}";

    private static final byte[] SPOT_BYTES = SPOT_COMBINED.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final byte[] USDM_BYTES = USDM_COMBINED.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final BookTickerParser parser = new BookTickerParser();
    private final QuoteFrame out = new QuoteFrame();

    @Benchmark
    public void parseSpotCombined(Blackhole bh) {
        bh.consume(parser.parse(SPOT_BYTES, 0, SPOT_BYTES.length, out));
        bh.consume(out.bid());
        bh.consume(out.updateId());
    }

    @Benchmark
    public void parseUsdmCombined(Blackhole bh) {
        bh.consume(parser.parse(USDM_BYTES, 0, USDM_BYTES.length, out));
        bh.consume(out.bid());
        bh.consume(out.eventTimeMs());
    }

    QuoteFrame out() {
        return out;
    }

    BookTickerParser parser() {
        return parser;
    }
}
