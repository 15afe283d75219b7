package io.quoterelay.protocol.testing;

import io.netty.handler.ssl.SslContext;
import io.quoterelay.certs.CertificateAuthority;
import io.quoterelay.certs.CertificateSpec;
import io.quoterelay.certs.IssuedCertificate;
import io.quoterelay.certs.PkiFiles;
import io.quoterelay.protocol.netty.TlsContexts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The certificates a TLS test needs, as PEM files in one folder: the deployment's set from the
 * certs-tool ({@link PkiFiles}: CA, a server certificate naming 127.0.0.1 and localhost, client
 * {@value #CLIENT}), a client certificate from another CA (a stranger) and an expired client
 * certificate from the right CA. Contexts for the usual peers are one call away.
 */
public final class TestPki {
    /** The client certificate's name, as the sender's in a deployment. */
    public static final String CLIENT = "sender";
    public static final String SERVER_IP = "127.0.0.1";

    private final PkiFiles files;
    private final IssuedCertificate stranger;

    private TestPki(PkiFiles files, IssuedCertificate stranger) {
        this.files = files;
        this.stranger = stranger;
    }

    private static TestPki shared;

    /**
     * One set per test JVM, made on first use in a temporary folder removed at exit. The files are
     * only read, so test classes share them rather than each making its own in a {@code @TempDir}.
     */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("quoterelay-test-pki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir), "test-pki-cleanup"));
                shared = create(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the test certificates", e);
            }
        }
        return shared;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans it up anyway
        }
    }

    /** Writes the whole set into {@code dir} (a test's {@code @TempDir}); refuses to overwrite. */
    public static TestPki create(Path dir) throws IOException {
        PkiFiles files = PkiFiles.generate(dir, List.of(SERVER_IP), List.of("localhost"), List.of(CLIENT), false);
        IssuedCertificate stranger = CertificateAuthority.create("another CA").issueClient("stranger");
        stranger.writePem(dir.resolve("stranger.crt"), dir.resolve("stranger.key"), false);
        Instant now = Instant.now();
        CertificateAuthority.load(files.caCert(), files.caKey())
            .issue(CertificateSpec.client("expired sender").notBefore(now.minus(Duration.ofDays(30)))
                .notAfter(now.minus(Duration.ofDays(1))))
            .writePem(dir.resolve("expired.crt"), dir.resolve("expired.key"), false);
        return new TestPki(files, stranger);
    }

    public PkiFiles files() {
        return files;
    }

    public Path caCert() {
        return files.caCert();
    }

    public Path serverCert() {
        return files.serverCert();
    }

    public Path serverKey() {
        return files.serverKey();
    }

    public Path clientCert() {
        return files.clientCert(CLIENT);
    }

    public Path clientKey() {
        return files.clientKey(CLIENT);
    }

    /** The client certificate another CA issued, with its key, for clients that offer it whatever the server asks. */
    public IssuedCertificate stranger() {
        return stranger;
    }

    public Path strangerCert() {
        return files.dir().resolve("stranger.crt");
    }

    public Path strangerKey() {
        return files.dir().resolve("stranger.key");
    }

    public Path expiredCert() {
        return files.dir().resolve("expired.crt");
    }

    public Path expiredKey() {
        return files.dir().resolve("expired.key");
    }

    /** The receiver's side: this server certificate, client certificates from this CA required. */
    public SslContext serverTls() {
        return TlsContexts.server(serverCert(), serverKey(), caCert(), true);
    }

    /** The sender's side: trusts this CA, presents client {@value #CLIENT}. */
    public SslContext clientTls() {
        return TlsContexts.client(caCert(), clientCert(), clientKey());
    }

    /** A client that presents no certificate. */
    public SslContext anonymousClientTls() {
        return TlsContexts.client(caCert(), null, null);
    }

    /** A client whose certificate another CA issued (an OpenSSL or JDK client withholds it: the server names its CA). */
    public SslContext strangerClientTls() {
        return TlsContexts.client(caCert(), strangerCert(), strangerKey());
    }

    /** A client with an expired certificate from this CA. */
    public SslContext expiredClientTls() {
        return TlsContexts.client(caCert(), expiredCert(), expiredKey());
    }
}
