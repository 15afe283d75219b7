package io.quoterelay.certs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    private static final CertificateAuthority CA = CertificateAuthority.create("quoterelay CA");

    @Test
    void caIsSelfSignedP256CaThatMaySignCertificates() throws Exception {
        X509Certificate ca = CA.certificate();
        ca.verify(ca.getPublicKey());
        assertEquals("SHA256withECDSA", ca.getSigAlgName());
        assertEquals(256, ((ECPrivateKey) CA.privateKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(ca.getBasicConstraints() >= 0, "basicConstraints CA:true");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertTrue(ca.getNonCriticalExtensionOIDs().contains("2.5.29.14"), "subject key identifier");
    }

    @Test
    void serverCertificateValidatesAgainstCaAndCarriesRequestedSansAndServerAuth() throws Exception {
        IssuedCertificate server = CA.issueServer("receiver", List.of("127.0.0.1", "::1"), List.of("localhost", "recv.example.com"));
        X509Certificate cert = server.certificate();

        validate(cert, CA.certificate());
        assertEquals(Set.of(List.of(SAN_IP, "127.0.0.1"), List.of(SAN_IP, "0:0:0:0:0:0:0:1"),
            List.of(SAN_DNS, "localhost"), List.of(SAN_DNS, "recv.example.com")), sans(cert));
        assertEquals(List.of(SERVER_AUTH), cert.getExtendedKeyUsage());
        assertTrue(cert.getKeyUsage()[0], "digitalSignature");
        assertEquals(-1, cert.getBasicConstraints(), "not a CA");
        assertTrue(cert.getNonCriticalExtensionOIDs().contains("2.5.29.35"), "authority key identifier");
    }

    @Test
    void clientCertificateCarriesClientAuthAndValidatesAgainstCa() throws Exception {
        X509Certificate cert = CA.issueClient("sender").certificate();

        validate(cert, CA.certificate());
        assertEquals(List.of(CLIENT_AUTH), cert.getExtendedKeyUsage());
        assertEquals("CN=sender", cert.getSubjectX500Principal().getName());
    }

    @Test
    void certificateFromAnotherCaFailsValidation() throws Exception {
        X509Certificate foreign = CertificateAuthority.create("other CA").issueClient("sender").certificate();

        assertThrows(CertPathValidatorException.class, () -> validate(foreign, CA.certificate()));
    }

    @Test
    void specWithNotAfterInThePastMakesAnExpiredCertificate() {
        Instant t0 = Instant.now().minus(Duration.ofDays(30));
        Instant t1 = Instant.now().minus(Duration.ofDays(1));
        X509Certificate expired = CA.issue(CertificateSpec.client("old").notBefore(t0).notAfter(t1)).certificate();

        assertThrows(CertificateExpiredException.class, expired::checkValidity);
        assertEquals(t1.getEpochSecond(), expired.getNotAfter().toInstant().getEpochSecond());
    }

    @Test
    void wrongNameSpecCarriesOnlyTheGivenNames() throws Exception {
        X509Certificate wrong = CA.issue(CertificateSpec.server("receiver").ip("10.9.9.9").dns("example.invalid")).certificate();

        assertEquals(Set.of(List.of(SAN_IP, "10.9.9.9"), List.of(SAN_DNS, "example.invalid")), sans(wrong));
    }

    @Test
    void leafIsBackdatedForClockSkewBetweenHosts() {
        X509Certificate cert = CA.issueClient("sender").certificate();

        assertTrue(cert.getNotBefore().toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(59))));
    }

    @Test
    void serialNumbersArePositiveRandomAndDistinct() {
        Set<java.math.BigInteger> serials = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            java.math.BigInteger s = CA.issueClient("c" + i).certificate().getSerialNumber();
            assertTrue(s.signum() > 0);
            assertTrue(s.bitLength() <= 128);
            serials.add(s);
        }
        assertEquals(20, serials.size());
        assertNotEquals(CA.certificate().getSerialNumber(), CA.issueClient("x").certificate().getSerialNumber());
    }

    @Test
    void rejectsHostNameAsIpAndIpAsDnsName() {
        IllegalArgumentException ip = assertThrows(IllegalArgumentException.class, () -> CertificateSpec.server("r").ip("recv.example.com"));
        assertTrue(ip.getMessage().contains("--dns"), ip.getMessage());
        IllegalArgumentException dns = assertThrows(IllegalArgumentException.class, () -> CertificateSpec.server("r").dns("10.0.0.5"));
        assertTrue(dns.getMessage().contains("--ip"), dns.getMessage());
    }

    @Test
    void existingCaIsAcceptedOnlyWithItsOwnKey() {
        CertificateAuthority other = CertificateAuthority.create("other CA");

        assertEquals(CA.certificate(), CertificateAuthority.of(CA.certificate(), CA.privateKey()).certificate());
        assertThrows(PkiException.class, () -> CertificateAuthority.of(CA.certificate(), other.privateKey()));
        IssuedCertificate leaf = CA.issueClient("sender");
        assertThrows(PkiException.class, () -> CertificateAuthority.of(leaf.certificate(), leaf.privateKey()));
    }

    static void validate(X509Certificate leaf, X509Certificate ca) throws Exception {
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX")
            .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), params);
    }

    private static Set<List<?>> sans(X509Certificate cert) throws Exception {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        assertFalse(names == null || names.isEmpty(), "has SANs");
        return new HashSet<>(names);
    }
}
