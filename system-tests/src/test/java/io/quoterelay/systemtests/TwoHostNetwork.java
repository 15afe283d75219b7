package io.quoterelay.systemtests;

import io.quoterelay.certs.PkiFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two "hosts" on this machine: network namespaces {@code fra} and {@code ams} joined by a veth
 * pair, {@value #FRA_ADDRESS} and {@value #AMS_ADDRESS}, each with its own loopback up. Names carry
 * this JVM's pid so that parallel or leftover runs do not collide; {@link #close()} deletes both
 * namespaces, which removes the veth pair with them. Needs root (CAP_NET_ADMIN) and iproute2.
 */
final class TwoHostNetwork implements AutoCloseable {
    static final String FRA_ADDRESS = "10.213.7.1";
    static final String AMS_ADDRESS = "10.213.7.2";

    final String fra;
    final String ams;
    final String fraLink;
    final String amsLink;

    private TwoHostNetwork(String suffix) {
        fra = "qrfra" + suffix;
        ams = "qrams" + suffix;
        fraLink = "qf" + suffix;
        amsLink = "qa" + suffix;
    }

    /** Creates the network, or explains in the exception why it cannot be created here. */
    static TwoHostNetwork create() throws IOException, InterruptedException {
        TwoHostNetwork n = new TwoHostNetwork(String.valueOf(ProcessHandle.current().pid()));
        try {
            n.ip("netns", "add", n.fra);
            n.ip("netns", "add", n.ams);
            n.ip("link", "add", n.fraLink, "type", "veth", "peer", "name", n.amsLink);
            n.ip("link", "set", n.fraLink, "netns", n.fra);
            n.ip("link", "set", n.amsLink, "netns", n.ams);
            n.in(n.fra, "ip", "addr", "add", FRA_ADDRESS + "/30", "dev", n.fraLink);
            n.in(n.ams, "ip", "addr", "add", AMS_ADDRESS + "/30", "dev", n.amsLink);
            for (String ns : List.of(n.fra, n.ams)) {
                n.in(ns, "ip", "link", "set", "lo", "up");
            }
            n.in(n.fra, "ip", "link", "set", n.fraLink, "up");
            n.in(n.ams, "ip", "link", "set", n.amsLink, "up");
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    /** Creates the network, or skips the calling test where this machine cannot (not root, no iproute2). */
    static TwoHostNetwork createOrSkip() throws InterruptedException {
        try {
            return create();
        } catch (IOException e) {
            return Assumptions.abort("SKIPPED: cannot create network namespaces here (needs root and iproute2): "
                + e.getMessage());
        }
    }

    /** Certificates for a receiver on {@value #AMS_ADDRESS} and client {@code sender}, written into {@code dir}. */
    static PkiFiles certificates(Path dir) throws IOException {
        return PkiFiles.generate(dir, List.of(AMS_ADDRESS), List.of(), List.of("sender"), false);
    }

    /** {@link ProbeReceiverMain} in Amsterdam, listening on {@value #AMS_ADDRESS}:{@code port}. */
    ProbeProcess startReceiver(PkiFiles pki, int port) throws IOException {
        return start(ams, "io.quoterelay.systemtests.ProbeReceiverMain", String.valueOf(port),
            pki.serverCert().toString(), pki.serverKey().toString(), pki.caCert().toString(), AMS_ADDRESS);
    }

    /** {@link ProbeSenderMain} in Frankfurt, sending {@code rate} quotes a second to the receiver in Amsterdam. */
    ProbeProcess startSender(PkiFiles pki, int port, int rate) throws IOException {
        return start(fra, "io.quoterelay.systemtests.ProbeSenderMain", AMS_ADDRESS, String.valueOf(port),
            pki.caCert().toString(), pki.clientCert("sender").toString(), pki.clientKey("sender").toString(),
            String.valueOf(rate));
    }

    private static ProbeProcess start(String ns, String main, String... args) throws IOException {
        List<String> cmd = inside(ns, ProbeProcess.javaCommand(main, args));
        return new ProbeProcess(new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    /** The command prefix that runs a program inside namespace {@code ns}. */
    static List<String> inside(String ns, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        cmd.addAll(command);
        return cmd;
    }

    /** Takes Amsterdam's end of the link down (the peer loses carrier too) or brings it back up. */
    void amsLink(boolean up) throws IOException, InterruptedException {
        in(ams, "ip", "link", "set", amsLink, up ? "up" : "down");
    }

    /**
     * Delays every packet Amsterdam sends (one direction only) with {@code tc netem}. Throws when
     * the kernel has no sch_netem (some VMs and containers): the caller skips.
     */
    void delayAmsEgress(long millis) throws IOException, InterruptedException {
        in(ams, "tc", "qdisc", "add", "dev", amsLink, "root", "netem", "delay", millis + "ms");
    }

    private void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private void in(String ns, String... args) throws IOException, InterruptedException {
        run(inside(ns, List.of(args)));
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": no answer within 10 s");
        }
        if (p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            throw new IOException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (String ns : List.of(fra, ams)) {
            Process p = new ProcessBuilder("ip", "netns", "del", ns).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes(); // "does not exist" when creation stopped early: fine
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
