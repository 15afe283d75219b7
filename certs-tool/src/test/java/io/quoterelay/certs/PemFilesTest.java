package io.quoterelay.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    private static final CertificateAuthority CA = CertificateAuthority.create("quoterelay CA");

    @TempDir
    Path dir;

    @Test
    void writesPkcs8KeyAndCertificateThatReadBackEqual() throws Exception {
        IssuedCertificate server = CA.issueServer("receiver", List.of("127.0.0.1"), List.of("localhost"));
        Path crt = dir.resolve("server.crt");
        Path key = dir.resolve("server.key");

        server.writePem(crt, key, false);

        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(crt).startsWith("-----BEGIN CERTIFICATE-----\n"));
        assertEquals(server.certificate(), Pem.readCertificate(crt));
        assertArrayEquals(server.privateKey().getEncoded(), Pem.readPrivateKey(key).getEncoded());
    }

    @Test
    void keyFilesAreReadWriteForOwnerOnlyAndCertificatesWorldReadable() throws Exception {
        CA.writePem(dir.resolve("ca.crt"), dir.resolve("ca.key"), false);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.crt"))));
    }

    @Test
    void refusesToOverwriteExistingKeyWithoutForceAndLeavesItUnchanged() throws Exception {
        Path crt = dir.resolve("sender.crt");
        Path key = dir.resolve("sender.key");
        Files.writeString(key, "original key", StandardCharsets.US_ASCII);

        KeyFileExistsException e = assertThrows(KeyFileExistsException.class,
            () -> CA.issueClient("sender").writePem(crt, key, false));

        assertEquals(key, e.path());
        assertTrue(e.getMessage().contains(key.toString()) && e.getMessage().contains("--force"), e.getMessage());
        assertEquals("original key", Files.readString(key));
        assertFalse(Files.exists(crt), "nothing written");
    }

    @Test
    void overwritesWithForceAndTightensPermissionsOfTheReplacedKey() throws Exception {
        Path crt = dir.resolve("sender.crt");
        Path key = dir.resolve("sender.key");
        Files.writeString(key, "original key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(crt, "original cert");
        IssuedCertificate fresh = CA.issueClient("sender");

        fresh.writePem(crt, key, true);

        assertArrayEquals(fresh.privateKey().getEncoded(), Pem.readPrivateKey(key).getEncoded());
        assertEquals(fresh.certificate(), Pem.readCertificate(crt));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        try (var leftovers = Files.list(dir)) {
            assertEquals(2, leftovers.count(), "no temporary files left behind");
        }
    }

    @Test
    void readingAFileWithoutPemNamesTheFile() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not pem");

        assertTrue(assertThrows(java.io.IOException.class, () -> Pem.readCertificate(junk)).getMessage().contains(junk.toString()));
        assertTrue(assertThrows(java.io.IOException.class, () -> Pem.readPrivateKey(junk)).getMessage().contains(junk.toString()));
    }
}
