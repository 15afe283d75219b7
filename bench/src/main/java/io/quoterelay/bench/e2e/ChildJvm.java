package io.quoterelay.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * One child process of a benchmark run (also used by the real-traffic benchmark for C and Python
 * peers, see {@link #startProcess}): a JVM with its own options, the harness's classpath, its
 * output (stdout and stderr) in a log file, and the lines that answer {@link ChildControl} commands
 * (and any line a caller waits for) handed to the harness. Never outlives the harness: closing
 * its stdin ends it, then it is killed after a grace period; a shutdown hook kills it too.
 */
public final class ChildJvm implements AutoCloseable {
    private static final Duration EXIT_GRACE = Duration.ofSeconds(5);

    final String name;
    private final Process process;
    private final Thread killOnExit;
    private final PrintWriter stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Path log;

    /** A process that does not read stdin (Python, C) gets SIGTERM after this, then SIGKILL. */
    private Duration exitGrace = EXIT_GRACE;

    private ChildJvm(String name, Process process, Thread killOnExit, Path log) {
        this.name = name;
        this.process = process;
        this.killOnExit = killOnExit;
        this.log = log;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    public static ChildJvm start(String name, List<String> jvmOptions, String mainClass, List<String> args, Path logDir)
        throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return startProcess(name, cmd, Map.of(), logDir);
    }

    /**
     * Any program, with {@code env} added to this process's environment. One that ignores its
     * stdin is ended by {@link #close()} with SIGTERM after {@code exitGrace}, then SIGKILL.
     */
    public static ChildJvm startProcess(String name, List<String> cmd, Map<String, String> env, Path logDir)
        throws IOException {
        Path log = logDir.resolve(name + ".log");
        Files.writeString(log, "+ " + (env.isEmpty() ? "" : env + " ") + String.join(" ", cmd) + "\n");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread hook = new Thread(p::destroyForcibly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        ChildJvm c = new ChildJvm(name, p, hook, log);
        Thread pump = new Thread(c::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
        return c;
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = Files.newOutputStream(log, java.nio.file.StandardOpenOption.APPEND)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("bench-error output: " + e);
        }
        lines.add("bench-exited");
    }

    /** The first line (from now on) that {@code wanted} accepts; fails on timeout or when the child exits. */
    public String await(Predicate<String> wanted, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new TimeoutException(name + ": no expected line within " + timeout + " (see " + log + ")");
            }
            if (wanted.test(line)) {
                return line;
            }
            if (line.equals("bench-exited") || line.startsWith("bench-error")) {
                throw new IllegalStateException(name + " " + line + " (see " + log + ")");
            }
        }
    }

    /** How long {@link #close()} waits after closing stdin before SIGTERM. */
    public ChildJvm exitGrace(Duration grace) {
        exitGrace = grace;
        return this;
    }

    public void send(String command) {
        stdin.println(command);
    }

    public Map<String, String> command(String command, Duration timeout) throws InterruptedException, TimeoutException {
        send(command);
        return parse(await(l -> l.startsWith("bench-" + command), timeout));
    }

    public static Map<String, String> parse(String line) {
        Map<String, String> m = new HashMap<>();
        for (String part : line.split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            stdin.close();
            if (!process.waitFor(exitGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook kills it
            }
        }
    }
}
