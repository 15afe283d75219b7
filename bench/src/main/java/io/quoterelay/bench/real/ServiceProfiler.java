package io.quoterelay.bench.real;

import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.AgentLoadException;
import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * async-profiler (the {@code tools.profiler:async-profiler} jar on the bench's class path carries its
 * native library) attached to a running service JVM for the measured window only, so start-up and
 * warm-up stay out of the picture. It samples CPU time with native and kernel frames, which a JFR
 * recording does not show: the syscalls, the TLS library and the JVM's own stubs are where the cost
 * of a quote on sleeping threads goes. The result is the collapsed-stack text ({@code flamegraph.pl}
 * and speedscope read it) and {@link ProfileSummary}'s one line.
 */
final class ServiceProfiler {
    /** One sample per millisecond of CPU: hundreds per second at 100 msg/s, little overhead. */
    private static final String SAMPLING = "interval=1ms,threads";

    private final String pid;
    private final Path library;
    private final Path collapsed;

    private ServiceProfiler(long pid, Path library, Path collapsed) {
        this.pid = Long.toString(pid);
        this.library = library;
        this.collapsed = collapsed;
    }

    /**
     * The native library copied out of the class path into {@code dir} (the JVM loads agents from files).
     *
     * @throws IOException saying why there is none for this platform
     */
    static Path library(Path dir) throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        String platform = arch.equals("amd64") || arch.equals("x86_64") ? "linux-x64"
            : arch.equals("aarch64") ? "linux-arm64" : null;
        if (!os.contains("linux") || platform == null) {
            throw new IOException("async-profiler ships no library for " + os + "/" + arch + " in its jar");
        }
        String resource = platform + "/libasyncProfiler.so";
        try (InputStream in = ServiceProfiler.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the class path (tools.profiler:async-profiler in bench/pom.xml)");
            }
            Files.createDirectories(dir);
            Path out = dir.resolve("libasyncProfiler.so");
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        }
    }

    /**
     * Starts sampling CPU in {@code pid}: perf events first (kernel frames included); where the kernel
     * refuses them (a container without perf_event_open), the process's interval timer.
     */
    static ServiceProfiler start(long pid, Path library, Path collapsed) throws IOException {
        ServiceProfiler p = new ServiceProfiler(pid, library, collapsed);
        try {
            p.command("start,event=cpu," + SAMPLING);
        } catch (IOException perfRefused) {
            p.command("start,event=itimer," + SAMPLING);
        }
        return p;
    }

    /** Stops sampling and writes the collapsed stacks; {@return the file} */
    Path stop() throws IOException {
        command("stop,collapsed,file=" + collapsed.toAbsolutePath());
        return collapsed;
    }

    private void command(String options) throws IOException {
        VirtualMachine vm;
        try {
            vm = VirtualMachine.attach(pid);
        } catch (AttachNotSupportedException e) {
            throw new IOException("cannot attach to JVM " + pid + ": " + e.getMessage(), e);
        }
        try {
            vm.loadAgentPath(library.toAbsolutePath().toString(), options);
        } catch (AgentLoadException | AgentInitializationException e) {
            throw new IOException("async-profiler refused '" + options + "' in JVM " + pid + ": " + e.getMessage(), e);
        } finally {
            vm.detach();
        }
    }
}
