package io.quoterelay.bench.floor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM (same java binary, same classpath) running a main class that prints
 * {@code listening on PORT} on stdout once it accepts connections. The child never outlives this
 * object: {@link #close()} closes its stdin (the child exits on EOF), then kills it after a short
 * grace period; a shutdown hook kills it if this JVM exits first; and the child itself exits when
 * its stdin closes, which also covers this JVM being killed with SIGKILL.
 */
final class ServerProcess implements AutoCloseable {
    static final String LISTENING_PREFIX = "listening on ";
    private static final Pattern LISTENING = Pattern.compile("^" + LISTENING_PREFIX + "(\\d{1,5})\\s*$");
    private static final Duration EXIT_GRACE = Duration.ofSeconds(3);

    private final Process process;
    private final Thread killOnExit;
    private final int port;

    private ServerProcess(Process process, Thread killOnExit, int port) {
        this.process = process;
        this.killOnExit = killOnExit;
        this.port = port;
    }

    /**
     * Starts {@code mainClass args} in a new JVM and waits at most {@code timeout} for its
     * listening line. Its other output is copied to this process's stderr, prefixed {@code [server]}.
     */
    static ServerProcess start(String mainClass, List<String> args, Duration timeout)
        throws IOException, InterruptedException, TimeoutException {
        List<String> command = javaCommand(mainClass, args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread killOnExit = new Thread(p::destroyForcibly, "kill-floor-server");
        Runtime.getRuntime().addShutdownHook(killOnExit);
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread pump = new Thread(() -> pumpOutput(p, listening), "floor-server-output");
        pump.setDaemon(true);
        pump.start();
        try {
            int port = listening.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new ServerProcess(p, killOnExit, port);
        } catch (TimeoutException e) {
            kill(p, killOnExit);
            throw new TimeoutException("server JVM printed no '" + LISTENING_PREFIX + "PORT' within " + timeout
                + "; command: " + String.join(" ", command));
        } catch (ExecutionException e) {
            kill(p, killOnExit);
            throw new IllegalStateException(e.getCause().getMessage() + "; command: " + String.join(" ", command), e.getCause());
        } catch (InterruptedException | RuntimeException e) {
            kill(p, killOnExit);
            throw e;
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            removeHook(killOnExit);
        }
    }

    /** The port in a {@code listening on PORT} line, or empty for any other line. */
    static OptionalInt parseListeningPort(String line) {
        Matcher m = LISTENING.matcher(line);
        if (!m.matches()) {
            return OptionalInt.empty();
        }
        int port = Integer.parseInt(m.group(1));
        return port >= 1 && port <= 65_535 ? OptionalInt.of(port) : OptionalInt.empty();
    }

    /**
     * The java binary running this JVM, its classpath, and the memory, GC and system-property
     * options this JVM was started with (so both sides of the floor run alike); agents and
     * debugger options are not passed on.
     */
    static List<String> javaCommand(String mainClass, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String opt : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (opt.startsWith("-XX:") || opt.startsWith("-Xm") || opt.startsWith("-Xs") || opt.startsWith("-D")) {
                cmd.add(opt);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    private static void pumpOutput(Process p, CompletableFuture<Integer> listening) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                OptionalInt port = listening.isDone() ? OptionalInt.empty() : parseListeningPort(line);
                if (port.isPresent()) {
                    listening.complete(port.getAsInt());
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException e) {
            listening.completeExceptionally(e);
        }
        if (!listening.isDone()) {
            String code;
            try {
                code = p.waitFor(2, TimeUnit.SECONDS) ? String.valueOf(p.exitValue()) : "unknown";
            } catch (InterruptedException e) {
                code = "unknown";
            }
            listening.completeExceptionally(new IllegalStateException(
                "server JVM exited (code " + code + ") before printing '" + LISTENING_PREFIX + "PORT'"));
        }
    }

    private static void kill(Process p, Thread hook) {
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removeHook(hook);
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or about to: it kills the child, which is what we want.
        }
    }
}
