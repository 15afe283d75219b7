package io.quoterelay.protocol.netty;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.quoterelay.protocol.Throwables;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for the relay link: TLS 1.3 only, BoringSSL through netty-tcnative. Netty silently falls
 * back to the JDK's slower TLS when the native library is missing, so this refuses to start
 * instead; the JDK provider is only used when asked for explicitly ({@link #PROVIDER_PROPERTY}).
 */
public final class TlsContexts {
    /** The only protocol version either side offers. */
    public static final String TLS_1_3 = "TLSv1.3";
    /**
     * How long closing a connection waits to flush TLS close_notify before it drops the socket
     * (Netty's default is 3 s). A healthy peer takes microseconds; a dead link or a peer that
     * stopped reading never takes it, and those are the connections closed in a hurry.
     */
    public static final long CLOSE_NOTIFY_FLUSH_TIMEOUT_MILLIS = 200;
    /** System property: set to {@code jdk} to run on the JDK's TLS where BoringSSL cannot load. */
    public static final String PROVIDER_PROPERTY = "quoterelay.tls.provider";

    private TlsContexts() {
    }

    /**
     * The receiver's context. With {@code requireClientCertificate} the handshake fails unless the
     * client presents a certificate issued by {@code trustedCa}.
     */
    public static SslContext server(Path certificate, Path privateKey, Path trustedCa, boolean requireClientCertificate) {
        readable(certificate, "server certificate");
        readable(privateKey, "server private key");
        if (requireClientCertificate) {
            readable(trustedCa, "CA certificate that signs client certificates");
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(certificate.toFile(), privateKey.toFile())
                .sslProvider(provider())
                .protocols(TLS_1_3)
                .clientAuth(requireClientCertificate ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (requireClientCertificate) {
                b.trustManager(trustedCa.toFile());
            }
            return b.build();
        } catch (Exception e) {
            throw new TlsSetupException("cannot load server certificate " + certificate + " with key " + privateKey
                + " (CA " + trustedCa + "): " + Throwables.rootMessage(e) + "; regenerate them with certs-tool", e);
        }
    }

    /**
     * The sender's context: trusts only {@code trustedCa} and verifies that the receiver's
     * certificate names the host dialled (pass that host to {@code newHandler(alloc, host, port)}).
     * {@code clientCertificate} may be null only for a receiver that does not require one.
     */
    public static SslContext client(Path trustedCa, Path clientCertificate, Path clientKey) {
        readable(trustedCa, "CA certificate that signs the receiver's certificate");
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                .sslProvider(provider())
                .protocols(TLS_1_3)
                .endpointIdentificationAlgorithm("HTTPS")
                .trustManager(trustedCa.toFile());
            if (clientCertificate != null) {
                readable(clientCertificate, "client certificate");
                readable(clientKey, "client private key");
                b.keyManager(clientCertificate.toFile(), clientKey.toFile());
            }
            return b.build();
        } catch (TlsSetupException e) {
            throw e;
        } catch (Exception e) {
            throw new TlsSetupException("cannot load client TLS files (CA " + trustedCa + ", certificate "
                + clientCertificate + ", key " + clientKey + "): " + Throwables.rootMessage(e) + "; regenerate them with certs-tool", e);
        }
    }

    /** BoringSSL unless the JDK provider is requested; fails loudly when BoringSSL cannot load. */
    public static SslProvider provider() {
        if ("jdk".equalsIgnoreCase(System.getProperty(PROVIDER_PROPERTY))) {
            return SslProvider.JDK;
        }
        if (!OpenSsl.isAvailable()) {
            throw new TlsSetupException("BoringSSL (netty-tcnative) could not be loaded: "
                + OpenSsl.unavailabilityCause() + "; use a glibc-based image (tcnative has no musl build) or run with -D"
                + PROVIDER_PROPERTY + "=jdk", OpenSsl.unavailabilityCause());
        }
        return SslProvider.OPENSSL;
    }

    private static void readable(Path file, String what) {
        if (file == null) {
            throw new TlsSetupException("no " + what + " configured");
        }
        if (!Files.isRegularFile(file)) {
            throw new TlsSetupException(what + " " + file + " does not exist; generate it with certs-tool");
        }
        if (!Files.isReadable(file)) {
            throw new TlsSetupException(what + " " + file + " is not readable by this user");
        }
    }
}
