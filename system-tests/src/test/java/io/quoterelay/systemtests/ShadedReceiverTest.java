package io.quoterelay.systemtests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quoterelay.certs.PkiFiles;
import io.quoterelay.sender.RelaySender;
import io.quoterelay.simulator.ExchangeSimulator;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * receiver-shaded in an executor that is already on Netty 4.1: a tiny executor
 * (src/test/resources/shaded-executor/TinyExecutor.java) is compiled against the shaded jar and
 * run in a JVM of its own whose class path holds the shaded jar, Netty 4.1 (with its own epoll
 * native) and slf4j-api, nothing else. A real sender in this JVM relays the simulator's quotes to
 * it over mutual TLS. The jars are put in target/shaded-executor by the pom (dependency:copy).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShadedReceiverTest {
    private static final Path JARS = Path.of("target", "shaded-executor");
    private static final int QUOTES = 20;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void anExecutorOnNetty41ReceivesQuotesOverTlsWithTheShadedReceiversOwnEpollAndBoringSsl() throws Exception {
        Path shadedJar = onlyJar("receiver-shaded-");
        assertShadedJarHoldsNoUnrelocatedCopies(shadedJar);
        String classPath = Stream.of(listJars(JARS.resolve("lib")), listJars(JARS.resolve("executor-netty")))
            .flatMap(List::stream).map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path classes = compileTinyExecutor(classPath);

        PkiFiles pki = PkiFiles.generate(dir.resolve("pki"), List.of("127.0.0.1"), List.of("localhost"),
            List.of("sender"), false);
        Process executor = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", classes + File.pathSeparator + classPath, "TinyExecutor", pki.dir().toString(),
            String.valueOf(QUOTES))
            .redirectErrorStream(true).start();
        BlockingQueue<String> lines = readLines(executor.getInputStream());
        try (ExchangeSimulator simulator = ExchangeSimulator.builder().host("127.0.0.1").port(0)
            .symbols("BTCUSDT", "ETHUSDT").ratePerSecond(200).start()) {
            assertTrue(line(lines, "EXECUTOR_NETTY ").startsWith("4.1."), "the executor runs its own Netty 4.1");
            assertEquals("true", line(lines, "EXECUTOR_EPOLL "), "and its own epoll native still loads");
            assertEquals("epoll", line(lines, "SHADED_TRANSPORT "), "the shaded receiver loads its relocated epoll");
            assertEquals("OPENSSL", line(lines, "SHADED_TLS "), "and its relocated tcnative");
            assertTrue(line(lines, "SHADED_OPENSSL ").startsWith("BoringSSL"), "BoringSSL, statically linked");
            int port = Integer.parseInt(line(lines, "LISTENING "));

            try (RelaySender sender = RelaySender.builder().binanceUrl(simulator.combinedStreamUri())
                .receiver("127.0.0.1", port)
                .tls(pki.caCert(), pki.clientCert("sender"), pki.clientKey("sender"))
                .statsInterval(Duration.ZERO).start()) {
                long previousSeq = 0;
                for (int i = 1; i <= QUOTES; i++) {
                    String[] q = line(lines, "QUOTE ").split(" ");
                    assertTrue(q[0].equals("BTCUSDT") || q[0].equals("ETHUSDT"), "a relayed symbol: " + q[0]);
                    long seq = Long.parseLong(q[1]);
                    assertTrue(seq > previousSeq, "in order: " + seq + " after " + previousSeq);
                    previousSeq = seq;
                    assertTrue(Double.parseDouble(q[2]) < Double.parseDouble(q[3]), "bid below ask");
                }
                assertEquals(String.valueOf(QUOTES), line(lines, "DONE "));
            }
            assertTrue(executor.waitFor(30, TimeUnit.SECONDS), "the executor closed its receiver and exited");
            assertEquals(0, executor.exitValue());
        } finally {
            executor.destroyForcibly();
        }
    }

    private static void assertShadedJarHoldsNoUnrelocatedCopies(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<String> names = zip.stream().map(e -> e.getName()).toList();
            for (String foreign : List.of("io/netty/", "org/msgpack/", "org/HdrHistogram/", "org/slf4j/")) {
                assertFalse(names.stream().anyMatch(n -> n.startsWith(foreign)), jar + " holds " + foreign);
            }
            assertTrue(names.contains("META-INF/native/libio_quoterelay_shaded_netty_transport_native_epoll_x86_64.so"),
                "the epoll native under its relocated name");
            assertTrue(names.contains("META-INF/native/libio_quoterelay_shaded_netty_tcnative_linux_x86_64.so"),
                "tcnative under its relocated name");
        }
    }

    private Path compileTinyExecutor(String classPath) throws IOException {
        Path source = dir.resolve("src").resolve("TinyExecutor.java");
        Files.createDirectories(source.getParent());
        try (InputStream in = ShadedReceiverTest.class.getResourceAsStream("/shaded-executor/TinyExecutor.java")) {
            assertNotNull(in, "TinyExecutor.java on the test class path");
            Files.write(source, in.readAllBytes());
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK, not a JRE, runs the tests");
        int rc = javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath, source.toString());
        assertEquals(0, rc, "TinyExecutor compiles against the shaded jar");
        return classes;
    }

    private static Path onlyJar(String prefix) throws IOException {
        List<Path> jars = listJars(JARS.resolve("lib")).stream()
            .filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        assertEquals(1, jars.size(), "one " + prefix + "*.jar in " + JARS.resolve("lib") + ": " + jars);
        return jars.get(0);
    }

    private static List<Path> listJars(Path folder) throws IOException {
        assertTrue(Files.isDirectory(folder), folder + " missing: the pom's dependency:copy fills it at test-compile");
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
    }

    private static BlockingQueue<String> readLines(InputStream in) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "tiny-executor-reader");
        t.setDaemon(true);
        t.start();
        return lines;
    }

    /** The rest of the next line starting with {@code prefix}; other lines (logs) are kept for the message. */
    private static String line(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        List<String> skipped = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String l = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (l == null) {
                throw new AssertionError("no line starting '" + prefix + "' within " + WAIT + "; it printed:\n"
                    + String.join("\n", skipped));
            }
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length()).trim();
            }
            skipped.add(l);
        }
    }
}
