package io.quoterelay.bench.floor;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.quoterelay.bench.cli.BenchCli;
import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.netty.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The floor: what two JVMs on this machine cost each other before the product adds anything. A
 * bare TLS ping-pong on 127.0.0.1 between this JVM (the client) and a child JVM (the echo
 * server), both on the product's stack: Netty with {@link Transport#best()} (epoll), BoringSSL
 * TLS 1.3 with mutual authentication ({@link TlsContexts}), TCP_NODELAY, the relay's framing.
 *
 * <pre>
 *   java -cp 'bench/target/*:bench/target/lib/*' io.quoterelay.bench.floor.TlsPingPong [--warmup N] [--measured N] [--rates 1000,10000|none]
 * </pre>
 *
 * Prints one fixed-format line per measurement on stdout ({@link LatencyLine}); everything else
 * goes to stderr. Latencies are round trips (two one-way legs and two wake-ups per side).
 * {@code TlsPingPong server --cert F --key F --ca F} is the child's entry point.
 */
public final class TlsPingPong {
    private static final String HOST = "127.0.0.1";
    private static final String CLIENT_NAME = "bench";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A server whose parent vanished without closing its stdin still ends. */
    private static final Duration SERVER_MAX_LIFETIME = Duration.ofHours(2);

    private TlsPingPong() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("server")) {
            runServer(List.of(args).subList(1, args.length));
            return;
        }
        FloorOptions options = BenchCli.optionsOrExit(new FloorOptions.Flags(), args);
        try {
            run(options, System.out);
        } catch (TimeoutException | IllegalStateException e) {
            System.err.println("floor run failed: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(FloorOptions options, PrintStream out) throws IOException, InterruptedException, TimeoutException {
        Transport transport = Transport.best();
        Path certs = Files.createTempDirectory("quoterelay-floor-");
        try {
            PkiFiles pki = PkiFiles.generate(certs, List.of(HOST), List.of("localhost"), List.of(CLIENT_NAME), true);
            SslContext clientTls = TlsContexts.client(pki.caCert(), pki.clientCert(CLIENT_NAME), pki.clientKey(CLIENT_NAME));
            try (ServerProcess server = ServerProcess.start(TlsPingPong.class.getName(),
                     List.of("server", "--cert", pki.serverCert().toString(), "--key", pki.serverKey().toString(),
                         "--ca", pki.caCert().toString()),
                     options.serverStartTimeout());
                 PingClient client = PingClient.connect(transport, clientTls, HOST, server.port(), CONNECT_TIMEOUT)) {
                out.printf(Locale.ROOT, "# floor: client pid %d, server pid %d, transport=%s, %s, tls provider=%s (%s), jdk=%s%n",
                    ProcessHandle.current().pid(), server.pid(), transport.name(), client.tlsDescription(),
                    TlsContexts.provider(), OpenSsl.isAvailable() ? OpenSsl.versionString() : "JDK",
                    Runtime.version());
                out.printf(Locale.ROOT, "# ping-pong: %d warmup, %d measured round trips of %d-byte frames (64-byte body)%n",
                    options.warmup(), options.measured(), PingFrame.FRAME_BYTES);
                out.println(LatencyLine.format("tls-pingpong", "rtt_us",
                    client.pingPong(options.warmup(), options.measured(), options.runTimeout())));
                for (int rate : options.openLoopRates()) {
                    long count = options.openLoopCount(rate);
                    Duration timeout = options.openLoopDuration().plus(options.runTimeout());
                    PingClient.OpenLoopResult r = client.openLoop(rate, count, options.spinNs(), timeout);
                    String name = "tls-openloop@" + rate + "/s" + (options.spinNs() > 0 ? "-spin" + options.spinNs() / 1000 + "us" : "");
                    out.println(LatencyLine.format(name, "rtt_us", r.rtt())
                        + String.format(Locale.ROOT, " achieved=%.0f/s", r.achievedRate()));
                    out.println(LatencyLine.format(name, "send_lag_us", r.sendLag()));
                }
            }
        } finally {
            deleteRecursively(certs);
        }
    }

    /** The child JVM: serve until stdin closes (the parent closed it, or died). */
    private static void runServer(List<String> args) throws Exception {
        Path cert = Path.of(value(args, "--cert"));
        Path key = Path.of(value(args, "--key"));
        Path ca = Path.of(value(args, "--ca"));
        Thread lifetime = new Thread(() -> {
            try {
                Thread.sleep(SERVER_MAX_LIFETIME.toMillis());
                System.err.println("floor server: exiting after its maximum lifetime of " + SERVER_MAX_LIFETIME);
                System.exit(3);
            } catch (InterruptedException ignored) {
                // normal end
            }
        }, "floor-server-lifetime");
        lifetime.setDaemon(true);
        lifetime.start();
        try (EchoServer server = EchoServer.start(Transport.best(), TlsContexts.server(cert, key, ca, true), 0)) {
            System.out.println(ServerProcess.LISTENING_PREFIX + server.port());
            System.out.flush();
            while (System.in.read() >= 0) {
                // The parent writes nothing; EOF is the signal to stop.
            }
        }
    }

    private static String value(List<String> args, String flag) {
        int i = args.indexOf(flag);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException("server mode needs " + flag + " PATH");
        }
        return args.get(i + 1);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
