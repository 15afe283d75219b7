package io.quoterelay.protocol.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket transport: Linux epoll when its native library loads (fewer syscalls and copies than
 * NIO), NIO otherwise: on macOS and Windows, on a Linux architecture without a bundled native, or
 * when {@code -Dio.netty.transport.noNative=true} turns natives off. The choice is reported by
 * {@link #name()}; falling back to NIO is also logged once per JVM, with the reason, so a slower
 * transport is never silent and a process that builds several event loop groups says it only once.
 */
public record Transport(String name, IoHandlerFactory ioHandlerFactory,
                        Class<? extends SocketChannel> socketChannel,
                        Class<? extends ServerSocketChannel> serverSocketChannel) {
    private static final Logger LOG = LoggerFactory.getLogger(Transport.class);
    private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

    /** {@return {@link #best(IdleStrategy)} with threads that sleep while idle} */
    public static Transport best() {
        return best(IdleStrategy.SLEEP);
    }

    /**
     * epoll when available, its threads sleeping or spinning while idle as {@code idle} says;
     * NIO (which only sleeps) otherwise: {@link #name()} then says {@code nio}.
     */
    public static Transport best(IdleStrategy idle) {
        if (Epoll.isAvailable()) {
            if (idle == IdleStrategy.SPIN) {
                SelectStrategy busyWait = (selectSupplier, hasTasks) -> SelectStrategy.BUSY_WAIT;
                return new Transport("epoll, spinning", EpollIoHandler.newFactory(0, () -> busyWait),
                    EpollSocketChannel.class, EpollServerSocketChannel.class);
            }
            return new Transport("epoll", EpollIoHandler.newFactory(), EpollSocketChannel.class,
                EpollServerSocketChannel.class);
        }
        if (FALLBACK_REPORTED.compareAndSet(false, true)) {
            LOG.warn(fallbackLine());
        }
        return nio();
    }

    /** The line logged once when epoll cannot be used. */
    static String fallbackLine() {
        return "epoll is not available on " + System.getProperty("os.name") + "/" + System.getProperty("os.arch")
            + " (" + epollUnavailabilityCause() + "): using the NIO transport, which works everywhere at the cost of "
            + "a few more system calls per read";
    }

    public static Transport nio() {
        return new Transport("nio", NioIoHandler.newFactory(), NioSocketChannel.class, NioServerSocketChannel.class);
    }

    /** Why epoll is not used, or null when it is. */
    public static String epollUnavailabilityCause() {
        return Epoll.isAvailable() ? null : String.valueOf(Epoll.unavailabilityCause());
    }

    /** An event loop group with daemon threads named {@code threadPrefix-N}. */
    public EventLoopGroup newGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix, true), ioHandlerFactory);
    }
}
