package io.quoterelay.certs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertsToolTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return CertsTool.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void missingIpAndDnsExitsWithUsageErrorNamingTheOptions() {
        Path dir = tmp.resolve("out");

        assertEquals(2, run("--out", dir.toString()));

        String message = err.toString();
        assertTrue(message.contains("--ip") && message.contains("--dns"), message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertFalse(Files.exists(dir), "nothing written");
    }

    @Test
    void withoutOutTheFilesGoToQuoterelayPkiInTheHomeDirectory() throws Exception {
        String home = System.getProperty("user.home");
        System.setProperty("user.home", tmp.toString());
        try {
            assertEquals(0, run("--ip", "10.0.0.5"), err.toString());
        } finally {
            System.setProperty("user.home", home);
        }
        assertTrue(Files.isRegularFile(tmp.resolve("quoterelay-pki/ca.key")), listing(tmp).toString());
    }

    @Test
    void hostNameGivenAsIpIsAUsageError() {
        assertEquals(2, run("--out", tmp.resolve("out").toString(), "--ip", "recv.example.com"));
        assertTrue(err.toString().contains("--dns"), err.toString());
    }

    @Test
    void fullRunWritesAllFilesAndPrintsWhichHostGetsWhich() throws Exception {
        Path dir = tmp.resolve("new/certs");

        assertEquals(0, run("--out", dir.toString(), "--ip", "10.0.0.5", "--dns", "recv.example.com",
            "--client", "sender", "--client", "backup"), err.toString());

        assertEquals(List.of("backup.crt", "backup.key", "ca.crt", "ca.key", "sender.crt", "sender.key", "server.crt", "server.key"),
            listing(dir));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (String key : List.of("ca.key", "server.key", "sender.key", "backup.key")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(key))), key);
        }
        String report = out.toString();
        assertTrue(report.contains("Wrote certificates to " + dir.toAbsolutePath()), report);
        assertTrue(report.matches("(?s).*receiver host \\(Amsterdam\\): +ca\\.crt server\\.crt server\\.key .*"), report);
        assertTrue(report.matches("(?s).*sender host \\(Frankfurt\\): +ca\\.crt sender\\.crt sender\\.key .*"), report);
        assertTrue(report.contains("backup host:"), report);
        assertTrue(report.contains("keep ca.key offline"), report);
        assertTrue(report.contains("IP 10.0.0.5, DNS recv.example.com"), report);

        CertificateAuthority ca = CertificateAuthority.load(dir.resolve("ca.crt"), dir.resolve("ca.key"));
        CertificateAuthorityTest.validate(Pem.readCertificate(dir.resolve("server.crt")), ca.certificate());
        CertificateAuthorityTest.validate(Pem.readCertificate(dir.resolve("backup.crt")), ca.certificate());
    }

    @Test
    void defaultClientIsSender() throws Exception {
        Path dir = tmp.resolve("out");

        assertEquals(0, run("--out", dir.toString(), "--dns", "localhost"));

        assertEquals(List.of("ca.crt", "ca.key", "sender.crt", "sender.key", "server.crt", "server.key"), listing(dir));
    }

    @Test
    void refusesToReplaceAnExistingCaWithoutForceAndWritesNothing() throws Exception {
        Path dir = tmp.resolve("out");
        assertEquals(0, run("--out", dir.toString(), "--ip", "10.0.0.5"));
        byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));
        byte[] serverCert = Files.readAllBytes(dir.resolve("server.crt"));
        err.getBuffer().setLength(0);

        assertEquals(1, run("--out", dir.toString(), "--ip", "10.0.0.6", "--client", "extra"));

        String message = err.toString();
        assertTrue(message.contains(dir.resolve("ca.key").toString()) && message.contains("--force"), message);
        assertEquals(1, message.lines().count(), message);
        assertArrayEquals(caKey, Files.readAllBytes(dir.resolve("ca.key")));
        assertArrayEquals(serverCert, Files.readAllBytes(dir.resolve("server.crt")));
        assertFalse(Files.exists(dir.resolve("extra.key")), "nothing new written");
    }

    @Test
    void forceReplacesTheWholeSet() throws Exception {
        Path dir = tmp.resolve("out");
        assertEquals(0, run("--out", dir.toString(), "--ip", "10.0.0.5"));
        byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));

        assertEquals(0, run("--out", dir.toString(), "--ip", "10.0.0.5", "--force"));

        assertNotEquals(new String(caKey), Files.readString(dir.resolve("ca.key")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("ca.key"))));
    }

    @Test
    void reuseCaIssuesAnotherClientFromTheExistingCa() throws Exception {
        Path dir = tmp.resolve("out");
        assertEquals(0, run("--out", dir.toString(), "--ip", "10.0.0.5"));
        byte[] caKey = Files.readAllBytes(dir.resolve("ca.key"));

        assertEquals(0, run("--out", dir.toString(), "--reuse-ca", "--client", "sender2"), err.toString());

        assertArrayEquals(caKey, Files.readAllBytes(dir.resolve("ca.key")));
        CertificateAuthorityTest.validate(Pem.readCertificate(dir.resolve("sender2.crt")), Pem.readCertificate(dir.resolve("ca.crt")));
    }

    @Test
    void clientNameThatWouldClobberTheCaIsRejected() {
        assertEquals(2, run("--out", tmp.resolve("out").toString(), "--ip", "10.0.0.5", "--client", "ca"));
        assertTrue(err.toString().contains("'ca'"), err.toString());
    }

    private static List<String> listing(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
