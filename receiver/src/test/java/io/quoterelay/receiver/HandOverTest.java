package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.QuoteFrame;
import io.quoterelay.protocol.netty.Framing;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The move of an authenticated connection from the handshake thread to the quote thread
 * (deregister, then register with the quote loop) loses nothing, with the transport the receiver
 * really uses (epoll where available): frames that arrive in the same read as the handshake's
 * last message are held and delivered after the move, on the quote thread, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOverTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int CONNECTIONS = 40;
    private static final int QUOTES_EACH = 5;
    @TempDir
    static Path dir;

    @Test
    void framesWrittenBeforeTheHandshakeEndedArriveWholeOnTheQuoteThread() throws Exception {
        TestPki pki = TestPki.create(dir);
        SslContext clientTls = pki.clientTls();
        Map<Long, List<Long>> seqsBySession = new ConcurrentHashMap<>();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        EventLoopGroup clients = Transport.best().newGroup(1, "test-early-writer");
        List<List<String>> pipelines = new CopyOnWriteArrayList<>();
        List<String> handOverThreads = new CopyOnWriteArrayList<>();
        RelayReceiver.Builder builder = RelayReceiver.builder();
        builder.handshakeProbe = new HandshakeProbe() {
            @Override
            public void handshakeCompleted(Thread thread, boolean success) {
            }

            @Override
            public void refusedAtAccept(Thread thread, String reason) {
            }

            @Override
            public void handedOver(Channel channel) {
                handOverThreads.add(Thread.currentThread().getName());
                pipelines.add(channel.pipeline().names());
            }
        };
        try (RelayReceiver receiver = builder.port(0).bindAddress("127.0.0.1")
            .tls(pki.serverCert(), pki.serverKey(), pki.caCert()).statsInterval(Duration.ZERO)
            .warmupQuotes(0).handshakeRateLimit(0)
            .onQuote(q -> {
                threads.add(Thread.currentThread().getName());
                seqsBySession.computeIfAbsent(q.sessionId(), k -> new CopyOnWriteArrayList<>()).add(q.seq());
            }).start()) {
            List<Channel> channels = new ArrayList<>();
            for (int c = 1; c <= CONNECTIONS; c++) {
                long session = c;
                channels.add(new Bootstrap().group(clients).channel(Transport.best().socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(clientTls.newHandler(ch.alloc(), "127.0.0.1", receiver.port()));
                            Framing.install(ch.pipeline(), FrameFormat.DEFAULT_MAX_FRAME_BYTES);
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelActive(ChannelHandlerContext ctx) {
                                    // Written before the handshake is done: TLS holds them and sends them
                                    // right behind its last handshake message, in the same flush.
                                    ctx.write(new ControlFrame.Hello(ControlFrame.Role.SENDER, session,
                                        FrameFormat.PROTOCOL_VERSION, 1));
                                    for (long seq = 1; seq <= QUOTES_EACH; seq++) {
                                        // A symbol each: what this checks is order and thread, not conflation.
                                        ctx.write(new QuoteFrame().seq(seq).symbol("S" + session + "Q" + seq)
                                            .sendTimeNs(System.currentTimeMillis() * 1_000_000L)
                                            .exactPrices(9_723_412_000_000L, 8, 9_723_413_000_000L, 8));
                                    }
                                    ctx.flush();
                                    ctx.fireChannelActive();
                                }
                            });
                        }
                    }).connect("127.0.0.1", receiver.port()).sync().channel());
            }
            // delivered() counts on decode; the callback runs after it, so wait for the callbacks themselves.
            Await.until("every quote of every connection at the callback", WAIT,
                () -> seqsBySession.values().stream().mapToInt(List::size).sum() == CONNECTIONS * QUOTES_EACH);
            for (long session = 1; session <= CONNECTIONS; session++) {
                assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqsBySession.get(session), "session " + session);
            }
            assertEquals(1, threads.size(), threads.toString());
            assertTrue(threads.iterator().next().startsWith("quoterelay-receiver-io-"), threads.toString());
            assertEquals(0, receiver.stats().accounting().gaps());
            // Once moved, a connection's pipeline is the one every connection had before the change
            // (the clock sync's socket stamps included): nothing more to pass per quote.
            Await.until("every hand-over", WAIT, () -> pipelines.size() == CONNECTIONS);
            for (List<String> names : pipelines) {
                assertEquals(List.of("socketStamps", "tls", "idle", "frameLength", "frameDecoder", "frameEncoder", "connection"),
                    names.subList(0, names.size() - 1), names.toString()); // the last is Netty's tail
            }
            assertTrue(handOverThreads.stream().allMatch(t -> t.startsWith("quoterelay-receiver-io-")),
                handOverThreads.toString());
            // The case this test is for did happen (it is the common one when the client writes early).
            assertTrue(receiver.core().events.heldAtHandOver.get() > 0, "frames arrived with the handshake's end");
            System.out.printf("hand-over: %d of %d connections had frames held across the move (transport %s)%n",
                receiver.core().events.heldAtHandOver.get(), CONNECTIONS, Transport.best().name());
            for (Channel ch : channels) {
                ch.close().sync();
            }
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
