package io.quoterelay.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.Mapping;
import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.EpochNanoClock;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.protocol.testing.Await;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * wss as the sender dials Binance, against a loopback TLS WebSocket server whose certificate names
 * only {@value #HOST} (resolved to loopback by the test): the client sends the URL's host as SNI
 * and refuses a certificate that does not name the host it dialled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceWssTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String HOST = "stream.binance.test";
    private static final String QUOTE = "{\"u\":11,\"s\":\"BTCUSDT\",\"b\":\"1.5\",\"B\":\"2\",\"a\":\"1.6\",\"A\":\"3\"}";

    @TempDir
    static Path dir;
    static PkiFiles pki;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final EventLoopGroup loop = Transport.best().newGroup(1, "wss-test");
    private final EventLoopGroup server = Transport.best().newGroup(1, "wss-server");
    private final List<String> sniNames = new CopyOnWriteArrayList<>();
    private final List<Long> forwarded = new CopyOnWriteArrayList<>();
    private BinanceStream stream;

    @BeforeAll
    static void certificates() throws Exception {
        pki = PkiFiles.generate(dir, List.of(), List.of(HOST), List.of(), false);
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        scheduler.shutdownNow();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        server.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }

    /** A wss server on 127.0.0.1 that records the SNI name and sends one quote after each upgrade. */
    private int startServer() throws InterruptedException {
        SslContext tls = TlsContexts.server(pki.serverCert(), pki.serverKey(), pki.caCert(), false);
        Mapping<String, SslContext> bySni = name -> {
            sniNames.add(String.valueOf(name));
            return tls;
        };
        Channel ch = new ServerBootstrap().group(server).channel(Transport.best().serverSocketChannel())
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel c) {
                    c.pipeline().addLast(new SniHandler(bySni), new HttpServerCodec(), new HttpObjectAggregator(8192),
                        new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath("/stream").checkStartsWith(true).build()),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                                    ctx.writeAndFlush(new TextWebSocketFrame(QUOTE));
                                }
                                ctx.fireUserEventTriggered(evt);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // the refused handshake of the second test, expected
                            }
                        });
                }
            }).bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    private void dial(String host, int port) {
        URI uri = URI.create("wss://" + host + ":" + port + "/stream?streams=btcusdt@bookTicker");
        stream = new BinanceStream(uri, EpochNanoClock.system(), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ZERO,
            BinanceStream.DEFAULT_MAX_FRAME_BYTES, Transport.best(), loop.next(), scheduler, q -> forwarded.add(q.updateId()),
            BinanceStream.clientTls(pki.caCert()));
        stream.resolver = name -> InetAddress.getLoopbackAddress();
        stream.start();
    }

    @Test
    void dialsByNameSendsItAsSniAndReceivesQuotes() throws Exception {
        dial(HOST, startServer());
        // UP is set on the scheduler after the handshake, so the quote (event loop) may come first.
        Await.until(() -> "a quote over wss and the line UP: " + forwarded + " " + stream.state(), WAIT,
            () -> forwarded.size() == 1 && stream.state() == LinkState.UP);
        assertEquals(List.of(11L), forwarded);
        assertEquals(HOST, sniNames.get(0));
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHostDialled() throws Exception {
        dial("127.0.0.1", startServer()); // the certificate names HOST only
        Await.until("the handshake to fail", WAIT, () -> stream.lastError() != null);
        assertTrue(stream.lastError().startsWith("cannot connect: "), stream.lastError());
        assertNotEquals(LinkState.UP, stream.state());
        assertEquals(List.of(), forwarded);
    }
}
