package io.quoterelay.certs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** A certificate and its private key. */
public final class IssuedCertificate {
    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    public IssuedCertificate(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Writes the certificate (mode {@code rw-r--r--}) and the PKCS#8 key (mode {@code rw-------}).
     * Without {@code force} it refuses, before writing either file, when one of them exists.
     *
     * @throws KeyFileExistsException naming the existing file
     */
    public void writePem(Path certificateFile, Path keyFile, boolean force) throws IOException {
        if (!force) {
            refuseExisting(keyFile);
            refuseExisting(certificateFile);
        }
        Pem.writePrivateKey(keyFile, privateKey, force);
        Pem.writeCertificate(certificateFile, certificate, force);
    }

    static void refuseExisting(Path file) throws KeyFileExistsException {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new KeyFileExistsException(file);
        }
    }

    @Override
    public String toString() {
        return certificate.getSubjectX500Principal().getName() + " serial " + certificate.getSerialNumber().toString(16);
    }
}
