package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.quoterelay.protocol.ControlFrame;
import io.quoterelay.protocol.FrameFormat;
import io.quoterelay.protocol.FrameWriter;
import io.quoterelay.protocol.PythonFrameFixtures;
import io.quoterelay.protocol.netty.Transport;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.TestPki;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Legacy mode ({@code REQUIRE_CLIENT_CERT=false}, for the Python sender) admits clients without a
 * certificate, so the source address is all that stands between a stranger and the executor: it
 * needs ALLOWED_SENDERS, says so when it starts, and keys legacy sessions so that no second
 * source joins another's numbering.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LegacyModeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final TestPki pki = TestPki.shared();
    static EventLoopGroup clients;

    private final List<Quote> received = new CopyOnWriteArrayList<>();
    @RegisterExtension
    final ReceiverRig rig = new ReceiverRig();
    private RelayReceiver receiver;

    @BeforeAll
    static void startClients() {
        clients = Transport.nio().newGroup(1, "test-python");
    }

    @AfterAll
    static void stopClients() {
        clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private RelayReceiver.Builder legacy() {
        return ReceiverRig.builder().bindAddress("0.0.0.0").requireClientCertificate(false).warmupQuotes(0)
            .onQuote(q -> received.add(q.copy()));
    }

    private void start(RelayReceiver.Builder b) {
        receiver = rig.start(b);
    }

    /** A client without a certificate, from {@code from}, as the Python sender connects; null if refused at once. */
    private Channel python(String from) throws InterruptedException {
        SslHandler[] tls = new SslHandler[1];
        Channel c = new Bootstrap().group(clients).channel(Transport.nio().socketChannel())
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) throws Exception {
                    tls[0] = pki.anonymousClientTls().newHandler(ch.alloc(), "127.0.0.1", receiver.port());
                    ch.pipeline().addLast(tls[0], new ChannelInboundHandlerAdapter() {
                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            ctx.close();
                        }
                    });
                }
            })
            .connect(new InetSocketAddress("127.0.0.1", receiver.port()), new InetSocketAddress(from, 0)).sync().channel();
        tls[0].handshakeFuture().await(10, TimeUnit.SECONDS);
        return tls[0].handshakeFuture().isSuccess() ? c : null;
    }

    /** One write; a symbol per number, so that what arrives in one read is not conflated: these tests count quotes. */
    private static void send(Channel c, long... seqs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (long seq : seqs) {
            b.writeBytes(PythonFrameFixtures.pythonFrame(seq, now, "SYM" + seq, 97_000.5, 97_001.5, 0));
        }
        c.writeAndFlush(Unpooled.wrappedBuffer(b.toByteArray())).syncUninterruptibly();
    }

    private static long[] range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).toArray();
    }

    @Test
    void legacyModeWithoutAllowedSendersDoesNotStart() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> legacy().start());
        assertTrue(e.getMessage().startsWith("REQUIRE_CLIENT_CERT=false (requireClientCertificate(false)) needs "
            + "ALLOWED_SENDERS"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void theWarningSaysExactlyWhoMaySendQuotes() {
        start(legacy().allowedSenders("127.0.0.1, 127.0.0.2"));
        String warning = rig.log.messages().stream()
            .filter(m -> m.startsWith("mutual TLS is OFF")).findFirst().orElseThrow();
        assertEquals("mutual TLS is OFF (REQUIRE_CLIENT_CERT=false, for the Python sender): any client that can reach "
            + "this port from an address in ALLOWED_SENDERS (127.0.0.1,127.0.0.2) may send quotes to the executor, with or "
            + "without a certificate; ALLOWED_SENDERS and the firewall are the only protection", warning);
    }

    @Test
    void aClientFromOutsideAllowedSendersNeverReachesTheExecutor() throws Exception {
        start(legacy().allowedSenders("127.0.0.1"));
        Channel stranger = python("127.0.0.5");
        if (stranger != null) {
            // The handshake cannot have succeeded on a socket closed at accept; if it reports
            // otherwise, the quote must still go nowhere.
            send(stranger, 1);
        }
        Await.until("refused at accept", WAIT, () -> receiver.stats().connections().notAllowed() == 1);
        Channel python = python("127.0.0.1");
        send(python, 1);
        Await.until("the allowed sender's quote", WAIT, () -> received.size() == 1);
        python.close().sync();
        assertEquals(0, receiver.stats().connections().refused(), "refused before TLS, not during it");
        assertTrue(rig.log.messages().stream().anyMatch(m -> m.matches(
            "refused connection from 127\\.0\\.0\\.5:\\d+: " + RefusalReason.NOT_ALLOWED.text())));
    }

    @Test
    void anotherSourceNeverJoinsASendersNumbering() throws Exception {
        start(legacy().allowedSenders("127.0.0.1,127.0.0.2"));
        Channel python = python("127.0.0.1");
        send(python, range(1, 10));
        Await.until("the sender's first 10", WAIT, () -> received.size() == 10);
        // Another allowed host, and a second connection from the sender's own address, while it is connected.
        Channel other = python("127.0.0.2");
        send(other, 5000);
        Channel second = python("127.0.0.1");
        send(second, 900);
        Await.until("their quotes", WAIT, () -> received.size() == 12);
        send(python, range(11, 20));
        // The link is cut; the Python sender reconnects from a new port and numbers on.
        python.close().sync();
        Await.until("the cut noticed", WAIT, () -> receiver.stats().connections().active() == 2);
        Channel again = python("127.0.0.1");
        send(again, range(21, 30));
        Await.until("all quotes", WAIT, () -> received.size() == 32);
        ReceiverStats s = receiver.stats();
        assertEquals(0, s.accounting().gaps(), "no false gaps: " + s.sessions());
        assertEquals(0, s.accounting().outOfOrder(), "no false out-of-order: " + s.sessions());
        assertEquals(0, s.accounting().sessionResets(), "a concurrent connection is not a restart");
        long senderSession = received.get(0).sessionId();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList(), received.stream()
            .filter(q -> q.sessionId() == senderSession).map(Quote::seq).toList(), "the sender's numbering, whole");
        SessionStats sender = s.session(senderSession);
        assertEquals(2, sender.connections(), "its reconnect rejoined its own session");
        assertEquals(3, s.sessions().size(), "one session per source: " + s.sessions());
        assertNotEquals(senderSession, received.stream().filter(q -> q.seq() == 5000).findFirst().orElseThrow().sessionId());
        other.close().sync();
        second.close().sync();
        again.close().sync();
    }

    @Test
    void withoutACertificateASessionIdCannotBeClaimedFromAnotherAddress() throws Exception {
        start(legacy().allowedSenders("127.0.0.1,127.0.0.2"));
        Channel owner = python("127.0.0.1");
        Channel thief = python("127.0.0.2");
        FrameWriter w = new FrameWriter();
        ControlFrame.Hello hello = new ControlFrame.Hello(ControlFrame.Role.SENDER, 0x7e57, FrameFormat.PROTOCOL_VERSION, 1);
        int n = w.encodeControl(hello);
        owner.writeAndFlush(Unpooled.wrappedBuffer(Arrays.copyOf(w.buffer(), n))).sync();
        Await.until("the owner's session", WAIT, () -> receiver.stats().session(0x7e57) != null);
        thief.writeAndFlush(Unpooled.wrappedBuffer(Arrays.copyOf(w.buffer(), n))).sync();
        assertTrue(thief.closeFuture().await(10, TimeUnit.SECONDS), "the claim from another address is refused");
        assertEquals(1, receiver.stats().frames().malformed());
        assertEquals(1, receiver.stats().session(0x7e57).connections());
        owner.close().sync();
    }
}
