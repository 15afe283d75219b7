package io.quoterelay.bench.real;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileSummaryTest {
    @Test
    void saysWhichThreadHadTheCpuAndWhereItsOwnSamplesFell(@TempDir Path dir) throws IOException {
        Path collapsed = Files.writeString(dir.resolve("sender.collapsed"), String.join("\n",
            "[relay-link-1-1 tid=41];io/netty/channel/epoll/EpollIoHandler.run;epoll_pwait2;do_epoll_wait_[k] 40",
            "[relay-link-1-1 tid=41];io/netty/handler/ssl/SslHandler.wrap;/tmp/libnetty_tcnative_linux_x86_64123.so (deleted) 20",
            "[relay-link-1-1 tid=41];io/netty/handler/ssl/SslHandler.wrap;/tmp/libnetty_tcnative_linux_x86_64123.so (deleted) 10",
            "[relay-link-1-1 tid=41];io/quoterelay/sender/BookTickerParser.parse 20",
            "[relay-link-1-1 tid=41];itable stub 10",
            "[C1 CompilerThread0 tid=12];Compilation::compile;LinearScan::allocate 25",
            ""));

        String line = ProfileSummary.of(collapsed);

        assertTrue(line.startsWith("125 samples; threads relay-link-1-1=80% C1_CompilerThread0=20%;"), line);
        assertTrue(line.contains("relay-link-1-1 self by layer kernel=40% tls=30% quoterelay=20% jvm=10%;"), line);
        assertTrue(line.contains("top frames do_epoll_wait_[k]=40% libnetty_tcnative.so=30%"), line);
    }

    @Test
    void anEmptyProfileSaysSo(@TempDir Path dir) throws IOException {
        assertEquals("no samples", ProfileSummary.of(Files.writeString(dir.resolve("empty.collapsed"), "")));
    }

    @Test
    void framesAreSortedIntoTheirLayers() {
        assertEquals("netty", ProfileSummary.layer("io/netty/handler/ssl/SslHandler.unwrap"));
        assertEquals("jdk", ProfileSummary.layer("java/lang/String.equals"));
        assertEquals("libraries", ProfileSummary.layer("org/msgpack/core/MessageUnpacker.unpackInt"));
        assertEquals("jvm", ProfileSummary.layer("SymbolTable::do_lookup"));
        assertEquals("native", ProfileSummary.layer("__memcpy_avx512_unaligned_erms"));
        assertEquals("?", ProfileSummary.thread("io/netty/channel/epoll/EpollIoHandler.run"));
    }
}
