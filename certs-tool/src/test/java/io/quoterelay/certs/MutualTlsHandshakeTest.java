package io.quoterelay.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS 1.3 handshakes on loopback with the JDK's TLS, using the PEM files exactly as the CLI
 * writes them: the server requires a client certificate, the client checks the server's name.
 */
class MutualTlsHandshakeTest {
    private static final int TIMEOUT_MS = 10_000;
    private static final char[] PASSWORD = "unused".toCharArray();

    @TempDir
    static Path dir;
    static PkiFiles pki;
    static ExecutorService serverThread;

    @BeforeAll
    static void generate() throws IOException {
        pki = PkiFiles.generate(dir.resolve("certs"), List.of("127.0.0.1"), List.of("localhost"), List.of("sender"), false);
        serverThread = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void handshakeSucceedsWithGeneratedServerAndClientCertificates() throws Exception {
        SSLContext server = context(Pem.readCertificate(pki.serverCert()), Pem.readPrivateKey(pki.serverKey()), pki.caCert());
        SSLContext client = context(Pem.readCertificate(pki.clientCert("sender")), Pem.readPrivateKey(pki.clientKey("sender")), pki.caCert());

        try (SSLServerSocket listener = listen(server)) {
            Future<Integer> served = serveOneEcho(listener);

            assertEquals(42, exchange(client, listener.getLocalPort(), 42));
            assertEquals(42, served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void serverRejectsClientCertificateFromAnotherCa() throws Exception {
        IssuedCertificate foreign = CertificateAuthority.create("quoterelay CA").issueClient("sender");
        SSLContext server = context(Pem.readCertificate(pki.serverCert()), Pem.readPrivateKey(pki.serverKey()), pki.caCert());
        SSLContext client = context(foreign.certificate(), foreign.privateKey(), pki.caCert());

        try (SSLServerSocket listener = listen(server)) {
            Future<Integer> served = serveOneEcho(listener);

            // In TLS 1.3 the client finishes its side before the server judges its certificate, so
            // the client may only notice on the first read: either way no echo comes back.
            int echoed;
            try {
                echoed = exchange(client, listener.getLocalPort(), 42);
            } catch (IOException expected) {
                echoed = -1;
            }
            assertEquals(-1, echoed);
            ExecutionException e = assertThrows(ExecutionException.class, () -> served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
            assertInstanceOf(SSLHandshakeException.class, e.getCause());
        }
    }

    @Test
    void clientRejectsServerCertificateThatDoesNotNameTheDialledAddress() throws Exception {
        CertificateAuthority ca = CertificateAuthority.load(pki.caCert(), pki.caKey());
        IssuedCertificate wrongName = ca.issue(CertificateSpec.server("receiver").ip("10.9.9.9").dns("example.invalid"));
        SSLContext server = context(wrongName.certificate(), wrongName.privateKey(), pki.caCert());
        SSLContext client = context(Pem.readCertificate(pki.clientCert("sender")), Pem.readPrivateKey(pki.clientKey("sender")), pki.caCert());

        try (SSLServerSocket listener = listen(server)) {
            Future<Integer> served = serveOneEcho(listener);

            assertThrows(SSLHandshakeException.class, () -> exchange(client, listener.getLocalPort(), 42));
            assertThrows(ExecutionException.class, () -> served.get(TIMEOUT_MS, TimeUnit.MILLISECONDS));
        }
    }

    private static SSLContext context(X509Certificate cert, PrivateKey key, Path trustedCa) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", key, PASSWORD, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate(trustedCa));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static SSLServerSocket listen(SSLContext ctx) throws IOException {
        SSLServerSocket s = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
        s.setNeedClientAuth(true);
        s.setEnabledProtocols(new String[] {"TLSv1.3"});
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    /** Accepts one connection, completes the handshake, echoes one byte. */
    private static Future<Integer> serveOneEcho(SSLServerSocket listener) {
        return serverThread.submit(() -> {
            try (SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(TIMEOUT_MS);
                s.startHandshake();
                int b = s.getInputStream().read();
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
                return b;
            }
        });
    }

    /** Dials 127.0.0.1 with HTTPS-style name checking, as the sender does; returns the echoed byte or -1. */
    private static int exchange(SSLContext ctx, int port, int value) throws IOException {
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            SSLParameters p = s.getSSLParameters();
            p.setProtocols(new String[] {"TLSv1.3"});
            p.setEndpointIdentificationAlgorithm("HTTPS");
            s.setSSLParameters(p);
            s.startHandshake();
            s.getOutputStream().write(value);
            s.getOutputStream().flush();
            return s.getInputStream().read();
        }
    }
}
