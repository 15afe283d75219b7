package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A missing peer is named with what to install, never a silent gap. */
class PeersTest {
    @TempDir
    Path dir;

    @Test
    void floorWithoutGccSaysToInstallIt() throws IOException {
        Path source = Files.writeString(dir.resolve("relay2hop.c"), "int main(){return 0;}");
        String why = Peers.floorMissing(source, Optional.empty()).orElseThrow();
        assertTrue(why.contains("apt-get install gcc") && why.contains("install-peers.sh"), why);
        assertEquals(Optional.empty(), Peers.floorMissing(source, Optional.of(Path.of("/usr/bin/gcc"))));
    }

    @Test
    void floorWithoutItsSourceNamesThePath() {
        String why = Peers.floorMissing(dir.resolve("nope.c"), Optional.of(Path.of("/usr/bin/gcc"))).orElseThrow();
        assertTrue(why.contains("nope.c") && why.contains("--shared"), why);
    }

    @Test
    void pythonPairWithoutItsScriptsNamesTheFolder() {
        String why = Peers.pythonMissing(Path.of("/usr/bin/python3"), dir).orElseThrow();
        assertTrue(why.startsWith("no sender.py in " + dir), why);
    }

    @Test
    void missingInterpreterSaysWhatToInstall() throws IOException {
        Files.writeString(dir.resolve("sender.py"), "");
        Files.writeString(dir.resolve("receiver.py"), "");
        String why = Peers.pythonMissing(dir.resolve("no-python3"), dir).orElseThrow();
        assertTrue(why.contains("apt-get install python3 python3-msgpack python3-websockets"), why);
    }

    @Test
    void interpreterWithoutTheModulesSaysWhichPackages() throws IOException {
        Files.writeString(dir.resolve("sender.py"), "");
        Files.writeString(dir.resolve("receiver.py"), "");
        // A stand-in interpreter that fails the import probe the way python3 does without python3-msgpack.
        Path fake = Files.writeString(dir.resolve("python3"),
            "#!/bin/sh\necho \"ModuleNotFoundError: No module named 'msgpack'\" >&2\nexit 1\n");
        assertTrue(fake.toFile().setExecutable(true));
        String why = Peers.pythonMissing(fake, dir).orElseThrow();
        assertTrue(why.contains("No module named 'msgpack'") && why.contains("python3-msgpack python3-websockets"), why);
    }
}
