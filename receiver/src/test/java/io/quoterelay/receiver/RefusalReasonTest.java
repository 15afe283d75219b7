package io.quoterelay.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.quoterelay.certs.IssuedCertificate;
import io.quoterelay.protocol.PythonFrameFixtures;
import io.quoterelay.protocol.netty.TlsContexts;
import io.quoterelay.protocol.testing.Await;
import io.quoterelay.protocol.testing.FrameTestClient;
import io.quoterelay.protocol.testing.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The refusal texts operators are told to look for (docs/operations.md, "Refusal reasons") are
 * the texts the receiver prints: the table and {@link RefusalReason} list the same texts, and each
 * real kind of refused client produces the line its row names.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefusalReasonTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path OPERATIONS = Path.of("..", "docs", "operations.md");
    private static final TestPki pki = TestPki.shared();
    static SslContext noCertificate;
    static SslContext otherCaWithheld;
    static SslContext otherCaSent;
    static SslContext expired;
    static SslContext tls12;

    @RegisterExtension
    final ReceiverRig rig = new ReceiverRig();

    @BeforeAll
    static void certificates() throws Exception {
        noCertificate = pki.anonymousClientTls();
        otherCaWithheld = pki.strangerClientTls();
        otherCaSent = SslContextBuilder.forClient().sslProvider(TlsContexts.provider()).protocols(TlsContexts.TLS_1_3)
            .trustManager(pki.caCert().toFile()).keyManager(new AlwaysOffers(pki.stranger())).build();
        expired = pki.expiredClientTls();
        tls12 = SslContextBuilder.forClient().sslProvider(TlsContexts.provider()).protocols("TLSv1.2")
            .trustManager(pki.caCert().toFile()).keyManager(pki.clientCert().toFile(), pki.clientKey().toFile())
            .build();
    }

    /** The texts in the first column of operations.md's "Refusal reasons" table. */
    static Set<String> documentedReasons() throws Exception {
        String doc = Files.readString(OPERATIONS);
        int start = doc.indexOf("## Refusal reasons");
        assertTrue(start >= 0, "operations.md has a \"Refusal reasons\" section");
        int end = doc.indexOf("\n## ", start + 4);
        Matcher m = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(doc.substring(start, end < 0 ? doc.length() : end));
        Set<String> texts = new LinkedHashSet<>();
        while (m.find()) {
            texts.add(m.group(1));
        }
        return texts;
    }

    @Test
    void operationsMdListsExactlyTheTextsTheReceiverPrints() throws Exception {
        Set<String> code = Arrays.stream(RefusalReason.values()).map(RefusalReason::text)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        assertEquals(code, documentedReasons());
    }

    static Stream<Arguments> refusedClients() {
        return Stream.of(
            Arguments.of("no client certificate", (Client) port -> tls(port, noCertificate), RefusalReason.NO_CLIENT_CERTIFICATE),
            // A client built on OpenSSL or the JDK (our sender) offers only a certificate from a CA the
            // server's request names, so the receiver sees none; a client that sends it anyway is told apart.
            Arguments.of("certificate from another CA, withheld by the client",
                (Client) port -> tls(port, otherCaWithheld), RefusalReason.NO_CLIENT_CERTIFICATE),
            Arguments.of("certificate from another CA, sent anyway",
                (Client) port -> tls(port, otherCaSent), RefusalReason.UNKNOWN_CA),
            Arguments.of("expired certificate", (Client) port -> tls(port, expired), RefusalReason.EXPIRED_CERTIFICATE),
            Arguments.of("TLS 1.2 only", (Client) port -> tls(port, tls12), RefusalReason.PROTOCOL_VERSION),
            Arguments.of("plaintext", (Client) port -> {
                try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", port, null, true, null)) {
                    c.sendRaw(PythonFrameFixtures.BTC_SEQ_1);
                    c.awaitClosed(Duration.ofSeconds(10));
                }
            }, RefusalReason.NOT_TLS));
    }

    /** A client key manager that offers its certificate whatever CAs the server asks for. */
    static final class AlwaysOffers extends javax.net.ssl.X509ExtendedKeyManager {
        private final IssuedCertificate certificate;

        AlwaysOffers(IssuedCertificate certificate) {
            this.certificate = certificate;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"stranger"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return "stranger";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                                              javax.net.ssl.SSLEngine engine) {
            return "stranger";
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public java.security.cert.X509Certificate[] getCertificateChain(String alias) {
            return new java.security.cert.X509Certificate[] {certificate.certificate()};
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return certificate.privateKey();
        }
    }

    interface Client {
        void connect(int port) throws Exception;
    }

    static void tls(int port, SslContext ssl) throws Exception {
        try (FrameTestClient c = FrameTestClient.connect("127.0.0.1", port, ssl, true, null)) {
            c.awaitClosed(Duration.ofSeconds(10));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedClients")
    void eachRefusedClientIsLoggedWithItsDocumentedText(String name, Client client, RefusalReason expected)
        throws Exception {
        RelayReceiver receiver = rig.start(ReceiverRig.builder().warmupQuotes(0).onQuote(q -> { }));
        client.connect(receiver.port());
        Await.until(name + ": refused", WAIT, () -> receiver.stats().connections().refused() == 1);
        Await.until(name + ": logged", WAIT, () -> rig.log.contains("closed connection"));
        String line = rig.log.messages().stream().filter(m -> m.contains("closed connection")).findFirst().orElseThrow();
        assertTrue(line.contains(": " + expected.text() + " ("), name + ": " + line);
        assertTrue(documentedReasons().contains(expected.text()));
    }
}
