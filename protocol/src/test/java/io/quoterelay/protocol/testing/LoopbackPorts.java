package io.quoterelay.protocol.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports for a server a test stops and binds again on the same port.
 *
 * <p>A port from {@code bind(0)} lies in the kernel's ephemeral range, so while the server is down
 * any outgoing connection on the machine may take it as its source port, and the restart fails with
 * "Address already in use"; the link redialling that very port may even connect to itself. A port
 * below the ephemeral range is never handed out as a source port, so only an explicit bind can take
 * it, and the random choice makes that unlikely.
 */
public final class LoopbackPorts {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 200;
    /** The address the tests' servers bind, whatever the JVM's IPv6 preference. */
    private static final InetAddress LOOPBACK = v4Loopback();

    private LoopbackPorts() {
    }

    private static InetAddress v4Loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port that 127.0.0.1 can bind now and that no outgoing connection will take meanwhile; on a
     * host whose ephemeral range leaves no room below or above it, an ephemeral port after all.
     */
    public static int restartable() {
        int[] range = ephemeralRange();
        int from;
        int to;
        if (range[0] - LOWEST >= 1_000) {
            from = LOWEST;
            to = range[0];
        } else if (65_535 - range[1] >= 1_000) {
            from = range[1] + 1;
            to = 65_536;
        } else {
            return ephemeral();
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = ThreadLocalRandom.current().nextInt(from, to);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no bindable loopback port in " + from + "-" + (to - 1) + " after " + ATTEMPTS + " tries");
    }

    private static int ephemeral() {
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind 127.0.0.1", e);
        }
    }

    private static int[] ephemeralRange() {
        try {
            String[] parts = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
        } catch (IOException | RuntimeException e) {
            return new int[] {32_768, 60_999}; // Linux's default, for machines without /proc
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
