package io.quoterelay.systemtests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP relay on loopback that delays one direction only: bytes from the client (the sender) to
 * the server (the receiver) pass at once; bytes back wait {@code delayNs} after they were read,
 * as {@code tc netem delay} on one interface would do. Models an asymmetric route where network
 * namespaces or netem are not available. Each direction runs on its own threads, which end when
 * either socket closes.
 */
final class OneWayDelayProxy implements AutoCloseable {
    private static final byte[] END = new byte[0];

    private final ServerSocket listener;
    private final int targetPort;
    private final long delayNs;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private record Chunk(long dueNanoTime, byte[] bytes) {
    }

    OneWayDelayProxy(int targetPort, long delayNs) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.delayNs = delayNs;
        start("proxy-accept", this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                for (Socket s : List.of(client, server)) {
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                }
                start("proxy-up", () -> copy(client, server));
                BlockingQueue<Chunk> delayed = new LinkedBlockingQueue<>();
                start("proxy-down-read", () -> readInto(server, delayed));
                start("proxy-down-write", () -> writeFrom(delayed, client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void copy(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            closeQuietly(from, to);
        }
    }

    private void readInto(Socket from, BlockingQueue<Chunk> queue) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = from.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                queue.add(new Chunk(System.nanoTime() + delayNs, Arrays.copyOf(buf, n)));
            }
        } catch (IOException e) {
            // a side closed
        } finally {
            queue.add(new Chunk(0, END));
        }
    }

    private void writeFrom(BlockingQueue<Chunk> queue, Socket to) {
        try (OutputStream out = to.getOutputStream()) {
            while (true) {
                Chunk c = queue.take();
                if (c.bytes() == END) {
                    break;
                }
                for (long wait; (wait = c.dueNanoTime() - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
                out.write(c.bytes());
            }
        } catch (IOException e) {
            // a side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(to);
        }
    }

    private static void start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket... sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }
}
