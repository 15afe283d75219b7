package io.quoterelay.ops.lifecycle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A service main in a JVM of its own, on this test's class path, for tests that stop it the way a
 * container runtime does: {@link #terminate()} sends SIGTERM ({@link ProcessHandle#destroy()}) and
 * waits for the exit. Its standard output and error are collected line by line.
 */
public final class ServiceProcess implements AutoCloseable {
    /** How long a test waits for a line or for the exit: generous, a loaded CI machine starts JVMs slowly. */
    public static final Duration WAIT = Duration.ofSeconds(60);

    private final Process process;
    private final Thread reader;
    private final List<String> lines = new ArrayList<>();

    private ServiceProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::read, "service-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code mainClass} with {@code args} and these environment variables added to this JVM's. */
    public static ServiceProcess start(String mainClass, Map<String, String> env, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ServiceProcess(pb.start());
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read stays
        }
    }

    /** Waits for a line that matches (bounded by {@link #WAIT}); fails naming {@code what} and showing the output. */
    public String awaitLine(Predicate<String> match, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            boolean ended = !reader.isAlive(); // read before looking, so a line that came just before the end counts
            for (String l : output()) {
                if (match.test(l)) {
                    return l;
                }
            }
            if (ended || System.nanoTime() > deadline) {
                throw new AssertionError("no line with " + what + (ended ? " before the process ended" : "")
                    + "; output:\n" + String.join("\n", output()));
            }
            synchronized (lines) {
                lines.wait(100);
            }
        }
    }

    /**
     * Sends SIGTERM and returns the exit code once the process has ended and all its output is read
     * (bounded by {@link #WAIT}).
     */
    public int terminate() throws InterruptedException {
        // Through the handle: Process.destroy() sends the same SIGTERM but also closes our end of
        // the output pipe, losing the lines the service writes while it closes.
        process.toHandle().destroy();
        if (!process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("did not exit within " + WAIT + " of SIGTERM; output:\n" + String.join("\n", output()));
        }
        reader.join(WAIT.toMillis());
        return process.exitValue();
    }

    /** Everything it wrote so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Kills it if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
