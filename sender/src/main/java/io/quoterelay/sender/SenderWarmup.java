package io.quoterelay.sender;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.ReferenceCountUtil;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.FrameEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sender's per-quote code hot while the first Binance connection is being dialled.
 *
 * <p>At Binance's 100-200 updates a second the JVM needs tens of seconds to compile the per-quote
 * methods, and until then each update is parsed and encoded by the interpreter. So, on a thread of
 * its own, the warm-up runs made-up bookTicker messages (spot and USD-M shapes, combined-stream
 * envelope) through the code each real update takes that needs no peer: the WebSocket frame
 * decoder and aggregator, the bookTicker parser, and the relay frame encoder. The TLS and socket
 * steps are Netty's and BoringSSL's and are shared with every other message the sender handles.
 *
 * <p>It never delays a real quote and sends nothing anywhere: it works on private objects and
 * in-memory channels, stops as soon as the first real quote was forwarded, when its quota is done
 * or when its time budget runs out, and logs one line.
 */
final class SenderWarmup implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RelaySender.class);
    private static final String[] STREAMS = {"btcusdt", "ethusdt", "solusdt"};
    private static final String[] SYMBOLS = {"BTCUSDT", "ETHUSDT", "SOLUSDT"};
    /**
     * Made-up updates between two looks at the real quote count. Cold, one takes ~100 µs: at 256 the
     * warm-up competed with the first real quotes for up to ~25 ms (the 01:57 diagnostic run in
     * docs/benchmarks.md); the look itself is one volatile read.
     */
    private static final int CHECK_EVERY = 16;
    /** Distinct made-up frames, made once and cycled: building text per update would dominate the warm-up. */
    private static final int DISTINCT_FRAMES = 64;

    private final int quotes;
    private final int maxFrameBytes;
    private final long budgetNanos;
    private final LongSupplier realQuotes;
    private volatile String outcome;
    private volatile int updatesRun;
    private volatile int parsed;

    /** {@code realQuotes}: quotes forwarded so far; the warm-up stops once it is above zero. */
    SenderWarmup(int quotes, int maxFrameBytes, Duration budget, LongSupplier realQuotes) {
        this.quotes = quotes;
        this.maxFrameBytes = maxFrameBytes;
        this.budgetNanos = budget.toNanos();
        this.realQuotes = realQuotes;
    }

    /** Starts the warm-up on a daemon thread of its own; null when {@code quotes} is 0. */
    static SenderWarmup start(int quotes, int maxFrameBytes, Duration budget, LongSupplier realQuotes) {
        if (quotes <= 0) {
            return null;
        }
        SenderWarmup w = new SenderWarmup(quotes, maxFrameBytes, budget, realQuotes);
        Thread t = new Thread(w, "relay-warmup");
        t.setDaemon(true);
        t.start();
        return w;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        String stoppedBy = null;
        EmbeddedChannel websocket = new EmbeddedChannel(new WebSocket08FrameDecoder(false, false, maxFrameBytes),
            new WebSocketFrameAggregator(maxFrameBytes));
        EmbeddedChannel link = new EmbeddedChannel(new FrameEncoder(maxFrameBytes));
        BookTickerParser parser = new BookTickerParser();
        QuoteFrame frame = new QuoteFrame();
        byte[] scratch = new byte[1024];
        byte[][] frames = new byte[DISTINCT_FRAMES][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = webSocketFrame(i);
        }
        int n = 0;
        try {
            while (n < quotes) {
                websocket.writeInbound(Unpooled.wrappedBuffer(frames[n % DISTINCT_FRAMES]));
                for (Object msg; (msg = websocket.readInbound()) != null; ) {
                    try {
                        ByteBuf content = ((TextWebSocketFrame) msg).content();
                        int length = content.readableBytes();
                        content.getBytes(content.readerIndex(), scratch, 0, length);
                        if (parser.parse(scratch, 0, length, frame) == ParseResult.QUOTE) {
                            parsed++;
                        }
                        frame.seq(n + 1L).sendTimeNs(System.currentTimeMillis() * 1_000_000L);
                        link.writeOutbound(frame);
                        ReferenceCountUtil.release(link.readOutbound());
                    } finally {
                        ReferenceCountUtil.release(msg);
                    }
                }
                n++;
                if (n % CHECK_EVERY == 0) {
                    if (realQuotes.getAsLong() > 0) {
                        stoppedBy = "the first real quote arrived";
                        break;
                    }
                    if (System.nanoTime() - start > budgetNanos) {
                        stoppedBy = "its time budget ran out";
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            stoppedBy = "it failed: " + e;
        } finally {
            websocket.finishAndReleaseAll();
            link.finishAndReleaseAll();
        }
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (stoppedBy == null) {
            LOG.info("quote path warmed with {} local updates in {} ms (parse and encode; nothing sent)", n, tookMs);
        } else {
            LOG.info("quote path warm-up stopped after {} ms at {} of {} local updates: {}", tookMs, n, quotes, stoppedBy);
        }
        updatesRun = n; // before the outcome, which is what a reader waits for
        outcome = stoppedBy == null ? "complete" : stoppedBy;
    }

    /** Null while running; "complete" or why it stopped early. */
    String outcome() {
        return outcome;
    }

    /** Updates the parser took for quotes (all of them, unless the made-up text is wrong). */
    int parsedQuotes() {
        return parsed;
    }

    /** Updates run through when it ended. */
    int updates() {
        return updatesRun;
    }

    /** One unmasked server-to-client text frame: a spot update, every fourth one a USD-M update. */
    private static byte[] webSocketFrame(int n) {
        String symbol = SYMBOLS[n % SYMBOLS.length];
        String stream = STREAMS[n % STREAMS.length];
        long u = 40_000_000_000L + n;
        String bid = "97" + (100 + n % 900) + ".12000000";
        String data = (n & 3) == 0
            ? "{\"e\":\"bookTicker\",\"u\":" + u + ",\"s\":\"" + symbol + "\",\"b\":\"" + bid
                + "\",\"B\":\"1.502\",\"a\":\"" + bid + "\",\"A\":\"0.250\",\"T\":1733000000000,\"E\":1733000000001}"
            : "{\"u\":" + u + ",\"s\":\"" + symbol + "\",\"b\":\"" + bid + "\",\"B\":\"1.50200000\",\"a\":\""
                + bid + "\",\"A\":\"0.25000000\"}";
        byte[] payload = ("{\"stream\":\"" + stream + "@bookTicker\",\"data\":" + data + "}")
            .getBytes(StandardCharsets.US_ASCII);
        int header = payload.length < 126 ? 2 : 4;
        byte[] out = new byte[header + payload.length];
        out[0] = (byte) 0x81; // FIN, text
        if (header == 2) {
            out[1] = (byte) payload.length;
        } else {
            out[1] = 126;
            out[2] = (byte) (payload.length >>> 8);
            out[3] = (byte) payload.length;
        }
        System.arraycopy(payload, 0, out, header, payload.length);
        return out;
    }
}
