package io.quoterelay.certs;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code certs-tool}: writes the private CA, the receiver's server certificate and the senders'
 * client certificates for mutual TLS between sender and receiver. All the work is in
 * {@link PkiFiles}; this class only parses flags and reports.
 */
@Command(name = "certs-tool", sortOptions = false, usageHelpAutoWidth = true,
    description = "Makes a private CA, a server certificate for the receiver and client certificates for the senders, "
        + "as PEM files (EC P-256, keys as unencrypted PKCS#8 with mode 0600).",
    footer = {"", "Example: certs-tool --ip 10.0.0.5 --dns recv.example.com --client sender"})
public final class CertsTool implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    /**
     * Outside any clone by default: the directory holds the CA key, which a `git add .` inside a
     * clone would otherwise be one step from committing.
     */
    @Option(names = "--out", defaultValue = "${sys:user.home}/quoterelay-pki", paramLabel = "DIR",
        description = "Directory for the files; created with mode 0700 if missing (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--ip", paramLabel = "ADDRESS",
        description = "IP address the sender dials to reach the receiver (repeatable).")
    List<String> ips = new ArrayList<>();

    @Option(names = "--dns", paramLabel = "NAME",
        description = "DNS name the sender dials to reach the receiver (repeatable).")
    List<String> dnsNames = new ArrayList<>();

    @Option(names = "--client", paramLabel = "NAME",
        description = "Client certificate to make, written as NAME.crt/NAME.key (repeatable; default: sender).")
    List<String> clients = new ArrayList<>();

    @Option(names = "--days", defaultValue = "825", paramLabel = "N",
        description = "Lifetime of server and client certificates in days (default: ${DEFAULT-VALUE}).")
    int days;

    @Option(names = "--ca-days", defaultValue = "3650", paramLabel = "N",
        description = "Lifetime of a new CA in days (default: ${DEFAULT-VALUE}).")
    int caDays;

    @Option(names = "--reuse-ca",
        description = "Issue from the CA already in DIR (ca.crt, ca.key) instead of making a new one;"
            + " the server certificate is only made when --ip/--dns are given.")
    boolean reuseCa;

    @Option(names = "--force", description = "Replace existing files, including keys.")
    boolean force;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the tool with the given streams and returns the exit code (0 ok, 1 failed, 2 bad usage). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new CertsTool());
        cl.setOut(out);
        cl.setErr(err);
        // One line that names the problem beats a wall of usage text.
        cl.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("certs-tool: " + ex.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("certs-tool: " + describe(ex));
            return EXIT_FAILED;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() throws IOException {
        if (days <= 0) {
            throw new ParameterException(spec.commandLine(), "--days must be positive, got " + days);
        }
        if (caDays <= 0) {
            throw new ParameterException(spec.commandLine(), "--ca-days must be positive, got " + caDays);
        }
        if (!reuseCa && days > caDays) {
            throw new ParameterException(spec.commandLine(),
                "--days " + days + " exceeds --ca-days " + caDays + ": certificates would outlive their CA");
        }
        if (!reuseCa && ips.isEmpty() && dnsNames.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one --ip or --dns: the server certificate must name "
                + "the address the sender dials, or the sender's TLS name check rejects it");
        }
        PkiFiles files;
        try {
            if (reuseCa) {
                files = PkiFiles.issueFromExistingCa(out, ips, dnsNames, clients, Duration.ofDays(days), force);
            } else {
                files = PkiFiles.generate(out, ips, dnsNames, clients.isEmpty() ? PkiFiles.DEFAULT_CLIENTS : clients,
                    Duration.ofDays(days), Duration.ofDays(caDays), force);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        report(spec.commandLine().getOut(), files);
        return EXIT_OK;
    }

    private void report(PrintWriter w, PkiFiles files) {
        w.println("Wrote certificates to " + files.dir().toAbsolutePath().normalize());
        List<String[]> rows = new ArrayList<>();
        if (files.hasServer()) {
            rows.add(new String[] {"receiver host (Amsterdam):", "ca.crt server.crt server.key"});
        }
        for (String c : files.clientNames()) {
            String host = "sender".equals(c) ? "sender host (Frankfurt):" : c + " host:";
            rows.add(new String[] {host, "ca.crt " + c + ".crt " + c + ".key"});
        }
        int hostWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int filesWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        for (String[] r : rows) {
            w.printf("  %-" + hostWidth + "s %-" + filesWidth + "s   -> mount at /certs (read-only)%n", r[0], r[1]);
        }
        w.println(reuseCa ? "  ca.key was reused and not rewritten; keep it offline" : "  keep ca.key offline; it signs new certificates");
        if (files.hasServer()) {
            List<String> names = new ArrayList<>();
            files.serverIps().forEach(ip -> names.add("IP " + ip));
            files.serverDnsNames().forEach(d -> names.add("DNS " + d));
            w.println("Server certificate names: " + String.join(", ", names) + " (the sender must dial one of these)");
        }
        w.flush();
    }

    private static String describe(Exception e) {
        if (e instanceof KeyFileExistsException) {
            return e.getMessage();
        }
        if (e instanceof java.nio.file.NoSuchFileException nsf) {
            return "no such file " + nsf.getFile() + (nsf.getFile() != null && nsf.getFile().endsWith("ca.key")
                || nsf.getFile() != null && nsf.getFile().endsWith("ca.crt") ? "; --reuse-ca needs the CA in --out" : "");
        }
        String m = e.getMessage();
        return (m == null ? e.getClass().getSimpleName() : m);
    }
}
