package io.quoterelay.certs;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/**
 * PEM files as the relay's TLS setup reads them: certificates as {@code CERTIFICATE}, private keys
 * as unencrypted PKCS#8 {@code PRIVATE KEY} (the form Netty's {@code SslContextBuilder} loads with
 * both BoringSSL and the JDK provider; the SEC1 {@code EC PRIVATE KEY} form is not accepted there).
 *
 * <p>Key files are created with mode {@code rw-------} from the start (the permission is a
 * creation attribute, never a later chmod), so the key is never readable by others, not even
 * briefly. Existing files are only replaced when {@code force} is true, and then atomically.
 */
public final class Pem {
    public static final Set<PosixFilePermission> KEY_PERMISSIONS = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> CERTIFICATE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");
    public static final Set<PosixFilePermission> DIRECTORY_PERMISSIONS = PosixFilePermissions.fromString("rwx------");

    private Pem() {
    }

    public static String toPem(X509Certificate certificate) {
        return encode(certificate);
    }

    /** Unencrypted PKCS#8: {@code -----BEGIN PRIVATE KEY-----}. */
    public static String toPem(PrivateKey key) {
        try {
            return encode(new JcaPKCS8Generator(key, null));
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new PkiException("cannot encode " + key.getAlgorithm() + " private key as PKCS#8", e);
        }
    }

    /** Writes a certificate with mode {@code rw-r--r--}; refuses to replace an existing file unless {@code force}. */
    public static void writeCertificate(Path file, X509Certificate certificate, boolean force) throws IOException {
        write(file, toPem(certificate), CERTIFICATE_PERMISSIONS, force);
    }

    /** Writes a PKCS#8 private key with mode {@code rw-------}; refuses to replace an existing file unless {@code force}. */
    public static void writePrivateKey(Path file, PrivateKey key, boolean force) throws IOException {
        write(file, toPem(key), KEY_PERMISSIONS, force);
    }

    /** Reads the first certificate in a PEM file. */
    public static X509Certificate readCertificate(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    return new JcaX509CertificateConverter().getCertificate(holder);
                }
            }
        } catch (CertificateException e) {
            throw new IOException("cannot decode certificate in " + file + ": " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /** Reads an unencrypted private key: PKCS#8 ({@code PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}). */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            Object o;
            while ((o = parser.readObject()) != null) {
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof PEMKeyPair pair) {
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new IOException(file + " holds no unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    /** Creates {@code dir} (and missing parents) with mode {@code rwx------}; an existing directory is left as it is. */
    public static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY_PERMISSIONS));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static String encode(Object pemObject) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(pemObject);
        } catch (IOException e) {
            throw new PkiException("cannot PEM-encode " + pemObject.getClass().getSimpleName(), e);
        }
        return out.toString();
    }

    private static void write(Path file, String content, Set<PosixFilePermission> permissions, boolean force)
        throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        FileAttribute<?>[] attrs = posix(dir)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
            : new FileAttribute<?>[0];
        if (!force) {
            // CREATE_NEW makes the existence check and the creation one step: no race with another writer.
            try {
                Files.createFile(file, attrs);
            } catch (FileAlreadyExistsException e) {
                throw new KeyFileExistsException(file);
            }
            try {
                Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return;
        }
        // Replace via a fresh file, so the old mode (perhaps world-readable) never applies to the new key.
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attrs);
        try {
            Files.write(tmp, bytes, StandardOpenOption.TRUNCATE_EXISTING);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean posix(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
