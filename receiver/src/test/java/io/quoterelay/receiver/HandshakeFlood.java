package io.quoterelay.receiver;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.protocol.netty.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Strangers, as an attacker sends them: TLS clients without a certificate, TLS clients with a
 * certificate from another CA, and plain TCP garbage, round-robin, {@code concurrency} at a time,
 * each waited for until the receiver closes it (bounded). From {@code localAddress}, which on
 * Linux may be any of 127.0.0.0/8, so one host can pose as several sources.
 */
final class HandshakeFlood implements AutoCloseable {
    enum Kind { NO_CERTIFICATE, OTHER_CA, PLAIN_GARBAGE }

    private final String host;
    private final int port;
    private final String localAddress;
    private final SslContext noCertificate;
    private final SslContext otherCa;
    private final int concurrency;
    private final EventLoopGroup group = Transport.nio().newGroup(1, "test-flood");
    private final AtomicLong[] attempts = {new AtomicLong(), new AtomicLong(), new AtomicLong()};
    private final Thread thread;
    private volatile boolean stop;

    HandshakeFlood(String host, int port, String localAddress, SslContext noCertificate, SslContext otherCa,
                   int concurrency) {
        this.host = host;
        this.port = port;
        this.localAddress = localAddress;
        this.noCertificate = noCertificate;
        this.otherCa = otherCa;
        this.concurrency = concurrency;
        this.thread = new Thread(this::run, "test-flood-driver");
        thread.setDaemon(true);
    }

    HandshakeFlood start() {
        thread.start();
        return this;
    }

    long attempts(Kind k) {
        return attempts[k.ordinal()].get();
    }

    long attempts() {
        return attempts(Kind.NO_CERTIFICATE) + attempts(Kind.OTHER_CA) + attempts(Kind.PLAIN_GARBAGE);
    }

    private void run() {
        long n = 0;
        while (!stop) {
            List<Channel> batch = new ArrayList<>();
            List<Socket> plain = new ArrayList<>();
            for (int i = 0; i < concurrency && !stop; i++, n++) {
                Kind kind = Kind.values()[(int) (n % 3)];
                attempts[kind.ordinal()].incrementAndGet();
                try {
                    if (kind == Kind.PLAIN_GARBAGE) {
                        Socket s = new Socket();
                        s.bind(new InetSocketAddress(localAddress, 0));
                        s.connect(new InetSocketAddress(host, port), 2000);
                        s.setSoTimeout(5000);
                        OutputStream out = s.getOutputStream();
                        out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes());
                        out.flush();
                        plain.add(s);
                    } else {
                        SslContext ssl = kind == Kind.NO_CERTIFICATE ? noCertificate : otherCa;
                        batch.add(new Bootstrap().group(group).channel(Transport.nio().socketChannel())
                            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                            .handler(new ChannelInitializer<SocketChannel>() {
                                @Override
                                protected void initChannel(SocketChannel ch) {
                                    ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                                    ch.pipeline().addLast(new io.netty.channel.ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void exceptionCaught(io.netty.channel.ChannelHandlerContext ctx,
                                                                    Throwable cause) {
                                            ctx.close(); // refused: expected
                                        }
                                    });
                                }
                            })
                            .connect(new InetSocketAddress(host, port), new InetSocketAddress(localAddress, 0))
                            .channel());
                    }
                } catch (IOException e) {
                    // refused at accept or the port is gone: that is one attempt too
                }
            }
            for (Socket s : plain) {
                try (s) {
                    while (s.getInputStream().read() >= 0) {
                        // until the receiver closes it
                    }
                } catch (IOException e) {
                    // reset: closed as well
                }
            }
            for (Channel c : batch) {
                c.closeFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
                c.close();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(15_000);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
