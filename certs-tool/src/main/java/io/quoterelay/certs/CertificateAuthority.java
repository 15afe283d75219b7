package io.quoterelay.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private certificate authority: an EC P-256 key and a self-signed CA certificate that signs the
 * receiver's server certificate and the senders' client certificates (ECDSA with SHA-256).
 *
 * <p>Uses the JDK's providers for keys and signatures through BouncyCastle's JCA builders; it does
 * not register the BouncyCastle provider, so it changes nothing in the JVM it runs in.
 */
public final class CertificateAuthority {
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(3650);
    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /** A new CA valid for {@link #DEFAULT_VALIDITY} (ten years). */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, DEFAULT_VALIDITY);
    }

    public static CertificateAuthority create(String commonName, Duration validity) {
        CertificateSpec.requireName(commonName);
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("CA validity must be positive, got " + validity);
        }
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        X500Name name = name(commonName);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serialNumber(),
                Date.from(now.minus(CertificateSpec.CLOCK_SKEW_ALLOWANCE)), Date.from(now.plus(validity)), name, keys.getPublic())
                // Path length 0: this CA signs leaves only, never another CA.
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(b, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot create CA certificate for CN=" + commonName, e);
        }
    }

    /** Wraps an existing CA certificate and key, checking that they belong together and form a CA. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey privateKey) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        if (certificate.getBasicConstraints() < 0) {
            throw new PkiException("certificate " + certificate.getSubjectX500Principal() + " is not a CA (basicConstraints CA:false)");
        }
        if (!keyMatches(certificate.getPublicKey(), privateKey)) {
            throw new PkiException("private key does not belong to CA certificate " + certificate.getSubjectX500Principal());
        }
        return new CertificateAuthority(certificate, privateKey);
    }

    /** Loads a CA written by {@link #writePem}. */
    public static CertificateAuthority load(Path certificateFile, Path keyFile) throws IOException {
        try {
            return of(Pem.readCertificate(certificateFile), Pem.readPrivateKey(keyFile));
        } catch (PkiException e) {
            throw new PkiException(e.getMessage() + " (" + certificateFile + ", " + keyFile + ")", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Writes the CA certificate and key; see {@link IssuedCertificate#writePem}. */
    public void writePem(Path certificateFile, Path keyFile, boolean force) throws IOException {
        new IssuedCertificate(certificate, privateKey).writePem(certificateFile, keyFile, force);
    }

    /** A server certificate (EKU serverAuth) naming the given IP addresses and DNS names. */
    public IssuedCertificate issueServer(String commonName, List<String> ips, List<String> dnsNames) {
        return issue(CertificateSpec.server(commonName).ips(ips).dnsNames(dnsNames));
    }

    /** A client certificate (EKU clientAuth). */
    public IssuedCertificate issueClient(String commonName) {
        return issue(CertificateSpec.client(commonName));
    }

    /** Issues exactly what the spec says, including validity windows in the past or future. */
    public IssuedCertificate issue(CertificateSpec spec) {
        Instant now = Instant.now();
        Instant notBefore = spec.notBeforeAt(now);
        Instant notAfter = spec.notAfterAt(now);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter " + notAfter + " must be after notBefore " + notBefore);
        }
        KeyPair keys = newKeyPair();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serialNumber(),
                Date.from(notBefore), Date.from(notAfter), name(spec.commonName()), keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                // ECDSA keys only sign in TLS 1.2 ECDHE and TLS 1.3; keyEncipherment would be wrong for EC.
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    spec.usage() == CertificateSpec.Usage.SERVER ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate.getPublicKey()));
            List<GeneralName> sans = new ArrayList<>();
            for (String ip : spec.ips()) {
                sans.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            for (String dns : spec.dnsNames()) {
                sans.add(new GeneralName(GeneralName.dNSName, dns));
            }
            if (!sans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans.toArray(GeneralName[]::new)));
            }
            return new IssuedCertificate(sign(b, privateKey), keys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new PkiException("cannot issue certificate " + spec, e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("this JVM cannot generate EC P-256 keys", e);
        }
    }

    /** Random, positive, 128 bits: unpredictable and unique without keeping a serial counter. */
    static BigInteger serialNumber() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE_ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        try {
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            Signature s = Signature.getInstance(SIGNATURE_ALGORITHM);
            s.initSign(privateKey);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(SIGNATURE_ALGORITHM);
            v.initVerify(publicKey);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "CA " + certificate.getSubjectX500Principal().getName();
    }
}
