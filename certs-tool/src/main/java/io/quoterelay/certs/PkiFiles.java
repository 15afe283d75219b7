package io.quoterelay.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The set of PEM files the relay pair needs, in one directory, named as the containers expect
 * them under {@code /certs}: {@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code server.key}
 * and {@code NAME.crt}, {@code NAME.key} per client. The CLI writes exactly these through
 * {@link #generate}; tests in other modules call it for fixtures identical to a real deployment.
 */
public final class PkiFiles {
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String SERVER_CERT = "server.crt";
    public static final String SERVER_KEY = "server.key";
    public static final String CA_COMMON_NAME = "quoterelay CA";
    public static final String SERVER_COMMON_NAME = "receiver";
    public static final List<String> DEFAULT_CLIENTS = List.of("sender");

    /** Client names become file names: keep them plain, and away from the CA's and server's files. */
    private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<String> RESERVED_NAMES = Set.of("ca", "server");

    private final Path dir;
    private final boolean hasServer;
    private final List<String> serverIps;
    private final List<String> serverDnsNames;
    private final List<String> clientNames;

    private PkiFiles(Path dir, boolean hasServer, List<String> serverIps, List<String> serverDnsNames, List<String> clientNames) {
        this.dir = dir;
        this.hasServer = hasServer;
        this.serverIps = List.copyOf(serverIps);
        this.serverDnsNames = List.copyOf(serverDnsNames);
        this.clientNames = List.copyOf(clientNames);
    }

    /** A new CA, a server certificate and client certificates with the default lifetimes (825 days, CA 10 years). */
    public static PkiFiles generate(Path dir, List<String> ips, List<String> dnsNames, List<String> clientNames, boolean force)
        throws IOException {
        return generate(dir, ips, dnsNames, clientNames, CertificateSpec.DEFAULT_VALIDITY, CertificateAuthority.DEFAULT_VALIDITY, force);
    }

    /**
     * Makes a new CA and issues from it a server certificate naming {@code ips} and {@code dnsNames}
     * (at least one is required) and one client certificate per name. Without {@code force} it
     * writes nothing when any of the files exists, and throws {@link KeyFileExistsException} naming it.
     */
    public static PkiFiles generate(Path dir, List<String> ips, List<String> dnsNames, List<String> clientNames,
                                    Duration leafValidity, Duration caValidity, boolean force) throws IOException {
        requireServerNames(ips, dnsNames);
        PkiFiles files = new PkiFiles(dir, true, ips, dnsNames, checkClientNames(clientNames));
        Map<String, IssuedCertificate> pending = new LinkedHashMap<>();
        CertificateAuthority ca = CertificateAuthority.create(CA_COMMON_NAME, caValidity);
        pending.put("ca", new IssuedCertificate(ca.certificate(), ca.privateKey()));
        files.issueLeaves(ca, leafValidity, pending);
        files.writeAll(pending, force);
        return files;
    }

    /**
     * Issues more certificates from the CA already in {@code dir} (its {@code ca.crt} and
     * {@code ca.key} are read, never rewritten): a server certificate when {@code ips} or
     * {@code dnsNames} are given, and one client certificate per name. Certificates issued earlier
     * from that CA stay valid.
     */
    public static PkiFiles issueFromExistingCa(Path dir, List<String> ips, List<String> dnsNames, List<String> clientNames,
                                               Duration leafValidity, boolean force) throws IOException {
        boolean server = !ips.isEmpty() || !dnsNames.isEmpty();
        if (!server && clientNames.isEmpty()) {
            throw new IllegalArgumentException("nothing to issue: give --ip/--dns for a server certificate or --client NAME");
        }
        PkiFiles files = new PkiFiles(dir, server, ips, dnsNames, checkClientNames(clientNames));
        CertificateAuthority ca = CertificateAuthority.load(files.caCert(), files.caKey());
        Map<String, IssuedCertificate> pending = new LinkedHashMap<>();
        files.issueLeaves(ca, leafValidity, pending);
        files.writeAll(pending, force);
        return files;
    }

    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve(CA_CERT);
    }

    public Path caKey() {
        return dir.resolve(CA_KEY);
    }

    public Path serverCert() {
        return dir.resolve(SERVER_CERT);
    }

    public Path serverKey() {
        return dir.resolve(SERVER_KEY);
    }

    public Path clientCert(String name) {
        return dir.resolve(knownClient(name) + ".crt");
    }

    public Path clientKey(String name) {
        return dir.resolve(knownClient(name) + ".key");
    }

    /** Whether this run wrote {@code server.crt} and {@code server.key}. */
    public boolean hasServer() {
        return hasServer;
    }

    public List<String> serverIps() {
        return serverIps;
    }

    public List<String> serverDnsNames() {
        return serverDnsNames;
    }

    public List<String> clientNames() {
        return clientNames;
    }

    private void issueLeaves(CertificateAuthority ca, Duration leafValidity, Map<String, IssuedCertificate> pending) {
        if (hasServer) {
            pending.put("server", ca.issue(CertificateSpec.server(SERVER_COMMON_NAME)
                .ips(serverIps).dnsNames(serverDnsNames).validity(leafValidity)));
        }
        for (String name : clientNames) {
            pending.put(name, ca.issue(CertificateSpec.client(name).validity(leafValidity)));
        }
    }

    /** Checks every target before writing any, so a refusal leaves the directory as it was. */
    private void writeAll(Map<String, IssuedCertificate> pending, boolean force) throws IOException {
        if (!force) {
            for (String base : pending.keySet()) {
                IssuedCertificate.refuseExisting(dir.resolve(base + ".key"));
            }
            for (String base : pending.keySet()) {
                IssuedCertificate.refuseExisting(dir.resolve(base + ".crt"));
            }
        }
        Pem.createPrivateDirectory(dir);
        for (Map.Entry<String, IssuedCertificate> e : pending.entrySet()) {
            e.getValue().writePem(dir.resolve(e.getKey() + ".crt"), dir.resolve(e.getKey() + ".key"), force);
        }
    }

    private String knownClient(String name) {
        if (!clientNames.contains(name)) {
            throw new IllegalArgumentException("no client certificate named '" + name + "'; clients: " + clientNames);
        }
        return name;
    }

    private static void requireServerNames(List<String> ips, List<String> dnsNames) {
        if (ips.isEmpty() && dnsNames.isEmpty()) {
            throw new IllegalArgumentException("the server certificate needs at least one --ip or --dns: "
                + "the sender verifies the name it dials against it");
        }
    }

    private static List<String> checkClientNames(List<String> names) {
        Set<String> unique = new LinkedHashSet<>();
        for (String n : names) {
            if (n == null || !CLIENT_NAME.matcher(n).matches()) {
                throw new IllegalArgumentException("client name '" + n + "' must be letters, digits, '.', '_' or '-' "
                    + "(it becomes the file name NAME.crt)");
            }
            if (RESERVED_NAMES.contains(n.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("client name '" + n + "' would overwrite " + n + ".crt; choose another name");
            }
            unique.add(n);
        }
        return new ArrayList<>(unique);
    }

    @Override
    public String toString() {
        return "PkiFiles[" + dir + ", server=" + hasServer + ", clients=" + clientNames + "]";
    }
}
