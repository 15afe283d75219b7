package io.quoterelay.systemtests;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A probe JVM ({@link ProbeReceiverMain}, {@link ProbeSenderMain}) and what it prints, read on a
 * daemon thread: its {@code LISTENING} and {@code FIRST} times, its latest {@code STATS} line, and
 * every other line (log lines) with the time it was read.
 */
final class ProbeProcess {
    private final Process process;
    private final List<TimedLine> lines = new CopyOnWriteArrayList<>();
    private volatile Long firstMs;
    private volatile Long listeningMs;
    private volatile String[] stats;

    record TimedLine(long readAtMs, String text) {
    }

    interface StatsCondition {
        /** Numeric fields of a STATS line; a field that is not a number reads as -1. */
        boolean test(long[] s);
    }

    /**
     * A JVM like this one (same Java, this class path less BouncyCastle), small heap, running
     * {@code main}. BouncyCastle is here only for making test certificates; where it is present,
     * Netty reads PEM keys through it, which adds a few hundred milliseconds of provider start-up
     * that the product's images (which lack it) never pay, and restart timings would measure that.
     */
    static List<String> javaCommand(String main, String... args) {
        String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !Path.of(e).getFileName().toString().matches("bc(prov|pkix|util)-.*\\.jar"))
            .collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", classPath, main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    ProbeProcess(Process process) {
        this.process = process;
        Thread t = new Thread(this::read, "probe-reader-" + process.pid());
        t.setDaemon(true);
        t.start();
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("LISTENING ")) {
                    listeningMs = Long.parseLong(line.substring(10).trim());
                } else if (line.startsWith("FIRST ")) {
                    firstMs = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("STATS ")) {
                    stats = line.substring(6).trim().split(" ");
                } else {
                    lines.add(new TimedLine(System.currentTimeMillis(), line));
                }
            }
        } catch (IOException e) {
            // the process died: what some tests do to it
        }
    }

    Long listeningMs() {
        return listeningMs;
    }

    Long firstQuoteMs(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (firstMs == null && System.nanoTime() < deadline && process.isAlive()) {
            Thread.sleep(5);
        }
        return firstMs;
    }

    String[] lastStats() {
        return stats;
    }

    static long[] numbers(String[] fields) {
        long[] v = new long[fields.length];
        for (int i = 0; i < fields.length; i++) {
            try {
                v[i] = Long.parseLong(fields[i]);
            } catch (NumberFormatException e) {
                v[i] = -1;
            }
        }
        return v;
    }

    /** The first STATS line that satisfies the condition within the timeout, or null. */
    long[] awaitStats(StatsCondition c, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String[] s = stats;
            if (s != null && c.test(numbers(s))) {
                return numbers(s);
            }
            Thread.sleep(20);
        }
        return null;
    }

    /** The first printed line containing {@code text} read at or after {@code fromMs}, waiting up to the timeout. */
    TimedLine awaitLine(String text, long fromMs, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (TimedLine l : lines) {
                if (l.readAtMs() >= fromMs && l.text().contains(text)) {
                    return l;
                }
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline && process.isAlive());
        return null;
    }

    /** What it printed besides LISTENING, FIRST and STATS (its log lines), with the time each was read. */
    List<TimedLine> lines() {
        return List.copyOf(lines);
    }

    void tell(String command) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
}
